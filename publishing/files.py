"""Writing a file in one step: readers see the old file or the new one, never half of it."""

import os
from pathlib import Path

TEMPORARY_PREFIX = ".new-"  # a file being written; one older than a build is a dead build's


def current_umask():
    """Return the process's umask (only readable by setting it): it makes the files' modes."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def files_under(folder):
    """Yield the os.DirEntry of every file (and link) under `folder`, not following links."""
    folders = [os.fspath(folder)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                else:
                    yield entry


def atomic_write(path, data, mode=0o666):
    """Write `data` to `path` in one step: readers see the old file or the new, never half.

    `mode`: the permission bits of the new file, less the umask, as open() gives them.
    """
    path = Path(path)
    while True:
        temporary = path.parent / f"{TEMPORARY_PREFIX}{os.urandom(8).hex()}"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            break
        except FileExistsError:  # another writer's name: draw again
            continue
        except FileNotFoundError:  # the first file of its folder
            path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
