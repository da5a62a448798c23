"""The speed layer: what builds keep for later builds, in one verified store (store.py).

Optional: the site builds byte for byte the same without it, only slower. Every cache is used
the same way: `store = open_store(settings)` (None when this plugin is off), then
`key = store.key(*what_the_result_depends_on)` (content, never times; the code version is
added), `store.get(kind, key)` or `get_object`, and on a miss compute and `put`/`put_object`.
Small results of many inputs go in one KeptTable (table.py). A stored file reaches the site
only as a copy (`copy_to`). Entries live in CACHE_PATH/<kind>/<2 hex>/<key>. The coarsest
entry is the build record (record.py): a build with nothing changed does nothing.
"""

import sys
from pathlib import Path

from .record import earliest_date_after
from .settings import setting
from .spares import Spares
from .store import Store
from .urls import settle_urls
from .version import code_version, current_code_version

# A file's time is the kernel's coarse clock, which may be a tick behind time.time().
CLOCK_LAG_SECONDS = 1


def enabled(settings):
    """Whether the settings' PLUGINS include this plugin."""
    return any(str(name).rpartition(".")[2] == "speed" for name in settings.get("PLUGINS") or [])


def open_store(settings, folder=None):
    """Return the store kept in `folder` (default: CACHE_PATH), or None if the plugin is off."""
    if not enabled(settings):
        return None
    folder = Path(settings["CACHE_PATH"] if folder is None else folder)
    return Store(folder, code_version(settings), setting(settings, "SPEED_CACHE_MAX_BYTES"))


def forget_if_code_changed(store, settings, since):
    """After a build begun at `since` (time.time()): if the project's code changed while it ran,
    remove what the build kept, and return True.

    Each process hashes the code once it has imported it, so an edit in between would keep the
    old code's work under the new code's keys: the next build would take it as current. The
    store's version was hashed by the pipeline before Pelican's process imported the plugins.
    """
    if current_code_version(settings) == store.version:
        return False
    store.forget_since(since - CLOCK_LAG_SECONDS)
    return True


def prune_store(pelican):
    """Bound the store's size once the build is done."""
    store = open_store(pelican.settings)
    if store:
        store.prune()


def speed_up_plugins(pelican):
    """At the start of each run, give the plugins memos kept in the store (clinic.py)."""
    from .clinic import speed_up_clinic

    store = open_store(pelican.settings)
    if store:
        speed_up_clinic(pelican, store)


def spare_files(settings):
    """Return the spare files (spares.py) the pipeline named for this build, or None."""
    folder = enabled(settings) and setting(settings, "SPEED_SPARE_FILES")
    return Spares(folder, settings["OUTPUT_PATH"]) if folder else None


def spare_writer(pelican):
    """Pelican's writer writing over spare files, when the pipeline names their folder."""
    if spare_files(pelican.settings):
        from .writer import SpareWriter

        return SpareWriter
    return None


def name_next_change(generators):
    """Tell the pipeline's build record (record.py), if it listens on stderr, the first moment
    after the build began when the site changes by itself: a scheduled article's date."""
    note_due = getattr(sys.stderr, "note_due", None)  # by name: Pelican imports us as `speed`
    if note_due:
        note_due(earliest_date_after(generators, sys.stderr.started))


def register():
    from pelican import signals  # here: the store and the publishing steps need no Pelican

    # get_generators: sent at the start of every run, once the plugins' objects exist.
    signals.get_generators.connect(speed_up_plugins)
    signals.all_generators_finalized.connect(settle_urls)
    signals.all_generators_finalized.connect(name_next_change)
    signals.get_writer.connect(spare_writer)
    signals.finalized.connect(prune_store)
