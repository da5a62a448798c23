"""The build record: a build whose inputs are all as the last successful build found them, and
whose output folder is as that build left it, has nothing to do.

The record is one store entry, keyed on the code version (the store adds it) and on every
other input of a build (`build_inputs`). It holds the manifest of the output folder (each
file's path, size, permissions and sha256), what the Pelican run wrote to stderr (the report
of problems), the build's summary figures, and when it expires: at the earliest date of any
content not yet due (a scheduled article then goes out, or loses its "Scheduled" mark), or the
site's next midnight (medical reviews' ages are counted in days), whichever comes first. A
damaged, foreign or expired record is a miss, and so is an output folder that differs from the
manifest in any file. No Pelican here: plugins/speed/__init__.py has the Pelican run name its
content's next date (`note_due`), and publishing/pipeline.py asks, listens and keeps.
"""

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import json
import os
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from publishing.files import current_umask

from .version import current_code_version

KIND = "build"  # of the store's entries
# The shell's own bookkeeping: it changes from one command to the next, and no build reads it.
SHELL_VARIABLES = {"_", "OLDPWD", "SHLVL"}
# Bytecode follows its source file (publishing/bytecode.py checks it by hash).
NOT_INPUTS = {"__pycache__"}


@dataclasses.dataclass(frozen=True)
class Record:
    manifest: dict  # {path relative to the output folder: (size, mode, sha256 hex)}
    report: str  # what the Pelican run wrote to stderr: the problems and their count
    summary: tuple  # (pages, problems, files precompressed), as the pipeline prints them
    built: float  # POSIX times
    expires: float


def file_digest(path):
    """Return the sha256 of a file's bytes, or a mark of why it has none."""
    try:
        with open(path, "rb", buffering=0) as stream:  # whole: most files are small
            return hashlib.sha256(stream.read()).hexdigest()
    except OSError as error:
        return f"unreadable: {error.strerror}"


def tree_digest(folder, times=False):
    """Return the sha256 of the path and bytes (and with `times`, the mtime) of every file
    under `folder`, links followed as Pelican follows them; a missing folder has the digest of
    its name alone."""
    digest = hashlib.sha256(str(folder).encode("utf-8", "surrogateescape"))
    for root, folders, files in os.walk(folder, followlinks=True):
        folders[:] = sorted(name for name in folders if name not in NOT_INPUTS)
        for name in sorted(files):
            path = os.path.join(root, name)
            line = f"\0{os.path.relpath(path, folder)}\0{file_digest(path)}"
            if times:
                with contextlib.suppress(OSError):  # a broken link: its digest says so
                    line += f"\0{os.stat(path).st_mtime_ns}"
            digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def build_inputs(settings, settings_file, content, options, files=()):
    """Return, as key parts, all that a build depends on besides the code version.

    `content`: the content folder built; `options`: the build's own arguments; `files`: other
    files the caller reads. Folders and files count by their bytes, and never by their times
    but where Pelican dates content by them (DEFAULT_DATE = "fs").
    """
    from plugins.theme_support.index_reuse import CONFIGURATION_FILES  # Pagefind's

    here = Path(settings_file).resolve().parent  # where Pelican runs, and Pagefind
    folders = [content, settings["THEME"], *settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    folders += settings.get("PLUGIN_PATHS", [])
    files = [Path(settings_file).resolve(), *files, *CONFIGURATION_FILES, *editor_files(settings)]
    binary = os.environ.get("PAGEFIND_BINARY_PATH")
    if binary:  # a bare name is looked for on PATH, as starting it does
        files.append(binary if os.sep in binary else shutil.which(binary) or binary)
    environment = sorted((k, v) for k, v in os.environ.items() if k not in SHELL_VARIABLES)
    by_time = settings.get("DEFAULT_DATE") == "fs"
    process = (os.getcwd(), sys.executable, current_umask(), time.tzname, time.timezone)
    return (
        tuple(map(str, options)),
        tuple(environment),
        tuple(map(str, process)),
        tuple((str(here / f), tree_digest(here / f, f == content and by_time)) for f in folders),
        tuple((str(here / f), file_digest(here / f)) for f in files),
    )


def editor_files(settings):
    """Return the files of Decap CMS that plugins/editor copies into the site, if it is on."""
    if not any(str(name).rpartition(".")[2] == "editor" for name in settings["PLUGINS"]):
        return []
    from plugins.editor.page import bundle_files
    from plugins.editor.settings import plugin_settings
    from plugins.editor.wiring import MissingBundle, bundle_folder

    try:
        folder = bundle_folder(plugin_settings(settings))
    except MissingBundle:  # the build says so; the record's key has the file missing
        return [Path(plugin_settings(settings)["EDITOR_BUNDLE"]) / "decap-cms.js"]
    return [folder / name for name in bundle_files(folder)]


def manifest_of(folder):
    """Return {relative path: (size, mode, sha256)} of the files under `folder`, or None if it
    holds anything but folders and regular files (a link, say), or is no folder."""
    if Path(folder).is_symlink() or not Path(folder).is_dir():
        return None
    manifest, folders, start = {}, [str(folder)], len(os.path.join(folder, ""))
    while folders:
        with os.scandir(folders.pop()) as entries:  # os.walk would stat every file twice
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif not entry.is_file(follow_symlinks=False):
                    return None
                else:
                    status = entry.stat(follow_symlinks=False)
                    mode, digest = stat.S_IMODE(status.st_mode), file_digest(entry.path)
                    manifest[entry.path[start:]] = (status.st_size, mode, digest)
    return manifest


def next_midnight(moment, zone):
    """Return the POSIX time of the first midnight after `moment` in the time zone `zone`."""
    day = datetime.datetime.fromtimestamp(moment, zone).date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(), zone).timestamp()


