"""Spare files: the files of the site a build replaced, written over by the next build.

On the filesystems we build on, making a new file, or emptying an old one, costs many times
writing new bytes over old ones (bench/README.md, "spare files"): both free and allocate disk
blocks, and wait for any of them the kernel is still writing to disk. A rebuild writes
thousands of files, nearly all as they were. So the publishing pipeline moves the files of
the site it replaces into a spare folder beside output/ (`keep`), each under a name made from
its path in the site; the next build moves a file's spare back into place just before writing
that file (`take`), writes the new bytes over the old ones from the first, and cuts what is
left beyond them. The site's bytes and modes are what new files would have (a written-over file
keeps its old inode, owner and extended attributes).

A spare enters a site only when a file is written over it, so nothing a build did not write
can be published or checked. A file another name links to (a static file Pelican hard-linked
from the content) is never a spare: writing over it would change the other name's too. Pure:
no Pelican; the writers that use spares are `SpareWriter` (Pelican's pages and feeds) and the
search bundle's and the compressed copies' writers.
"""

import contextlib
import hashlib
import io
import os
import re
import stat

from publishing.files import current_umask, files_under

SPARE_NAME = re.compile(r"[0-9a-f]{40}")


def spare_name(relative):
    """Return the name in the spare folder of the file at `relative` in its site."""
    return hashlib.sha1(os.fsencode(relative)).hexdigest()


class Spares:
    """The spare files in `folder` (made by `keep`), for the files of the site in `site`."""

    def __init__(self, folder, site):
        self.folder, self.site = os.fspath(folder), os.fspath(site)
        self.mode = None

    def take(self, path):
        """Move the spare of the file at `path` into place if nothing is there yet; return
        whether one was moved, writable by its owner (the writer then gives it a new file's
        mode). A spare another build or worker took first is no spare here."""
        if os.path.lexists(path) or os.path.islink(self.folder):
            return False
        relative = os.path.relpath(path, self.site)
        try:
            os.rename(os.path.join(self.folder, spare_name(relative)), path)
        except OSError:  # none, or taken by another process, or no folder at `path`
            return False
        try:
            os.chmod(path, 0o600)
        except OSError:  # not ours to change: a new file after all
            os.unlink(path)
            return False
        return True

    def write_bytes(self, path, data):
        """Write `data` to the file at `path`, over its spare if it has one."""
        if not self.take(path):
            with open(path, "wb") as stream:
                stream.write(data)
            return
        with open(path, "r+b") as stream:
            os.fchmod(stream.fileno(), self.new_file_mode())
            stream.write(data)
            stream.truncate()

    def open_text(self, path, encoding):
        """Return `path` opened to write text, as open(path, "w") does, over its spare if it
        has one."""
        if not self.take(path):
            return open(path, "w", encoding=encoding)  # the caller closes it
        stream = WrittenOver(open(path, "r+b"), encoding=encoding)  # noqa: SIM115 (returned)
        os.fchmod(stream.fileno(), self.new_file_mode())
        return stream

    def new_file_mode(self):
        if self.mode is None:
            self.mode = 0o666 & ~current_umask()
        return self.mode


class WrittenOver(io.TextIOWrapper):
    """A text file written from its first byte over its old bytes; those left beyond the new
    ones are cut off when it is closed."""

    def close(self):
        try:
            if not self.closed:
                self.truncate()
        finally:
            super().close()


def keep(site, folder):
    """Move the files of `site` (a replaced site) into the spare folder `folder`, and delete
    every file another name links to; keep the folders of `site`, now empty, in place.

    The spares are then the files of the last site replaced: those the build before did not
    take are deleted first, so the folder never grows.
    """
    if os.path.islink(folder):  # it would lead the deletions below elsewhere
        raise OSError(f"{folder} is a symbolic link, not a folder of spare files")
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if SPARE_NAME.fullmatch(name):  # nothing else is ours to delete
            with contextlib.suppress(OSError):  # taken meanwhile by a concurrent build
                os.unlink(os.path.join(folder, name))
    site = os.fspath(site)
    for entry in list(files_under(site)):
        if is_spare(entry):
            name = spare_name(os.path.relpath(entry.path, site))
            os.rename(entry.path, os.path.join(folder, name))
        else:
            os.unlink(entry.path)


def is_spare(entry):
    """Whether a file may be written over later: a regular file with no other name."""
    try:
        status = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_nlink == 1
