"""Spare files: the files of the site a build replaced, written over by the next build.

On the filesystems we build on, making a new file costs several times writing new bytes into
an old one, and more so the more files were deleted before (bench/README.md, "spare files").
A rebuild writes thousands of files, nearly all of them the same as last time. So the
publishing pipeline moves the files of the site it replaces into a spare folder beside
output/ (`keep`), and each file the next build writes starts as one of them, moved into place
(`take`) and then written over from its first byte: the site is what it would be from new
files, only its files' inode numbers differ. A spare is only ever a file no other name links
to, so nothing else can change when one is written over.

The spares are never part of a site: a file appears in the staging folder only when it is
written, and what a build did not write is not there to be published or checked. Pure: no
Pelican; the writers that take spares are `SpareWriter` (Pelican's pages and feeds) and the
search bundle's and the compressed copies' writers.
"""

import contextlib
import os
import random
import stat


class Spares:
    """The spare files in `folder` (made by `keep`), handed out one at a time."""

    def __init__(self, folder):
        self.folder = os.fspath(folder)
        self.names = None  # read at the first take, in an order of this process's own
        self.mode = None

    def take(self, path):
        """Put a spare file at `path` if nothing is there yet, so that opening `path` for
        writing writes over it instead of making a new file; return whether one was put.

        Its permissions become those of a new file (0o666 less the umask). Spares are shared
        by concurrent builds and worker processes: one another took first is skipped.
        """
        if self.names is None:
            self.names = self.list_names()
        while self.names:
            if os.path.lexists(path):
                return False
            spare = os.path.join(self.folder, self.names.pop())
            try:
                os.rename(spare, path)
            except FileNotFoundError:  # taken by another process, or no folder at `path`
                if not os.path.isdir(os.path.dirname(path) or "."):
                    self.names.append(os.path.basename(spare))
                    return False
                continue
            except OSError:
                return False
            try:
                os.chmod(path, self.new_file_mode())
            except OSError:  # not ours to change: make a new file after all
                os.unlink(path)
                continue
            return True
        return False

    def list_names(self):
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        # Each worker process takes from its own end of the pile, so they seldom collide.
        random.Random(os.getpid()).shuffle(names)
        return names

    def new_file_mode(self):
        if self.mode is None:
            umask = os.umask(0o022)
            os.umask(umask)
            self.mode = 0o666 & ~umask
        return self.mode


def keep(site, folder):
    """Move the files of `site` (a replaced site) into the spare folder `folder`, and delete
    every file another name links to; keep the folders of `site`, now empty, in place.

    The spares are then the files of the last site replaced, about what the next build
    writes: those the build before did not take are deleted, so the folder never grows.
    """
    os.makedirs(folder, exist_ok=True)
    before = os.listdir(folder)
    prefix = os.urandom(6).hex()  # names no earlier or concurrent keep uses
    moved = 0
    folders = [os.fspath(site)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif is_spare(entry):
                    os.rename(entry.path, os.path.join(folder, f"{prefix}-{moved}"))
                    moved += 1
                else:
                    os.unlink(entry.path)
    for name in before:
        with contextlib.suppress(OSError):  # taken meanwhile by a concurrent build
            os.unlink(os.path.join(folder, name))


def is_spare(entry):
    """Whether a file may be written over later: a regular file with no other name."""
    try:
        status = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_nlink == 1