def earliest_date_after(generators, moment):
    """Return the earliest date after `moment` (a POSIX time) of any content the generators
    hold, published, draft or hidden; None if there is none."""
    dates = [
        content.date.timestamp()
        for generator in generators
        for held in vars(generator).values()
        if isinstance(held, list)
        for content in held
        if isinstance(getattr(content, "date", None), datetime.datetime)
    ]
    return min((date for date in dates if date > moment), default=None)


class RunLog:
    """Stands for sys.stderr while a build runs. Writes go through; what a forked Pelican run
    writes, and the date it names for the next change of its output (`note_due`), are also
    kept in a file. A run in a new interpreter writes past it, and names no date."""

    def __init__(self, stream):
        self.stream, self.parent, self.started = stream, os.getpid(), time.time()
        # Closed by close(); a forked run shares its offset.
        self.file = tempfile.TemporaryFile()  # noqa: SIM115
        self.heard = None

    def write(self, text):
        if os.getpid() != self.parent:
            self.append({"text": text})
        return self.stream.write(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def note_due(self, due):
        """Say (in the run) when its output changes by itself: a POSIX time, or None."""
        self.append({"due": due})

    def append(self, message):
        os.write(self.file.fileno(), (json.dumps(message) + "\n").encode())

    def __getattr__(self, name):  # isatty, fileno, flush, encoding...: the stream's own
        return getattr(self.stream, name)

    def close(self):
        """Keep (what the run wrote, the date it named) in `heard`, if it named one."""
        self.file.seek(0)
        try:
            messages = [json.loads(line) for line in self.file.read().splitlines()]
        except ValueError:  # cut by a crashed writer: nothing to go by
            messages = []
        finally:
            self.file.close()
        dates = [message["due"] for message in messages if "due" in message]
        if dates:
            text = "".join(message["text"] for message in messages if "text" in message)
            self.heard = text, min(filter(None, dates), default=None)


class BuildRecord:
    """The record of the last successful build of the same inputs into `output`."""

    def __init__(self, store, settings, settings_file, output, content, options, files=()):
        self.store, self.output = store, Path(output)
        self.settings = settings
        self.zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
        self.inputs = functools.partial(
            build_inputs, settings, settings_file, content, (*options, output), files
        )
        self.key = store.key(KIND, self.inputs())

    def kept(self):
        """Return the record if nothing changed since it was made, else None."""
        record = self.store.get_object(KIND, self.key)
        if record is None:
            return None
        if not isinstance(record, Record):
            self.store.discard(self.store.path(KIND, self.key), "not a build record")
            return None
        if not record.built <= time.time() < record.expires:
            return None
        return record if manifest_of(self.output) == record.manifest else None

    @contextlib.contextmanager
    def listening(self):
        """Make sys.stderr a RunLog for the block; yield it."""
        log = sys.stderr = RunLog(sys.stderr)
        try:
            yield log
        finally:
            sys.stderr = log.stream
            log.close()

    def keep(self, log, summary):
        """Record the build just done, if its run was heard and no input changed meanwhile."""
        if log.heard is None or current_code_version(self.settings) != self.store.version:
            return
        manifest = manifest_of(self.output)
        if manifest is None or self.store.key(KIND, self.inputs()) != self.key:
            return
        report, due = log.heard
        expires = next_midnight(log.started, self.zone)
        expires = expires if due is None else min(expires, due)
        record = Record(manifest, report, tuple(summary), log.started, expires)
        self.store.put_object(KIND, self.key, record)
