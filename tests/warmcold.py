"""Warm builds against cold builds: a project copy built again and again, keeping cache/ and
output/, compared file by file with a fresh copy of the same sources built from nothing.

Nothing here knows how the project caches: a warm build is `invoke preview` run again in the
same folder, a cold one is `invoke preview` in a copy without cache/, output/ or bytecode, as
a CI runner whose cache has expired builds. Equal output, file for file and byte for byte, is
the only thing asked of the caches.
"""

import gzip
import hashlib
import io
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path

import brotli
from PIL import Image, ImageOps

from tests.projectcopy import copy_project, invoke, link_node_modules, snapshot

BUILD = ("preview",)  # publish settings, strict, minified, precompressed, Pagefind: as CI does
# What a cold copy leaves out: what builds keep (at the top), and Python's bytecode anywhere.
KEPT_BY_BUILDS = {"cache", "output", ".output.skeleton", "node_modules"}  # node_modules: linked
KEPT_PREFIXES = (".output.", ".check-")
DECOMPRESS = {".gz": gzip.decompress, ".br": brotli.decompress}
SAME_DECOMPRESSED = " (same once decompressed)"
CONTEXT = 60  # characters shown on each side of the first difference


def sources_of(project):
    """Yield (relative path, file) of the project's sources: what a fresh checkout holds."""
    for folder, folders, files in os.walk(project):
        here = Path(folder)
        if here == project:
            folders[:] = [
                name
                for name in folders
                if name not in KEPT_BY_BUILDS and not name.startswith(KEPT_PREFIXES)
            ]
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            yield (here / name).relative_to(project).as_posix(), here / name


def sources_digest(project):
    """Return a digest of the project's sources (names and bytes; not times, not builds)."""
    digest = hashlib.sha256()
    for name, file in sources_of(project):
        digest.update(f"{name}\0{hashlib.sha256(file.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()


def fresh_copy(project, destination):
    """Copy the project's sources (no cache/, output/ or __pycache__) into `destination`."""
    for name, file in sources_of(project):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, target)
    link_node_modules(destination)  # installed, not a source: the web editor's files
    return destination


def build(project):
    """Build the project as CI does; return the finished process."""
    return invoke(project, *BUILD)


def log_of(result):
    return result.stdout + result.stderr


class ColdBuilds:
    """Cold builds of project states, made once per state (the same sources, the same site)."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.outputs = {}  # digest of the sources -> the output/ a cold build made of them
        self.lock = threading.Lock()

    def output_for(self, project):
        """Return the output/ of a cold build of `project`'s sources as they are now."""
        key = sources_digest(project)
        with self.lock:
            if key not in self.outputs:
                copy = fresh_copy(project, Path(tempfile.mkdtemp(dir=self.folder)))
                result = build(copy)
                assert result.returncode == 0, (
                    f"the cold build of {project}'s sources failed:\n{log_of(result)}"
                )
                self.outputs[key] = copy / "output"
            return self.outputs[key]


