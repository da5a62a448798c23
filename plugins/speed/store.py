"""The one store of what a build keeps for later builds: content-addressed, verified, bounded.

An entry is a file `ROOT/<kind>/<2 hex>/<key>`, where the key is a hash of everything the entry
depends on (`Store.key`, which always adds the code version). Its first line names the format,
the kind and key it was stored under, and the sha256 of the bytes that follow, so a truncated,
garbage or foreign entry (written under another key, or copied from another name) is noticed
when read: it is a miss, removed, and logged once per store as a warning, never an exception.

Every file is written by `atomic_write` (a temporary file beside it, then os.replace), so a build
that stops halfway, or two builds at once, never leave a torn entry. A published file is a copy
of an entry's bytes, never a hard link: an edit of the site cannot change the store, nor the
store the site. Use is recorded in the entry's mtime (set by a hit, at most hourly), and `prune`
removes the least recently used entries beyond the size bound. Pure: no Pelican.
"""

import contextlib
import hashlib
import logging
import os
import pickle
import re
import time
from pathlib import Path

from publishing.files import TEMPORARY_PREFIX, atomic_write

logger = logging.getLogger(__name__)

FORMAT = b"speed-store-1"
DEFAULT_MAX_BYTES = 2 * 1024**3  # the default of SPEED_CACHE_MAX_BYTES (settings.py)
KIND = re.compile(r"[a-z0-9][a-z0-9_-]*")
KEY = re.compile(r"[0-9a-f]{64}")
STALE_TEMPORARY_SECONDS = 3600  # a temporary file older than this is a dead build's
USE_TIME_RESOLUTION = 3600  # seconds: entries used within it are equally recent to prune()


def encoded(part):
    """Return a key part as bytes that no other part, or sequence of parts, encodes to."""
    if part is None:
        return b"n"
    if isinstance(part, bool):
        return b"B1" if part else b"B0"
    if isinstance(part, int):
        data, tag = str(part).encode(), b"i"
    elif isinstance(part, float):
        data, tag = repr(part).encode(), b"f"
    elif isinstance(part, str):
        data, tag = part.encode("utf-8", "surrogatepass"), b"s"
    elif isinstance(part, bytes | bytearray | memoryview):
        data, tag = bytes(part), b"b"
    elif isinstance(part, tuple | list):
        data, tag = b"".join(map(encoded, part)), b"t"
    else:
        raise TypeError(f"a key part must be str, bytes, int, float, None or a tuple: {part!r}")
    return tag + str(len(data)).encode() + b":" + data


class Store:
    """Entries kept under `root`, keyed by hashes that include the code `version`."""

    def __init__(self, root, version, max_bytes=DEFAULT_MAX_BYTES):
        self.root, self.version, self.max_bytes = Path(root), version, max_bytes
        self.hits = self.misses = 0
        self.warned = set()  # the topics warned about: each once

    def key(self, *parts):
        """Return the key of an entry that depends on `parts` (and on the code version)."""
        return hashlib.sha256(encoded((self.version, parts))).hexdigest()

    def path(self, kind, key):
        """Return the file of an entry."""
        if not KIND.fullmatch(kind) or not KEY.fullmatch(key):
            raise ValueError(f"not a store kind and key: {kind!r}, {key!r}")
        return self.root / kind / key[:2] / key

    def header(self, kind, key, payload):
        """Return the first line of an entry: format, kind, key and the payload's sha256."""
        digest = hashlib.sha256(payload).hexdigest()
        return f"{FORMAT.decode()} {kind} {key} {digest}\n".encode()

    def get(self, kind, key):
        """Return the bytes stored under `kind` and `key`, or None (a miss)."""
        path = self.path(kind, key)
        try:
            with open(path, "rb") as stream:
                used = os.fstat(stream.fileno()).st_mtime
                data = stream.read()
        except OSError:  # never stored, or pruned by another build meanwhile
            self.misses += 1
            return None
        header, newline, payload = data.partition(b"\n")
        if header + newline != self.header(kind, key, payload):  # cut in its header line too
            self.discard(path, "damaged or stored under another key")
            return None
        self.hits += 1
        if time.time() - used > USE_TIME_RESOLUTION:  # a write per read would cost more
            with contextlib.suppress(OSError):  # pruned by another build meanwhile
                os.utime(path)  # the use time that prune() goes by
        return payload

    def put(self, kind, key, data):
        """Store `data` under `kind` and `key`; a store that cannot be written only warns."""
        data = bytes(data)
        try:
            atomic_write(self.path(kind, key), self.header(kind, key, data) + data)
        except OSError as error:  # a full disk, a read-only cache: the build goes on without
            message = "warning: cannot keep cache entries in %s: %s"
            self.warn_once("write", message, self.root, error)

    def get_object(self, kind, key):
        """Return the object pickled under `kind` and `key`, or None (a miss)."""
        payload = self.get(kind, key)
        if payload is None:
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # whatever unpickling raises, the entry is unusable
            self.hits -= 1
            self.discard(self.path(kind, key), "not loadable")
            return None

    def put_object(self, kind, key, value):
        """Store `value`, pickled, under `kind` and `key`."""
        self.put(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def copy_to(self, kind, key, target, mode=0o666):
        """Write the bytes stored under `kind` and `key` to `target` as a new file; return
        whether there were any. The copy shares no storage with the entry; `mode` is as
        atomic_write's."""
        payload = self.get(kind, key)
        if payload is None:
            return False
        atomic_write(target, payload, mode)
        return True

    def put_file(self, kind, key, source):
        """Store the bytes of the file `source` under `kind` and `key`."""
        self.put(kind, key, Path(source).read_bytes())

    def discard(self, path, reason):
        """Count a miss, remove an unusable entry and warn (once) that it did."""
        self.misses += 1
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        message = (
            "warning: cache entries in %s that were %s were ignored, removed and built again (%s)"
        )
        self.warn_once("damaged", message, self.root, reason, path)

    def warn_once(self, topic, message, *arguments):
        """Log a warning about the store, the first time this store meets its `topic`."""
        if topic not in self.warned:
            self.warned.add(topic)
            logger.warning(message, *arguments)

    def entries(self):
        """Yield (use time, size, str path) of each entry; remove dead builds' temporary files."""
        now = time.time()
        for folder in self.root.glob("*/??"):
            if not KIND.fullmatch(folder.parent.name):
                continue
            with contextlib.suppress(OSError), os.scandir(folder) as files:
                for file in files:
                    try:
                        status = file.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if KEY.fullmatch(file.name):
                        yield status.st_mtime, status.st_size, file.path
                    elif (
                        file.name.startswith(TEMPORARY_PREFIX)
                        and now - status.st_mtime > STALE_TEMPORARY_SECONDS
                    ):
                        os.unlink(file.path)

    def forget_since(self, moment):
        """Remove every entry written since `moment` (a time.time()), or marked used since."""
        for used, _, path in list(self.entries()):
            if used >= moment and is_entry(path):
                with contextlib.suppress(OSError):
                    os.unlink(path)

    def prune(self):
        """Remove the least recently used entries until the store holds at most max_bytes."""
        entries = sorted(self.entries())
        total = sum(size for _, size, _ in entries)
        for _, size, path in entries:
            if total <= self.max_bytes:
                break
            if is_entry(path):  # not a file another cache keeps in a folder of the same shape
                with contextlib.suppress(OSError):
                    os.unlink(path)
            total -= size


def is_entry(path):
    """Whether a file begins as the store's entries do."""
    try:
        with open(path, "rb") as stream:
            return stream.read(len(FORMAT) + 1) == FORMAT + b" "
    except OSError:
        return False
