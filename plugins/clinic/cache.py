"""Keys of the work kept between builds (parsed FAQ files, rendered Markdown): all it depends on.

Rendering Markdown is most of a build's work; an unchanged file is not rendered twice. The
entries are kept in publishing.pickled.PickleCache.
"""

import hashlib
import os
import sys
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
