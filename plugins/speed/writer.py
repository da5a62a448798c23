"""Pelican's writer, each new file of the site written over a spare one (spares.py).

Given to Pelican through its `get_writer` signal when the publishing pipeline names a spare
folder (SPEED_SPARE_FILES). It relies on one thing inside Pelican's Writer: every page and
feed is opened through `_open_w`, after its folder is made. tests/test_spares.py fails if
Pelican stops doing so (the pages would then be new files, correct but slower).
"""

from pelican.writers import Writer

from .spares import Spares


class SpareWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.spares = Spares(settings["SPEED_SPARE_FILES"])

    def _open_w(self, filename, encoding, override=False):
        self.spares.take(filename)
        return super()._open_w(filename, encoding, override)