class WarmProject:
    """A throwaway project copy (fixture content) built again and again in the same folder."""

    def __init__(self, root, cold_builds):
        """Copy the project to `root` and build it once, warm and (once per state) cold."""
        self.root = copy_project(root)
        self.cold_builds = cold_builds
        self.last_cold = None
        self.log = ""
        found = self.differences_from_cold()
        assert not found, "the first build differs from a cold one:\n" + "\n".join(found)
        self.last_cold = self.cold

    def build(self):
        """Build warm; return the finished process (its log in `self.log`)."""
        result = build(self.root)
        self.log = log_of(result)
        return result

    def differences_from_cold(self):
        """Build warm and cold (at once: two processes); return how the warm output differs."""
        cold = {}

        def build_cold():
            try:
                cold["output"] = self.cold_builds.output_for(self.root)
            except AssertionError as error:
                cold["error"] = error

        thread = threading.Thread(target=build_cold)
        thread.start()
        try:
            warm = self.build()
        finally:
            thread.join()
        if "error" in cold:
            raise cold["error"]
        self.cold = cold["output"]
        if warm.returncode != 0:
            return [f"the warm build failed (exit {warm.returncode}):\n{self.log}"]
        return differences(self.root / "output", cold["output"])

    def mismatch(self, step, changes_site=True, start_again=True):
        """Build warm and cold; return what is wrong after `step`, or None if nothing is.

        `changes_site`: the edit must change the cold build's output, else the step
        compares nothing new (an edit the site does not show). `start_again`: after a
        mismatch, start the warm project again from nothing (see start_again).
        """
        before = self.last_cold
        found = self.differences_from_cold()
        if changes_site and not differences(self.cold, before):
            found.append("the cold build is the same as before the edit: this step tests nothing")
        self.last_cold = self.cold
        if not found:
            return None
        if start_again:
            self.start_again()
        return f"after {step}: the warm build differs from a cold build\n" + "\n".join(found)

    def assert_equals_cold(self, step, changes_site=True):
        """Build warm and cold; fail naming the step and the files that differ."""
        problem = self.mismatch(step, changes_site)
        assert problem is None, problem

    def start_again(self):
        """Delete what builds keep, as a writer does after a stale build, and build once.

        So a stale step leaves nothing stale behind it, and the next step's differences are
        its own.
        """
        for path in list(self.kept_by_builds()):
            if path.is_symlink():  # node_modules, the project's own: the builds read it
                continue
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        result = self.build()
        assert result.returncode == 0, f"a build from nothing failed:\n{self.log}"

    def kept_by_builds(self):
        """Yield what is in the project besides its sources: what builds made."""
        for path in self.root.iterdir():
            if path.name in KEPT_BY_BUILDS or path.name.startswith(KEPT_PREFIXES):
                yield path
        yield from self.root.rglob("__pycache__")

    def compile_bytecode(self):
        """Leave compiled copies of the project's modules beside them, as Python does.

        Invoke writes none, but every other Python command run in a checkout does (the live
        preview, Pelican run alone, the tests), and Python then reads them while the source
        file has the same size and modification second.
        """
        result = subprocess.run(
            [sys.executable, "-m", "compileall", "-q", "-x", r"/tests/", str(self.root)],
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def path(self, name):
        return self.root / name

    def edit(self, name, old, new):
        """Replace the first `old` in a project file by `new`; fail if `old` is not there."""
        file = self.path(name)
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    def append(self, name, text):
        with self.path(name).open("a", encoding="utf-8") as file:
            file.write(text)

    def write(self, name, text):
        self.path(name).parent.mkdir(parents=True, exist_ok=True)
        self.path(name).write_text(text, encoding="utf-8")


# Comparing two output trees ---------------------------------------------------------------


def differences(warm, cold):
    """Return a line for each way the warm tree differs from the cold one, none if equal.

    Every file is compared byte for byte; a .gz or .br copy also decompressed, to tell
    bytes compressed otherwise from a stale page. The first difference is shown.
    """
    warm_files, cold_files = snapshot(warm), snapshot(cold)
    found = []
    only_warm = sorted(warm_files.keys() - cold_files.keys())
    only_cold = sorted(cold_files.keys() - warm_files.keys())
    if only_warm:
        found.append(f"only in the warm build: {listed(only_warm)}")
    if only_cold:
        found.append(f"only in the cold build: {listed(only_cold)}")
    differing = []
    first = None
    for name in sorted(warm_files.keys() & cold_files.keys()):
        ours, theirs = warm_files[name], cold_files[name]
        if ours == theirs:
            continue
        note = ""
        decompress = DECOMPRESS.get(Path(name).suffix)
        if decompress:
            ours, theirs, note = decompressed(decompress, ours, theirs)
        differing.append(f"{name}{note}")
        if first is None or (not first[1] and ours != theirs):
            account = first_difference(name, ours, theirs, bool(decompress))
            first = (name, ours != theirs, account)
    if differing:
        # Stale pages first; copies only compressed otherwise last.
        differing.sort(key=lambda name: name.endswith(SAME_DECOMPRESSED))
        found.append(f"{len(differing)} of {len(cold_files)} files differ: {listed(differing)}")
        found.append(first[2])
    return found


def listed(names, most=12):
    """Return the names, comma-separated; past `most` of them, how many more."""
    more = f", and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def decompressed(decompress, ours, theirs):
    """Return both copies decompressed and a note on how they differ."""
    try:
        ours = decompress(ours)
    except Exception as error:
        return ours, theirs, f" (the warm copy does not decompress: {error})"
    theirs = decompress(theirs)
    same = ours == theirs
    return ours, theirs, SAME_DECOMPRESSED if same else " (differs decompressed too)"


def first_difference(name, ours, theirs, decompressed=False):
    """Return a short account of where two files' bytes first differ, with some context."""
    if ours == theirs:
        return f"first difference: {name}, the same once decompressed: compressed otherwise"
    if decompressed:
        name += " (decompressed)"
    at = common_length(ours, theirs)
    # Where the files agree again, from their ends.
    tail = common_length(ours[at:][::-1], theirs[at:][::-1])
    text = is_text(ours) and is_text(theirs)

    def excerpt(data):
        if not text:
            return data[at : at + 24].hex(" ")
        end = min(len(data) - tail, at + 3 * CONTEXT) + CONTEXT
        return repr(data[max(0, at - CONTEXT) : end].decode("utf-8", "replace"))

    return (
        f"first difference: {name} at byte {at} (warm {len(ours)} bytes, cold {len(theirs)}):\n"
        f"  warm: {excerpt(ours)}\n  cold: {excerpt(theirs)}"
    )


def is_text(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def common_length(first, second):
    """Return how many bytes two byte strings share at their start."""
    return next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )


# Edits that keep a file's size, and its time ---------------------------------------------


@contextmanager
def old_mtime(file):
    """Give `file` back its modification time once the block has changed it (as cp -p does)."""
    before = Path(file).stat()
    yield
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))


