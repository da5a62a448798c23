"""Pelican's writer, each page and feed written over its spare file (spares.py).

Given to Pelican through its `get_writer` signal when the publishing pipeline names a spare
folder (SPEED_SPARE_FILES). It relies on two things inside Pelican's Writer, both checked by
tests/test_spares.py: every page and feed is opened through `_open_w`, after its folder is
made; and `_open_w` refuses a second write of a file by the names in `_written_files` and
`_overridden_files`. A file in neither, and not on disk, was not written in this run, so those
checks pass for it, and this writer only records it as Pelican does before writing over its
spare.
"""

import os

from pelican.writers import Writer

from .spares import Spares


class SpareWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.spares = Spares(settings["SPEED_SPARE_FILES"], output_path)

    def _open_w(self, filename, encoding, override=False):
        written = filename in self._written_files or filename in self._overridden_files
        if written or os.path.lexists(filename):  # Pelican's checks apply
            return super()._open_w(filename, encoding, override)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return self.spares.open_text(filename, encoding)
