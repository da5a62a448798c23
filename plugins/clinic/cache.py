"""Work kept between builds (parsed FAQ files, rendered Markdown), keyed by all it depends on.

Rendering Markdown is most of a build's work; an unchanged file is not rendered twice.
"""

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path


def installed_packages():
    """Return the names of the installed packages' metadata folders: each holds a version."""
    names = set()
    for folder in sys.path:
        try:
            names.update(
                n for n in os.listdir(folder or ".") if n.endswith((".dist-info", ".egg-info"))
            )
        except OSError:
            continue
    return sorted(names)


# Any change to the plugin's code, to Python or to an installed package (Markdown, Pelican,
# an extension) makes new keys, so an entry from other code, e.g. after switching branches or
# upgrading a pin, is never read.
VERSION = hashlib.sha256(
    b"".join(path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py")))
    + "\n".join([sys.version, *installed_packages()]).encode()
).hexdigest()


def cache_key(text, markdown_settings):
    """Return the key of one FAQ file's parse: its text, the Markdown settings, the code."""
    material = f"{VERSION}\n{markdown_settings!r}\n{text}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(material).hexdigest()


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