def replace_same_size(file, old, new):
    """Replace every `old` in a file by `new`, of the same length: the file keeps its size."""
    old, new = old.encode(), new.encode()
    assert len(old) == len(new), f"{old!r} and {new!r} differ in length"
    data = Path(file).read_bytes()
    assert old in data, f"{old!r} not in {file}"
    Path(file).write_bytes(data.replace(old, new))


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def other_png_of_same_size(png):
    """Return another picture as a PNG of the same width, height and byte count as `png`."""
    with Image.open(io.BytesIO(png)) as image:
        other = ImageOps.invert(image.convert("RGB")).convert(image.mode)
    for colours in (256, 64, 16, 4, 2):
        buffer = io.BytesIO()
        other.quantize(colours).convert(other.mode).save(buffer, "PNG", optimize=True)
        smaller = buffer.getvalue()
        # A text chunk holds at least a one-letter keyword and its NUL, in 12 bytes of frame.
        if len(png) - len(smaller) >= 14:
            break
    else:
        raise AssertionError("no smaller PNG of that picture to pad to its size")
    end_of_header = 8 + 25  # the signature, then IHDR
    padding = b"k\0" + b" " * (len(png) - len(smaller) - 14)
    result = smaller[:end_of_header] + png_chunk(b"tEXt", padding) + smaller[end_of_header:]
    assert len(result) == len(png)
    return result


# Damage done to files in place, as a disk, a crash or another tool could ----------------


def files_under(folder):
    """Return every regular file under `folder`, in a stable order."""
    paths = Path(folder).rglob("*")
    return sorted(path for path in paths if path.is_file() and not path.is_symlink())


def overwrite(file, data):
    """Write `data` over a file in place: every other name of the file sees it too."""
    with open(file, "r+b") as stream:
        stream.write(data)
        stream.truncate()


def write_garbage(files):
    """Overwrite each file with random bytes, as many as it held (at least 64)."""
    for file in files:
        size = max(64, file.stat().st_size)
        overwrite(file, random.Random(file.name).randbytes(size))


def truncate_to_half(files):
    """Cut each file to half its length, as a write stopped halfway leaves it."""
    for file in files:
        with open(file, "r+b") as stream:
            stream.truncate(file.stat().st_size // 2)


def flip_one_byte(files):
    """Invert the bits of the middle byte of each file (an empty one gets one byte)."""
    for file in files:
        data = bytearray(file.read_bytes() or b"\0")
        data[len(data) // 2] ^= 0xFF
        overwrite(file, bytes(data))


def swap_entries(files):
    """Give each file the bytes of the next file: entries under foreign names.

    Across folders: most of the store's folders hold one entry (its key's first two hex
    digits), and within them a file would get its own bytes back, undamaged, as the build
    record did whenever its folder held no other entry.
    """
    files = sorted(files)
    assert len(files) > 1, "nothing to swap with"
    contents = [file.read_bytes() for file in files]
    for file, data in zip(files, contents[1:] + contents[:1], strict=True):
        overwrite(file, data)


def append_to_each(files, data):
    """Append `data` to each file in place, as an editor or a stray tool would."""
    for file in files:
        with open(file, "ab") as stream:
            stream.write(data)


def warnings_added(before, after):
    """Return the lines of log `after` that mention a warning and log `before` does not have."""
    known = set(before.splitlines())
    return [line for line in after.splitlines() if "warning" in line.lower() and line not in known]
