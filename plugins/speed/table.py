"""A table of small values kept between builds as one entry of the store.

For results too small to be worth a file each (the checks of each built page):
the table is loaded whole, looked up by keys the caller derives from content (a hash of the
bytes the value was computed from), and saved with only the keys this build used, so what
deleted pages left behind drops out.
"""


class KeptTable:
    """A dict kept in `store` under `kind` and the key of `parts`; get(key) and put(key, value)."""

    def __init__(self, store, kind, *parts):
        self.store, self.kind, self.key = store, kind, store.key(kind, *parts)
        kept = store.get_object(kind, self.key)
        self.entries = kept if isinstance(kept, dict) else {}
        self.used, self.changed = {}, False

    def get(self, key):
        """Return the value kept under `key`, or None."""
        value = self.used.get(key)
        if value is None:
            value = self.entries.get(key)
            if value is not None:
                self.used[key] = value
        return value

    def put(self, key, value):
        """Keep `value` under `key`."""
        self.used[key], self.changed = value, True

    def save(self):
        """Store the values this build used, if that is not what the store holds already."""
        if self.changed or len(self.used) != len(self.entries):
            self.store.put_object(self.kind, self.key, self.used)
