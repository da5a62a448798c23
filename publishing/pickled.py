"""A dict kept between builds in one pickle file: what a build found, reused by the next."""

import os
import pickle
import tempfile
from pathlib import Path


class PickleCache:
    """A dict of key -> value, loaded from and saved to one file; no file, no cache."""

    def __init__(self, file):
        self.file, self.entries, self.used, self.changed = file, {}, {}, False
        if file is None:
            return
        try:
            with open(file, "rb") as stream:
                self.entries = pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            self.entries = {}  # a missing or stale cache only costs a slower build

    def may_hold(self):
        """Whether a look-up could find anything: a file was read, or something put since."""
        return self.file is not None or bool(self.used)

    def get(self, key):
        document = self.used.get(key) or self.entries.get(key)
        if document is not None:
            self.used[key] = document
        return document

    def put(self, key, document):
        self.used[key], self.changed = document, True

    def save(self):
        """Write the entries this build used (so deleted files drop out), atomically."""
        if self.file is None or not (self.changed or len(self.used) != len(self.entries)):
            return
        folder = Path(self.file).parent
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=folder, delete=False) as stream:
            pickle.dump(self.used, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, self.file)
