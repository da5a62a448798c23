"""A damaged cache never reaches the site: the next publish build equals a cold one, file by
file, with a warning and no traceback; and an edit of output/ never survives a build.

The fixture site is built through the real publishing pipeline (publish settings: minified,
precompressed, indexed), with the speed plugin's store in a folder of its own. Each test leaves
the store whole again (the build it makes rewrites what it found damaged), so one cold build
serves the module.
"""

import os
import pickle
import shutil
import subprocess
import sys

import pytest

from plugins.speed.store import Store
from tests.projectcopy import snapshot
from tests.sitebuild import FIXTURE_CONTENT, ROOT

# Every kind of entry a publish build keeps: the pipeline's, and the clinic plugin's memos
# (plugins/speed/memos.py: rendered Markdown, FAQ files, renditions, the built pages' checks).
KINDS = ["finished", "search-index"]
KINDS += ["markdown", "faq", "rendition", "checks"]
SETTINGS = f"""\
import sys
sys.path.insert(0, {str(ROOT)!r})
from publishconf import *
PATH = {str(FIXTURE_CONTENT)!r}
THEME = {str(ROOT / "theme")!r}
PLUGIN_PATHS = [{str(ROOT / "plugins")!r}]
CACHE_PATH = "cache"
"""
WARNING = "were ignored, removed and built again"
PUBLISH = """\
import sys
from publishing.pipeline import build_site
build_site(sys.argv[1], sys.argv[2], strict=True, precompress=True)
"""


class Publisher:
    """The fixture site, published into `output` with its store in `cache`."""

    def __init__(self, folder):
        self.folder, self.output, self.cache = folder, folder / "output", folder / "cache"
        (folder / "settings.py").write_text(SETTINGS)

    def build(self):
        """Publish the site in a process of its own, as a writer would; return its log.

        Always a real build: with nothing changed, the build record (plugins/speed/record.py,
        tests/test_build_record.py) would leave output/ as it is and read no other entry.
        """
        shutil.rmtree(self.cache / "build", ignore_errors=True)
        result = subprocess.run(
            [sys.executable, "-c", PUBLISH, str(self.folder / "settings.py"), str(self.output)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "COLUMNS": "400"},  # no message wrapped
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return " ".join((result.stdout + result.stderr).split())

    def entries(self, kind):
        return sorted((self.cache / kind).glob("??/*"))


@pytest.fixture(scope="module")
def publisher(tmp_path_factory):
    """The publisher, and the site its first (cold) build published."""
    publisher = Publisher(tmp_path_factory.mktemp("published"))
    publisher.build()
    return publisher, snapshot(publisher.output)


def test_every_kind_of_entry_is_kept_by_a_publish_build(publisher):
    publisher, _ = publisher
    assert all(publisher.entries(kind) for kind in KINDS)


def test_a_warm_build_publishes_what_the_cold_build_did(publisher):
    publisher, cold = publisher
    log = publisher.build()
    assert snapshot(publisher.output) == cold
    assert WARNING not in log


def truncated(entry, _others):
    return entry[: len(entry) * 2 // 3]


def garbage(_entry, _others):
    return b"\x00\xffnot an entry\n" * 20


def byte_flipped(entry, _others):
    flipped = bytearray(entry)
    flipped[-1] ^= 0x20  # in the payload: a published byte, if it were published
    return bytes(flipped)


def header_only(entry, _others):
    return entry[: entry.index(b"\n") + 1]


def foreign(entry, others):
    """Another entry of the same kind, copied over this one: well formed, the wrong key."""
    return next((other for other in others if other != entry), garbage(entry, others))


def forged(entry, _others):
    """A well-formed entry under this key, whose payload is the wrong type of object."""
    header, _, _ = entry.partition(b"\n")
    _format, kind, key, _digest = header.decode().split()
    payload = pickle.dumps(["not", "what", "this", "kind", "holds"])
    return Store("unused", "any").header(kind, key, payload) + payload


DAMAGES = [truncated, garbage, byte_flipped, header_only, foreign]


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda damage: damage.__name__)
def test_damaged_entries_of_every_kind_are_rebuilt_with_a_warning_never_published(
    publisher, damage
):
    publisher, cold = publisher
    for kind in KINDS:
        entries = publisher.entries(kind)
        contents = [entry.read_bytes() for entry in entries]
        for entry, content in zip(entries, contents, strict=True):
            entry.write_bytes(damage(content, contents))
    log = publisher.build()
    assert snapshot(publisher.output) == cold
    assert "Traceback" not in log
    # Once by each process that found damage: the pipeline's, and Pelican's (each plugin).
    assert log.count(WARNING) >= 2
    assert log.count(WARNING) == log.count(f"warning: cache entries in {publisher.cache} that were")
    store = Store(publisher.cache, "any")  # the key is in each entry's name
    for kind in KINDS:  # and the store holds good entries again, each of them read this build
        assert all(store.get(kind, entry.name) is not None for entry in publisher.entries(kind))


@pytest.mark.parametrize("kind", ["finished", "search-index", "markdown", "faq", "checks"])
def test_a_well_formed_entry_holding_the_wrong_object_is_a_miss(publisher, kind):
    publisher, cold = publisher
    for entry in publisher.entries(kind):
        entry.write_bytes(forged(entry.read_bytes(), []))
    log = publisher.build()
    assert snapshot(publisher.output) == cold
    assert "Traceback" not in log


def test_an_edit_of_the_published_site_does_not_survive_the_next_build(publisher):
    publisher, cold = publisher
    edited = [
        name
        for name in cold
        if name.endswith((".html", ".html.br", ".html.gz", "pagefind-entry.json"))
    ]
    for name in edited:
        assert (publisher.output / name).stat().st_nlink == 1, name
        (publisher.output / name).write_bytes(b"edited in output/")
    publisher.build()
    assert snapshot(publisher.output) == cold


def test_without_the_speed_plugin_the_same_site_is_published(publisher, tmp_path):
    publisher, cold = publisher
    without = Publisher(tmp_path)
    settings = without.folder / "settings.py"
    settings.write_text(settings.read_text() + 'PLUGINS = [p for p in PLUGINS if p != "speed"]\n')
    without.build()
    assert snapshot(without.output) == cold
    assert not (without.cache / "finished").exists()
