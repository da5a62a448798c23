"""Whether the code a long-lived process imported is still what is on disk.

The warm builder imports Pelican, the pipeline, the plugins and their libraries once; a build
forked from it runs that code as it was imported. A later change to one of those files, or a
module or installed package added to or removed from a folder they came from or one on
sys.path (the clinic plugin's cache key lists both), makes the process stale: it must be
started again before it builds.
"""

import contextlib
import hashlib
import importlib.util
import os

# File times come from the kernel's coarse clock, a few milliseconds behind time.time_ns().
CLOCK_SLACK_NS = 100_000_000
UNKNOWN = None  # a file changed while the process started: what it imported is unknown
# What in a folder can change what Python imports: modules and installed packages' metadata.
# Other entries (output/, staging folders, caches) change at every build and are left out.
IMPORTABLE_SUFFIXES = (".py", ".pyc", ".so", ".pth", ".dist-info", ".egg-info", ".egg-link")


def module_files(modules):
    """Return the absolute paths of the files the given modules were loaded from."""
    files = set()
    for module in list(modules):
        path = getattr(module, "__file__", None)
        if isinstance(path, str):
            files.add(os.path.abspath(path))
    return files


def watched_paths(files, import_folders=()):
    """Return the files, the folders that hold them, and the given folders (sys.path's)."""
    folders = {os.path.dirname(path) for path in files}
    folders |= {os.path.abspath(folder or ".") for folder in import_folders}
    return sorted(set(files) | {folder for folder in folders if os.path.isdir(folder)})


def state(path):
    """Return what tells one version of a file or folder from another, or None if it is gone.

    A folder: the digest of the names in it that Python can import. A file: its times, size
    and inode (see unchanged()), then the digest of its bytes, which decides.
    """
    try:
        if os.path.isdir(path):
            names = sorted(n for n in os.listdir(path) if n.endswith(IMPORTABLE_SUFFIXES))
            return hashlib.sha256("\0".join(names).encode(errors="surrogateescape")).hexdigest()
        stat = os.stat(path)
        with open(path, "rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None
    return [*written_marks(stat), digest]


def written_marks(stat):
    """Return what the kernel changes on every write of a file: its mtime, size, ctime, inode."""
    return [stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino]


def unchanged(path, known):
    """Tell whether a file or folder still has the state `known`, as far as what it holds.

    Its bytes decide, not its mtime and size: an edit of the same size whose old mtime was put
    back (cp -p, rsync -a, tar do) is a change. A file the kernel has not written since (the
    same ctime and inode; ctime cannot be set back) is not read again: a build is not to hash
    all the code it imported.
    """
    if not isinstance(known, list):  # a folder, or UNKNOWN
        return known is not UNKNOWN and state(path) == known
    try:
        if written_marks(os.stat(path)) == known[:-1]:
            return True
    except OSError:
        return False
    current = state(path)
    return isinstance(current, list) and current[-1] == known[-1]


def snapshot(paths):
    """Return {path: state}; paths that are neither files nor folders (in a zip) are left out."""
    states = {path: state(path) for path in paths}
    return {path: known for path, known in states.items() if known is not None}


def distrust_recent(states, started_ns):
    """Return the snapshot of a process started at `started_ns`, as far as it can be trusted.

    A file changed at or after the start may have been read before its change or after it,
    so its state becomes UNKNOWN, which no later state matches.
    """
    limit = started_ns - CLOCK_SLACK_NS
    return {
        path: UNKNOWN if isinstance(known, list) and known[0] >= limit else known
        for path, known in states.items()
    }


def changed_paths(states):
    """Return the paths whose state differs from the snapshot's, in order."""
    return [path for path, known in states.items() if not unchanged(path, known)]


def drop_bytecode(paths):
    """Remove the compiled copies of the given modules' sources.

    Python trusts a compiled copy whose source has the same size and the same second as its
    mtime, so an edit that keeps the size within a second would otherwise run the old code.
    """
    for path in paths:
        if path.endswith(".py"):
            with contextlib.suppress(OSError, ValueError):
                os.remove(importlib.util.cache_from_source(path))
