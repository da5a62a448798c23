"""Every setting of the speed plugin, with its default. All share the SPEED_ prefix."""

DEFAULTS = {
    # Most bytes the cache store (plugins/speed/store.py, in CACHE_PATH) may hold after a build;
    # beyond it the least recently used entries are removed. Rebuilding one costs only time.
    "SPEED_CACHE_MAX_BYTES": 2 * 1024**3,
}


def setting(settings, name):
    """Return a speed setting's value: the settings' own, or its default."""
    return settings.get(name, DEFAULTS[name])
