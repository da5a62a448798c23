"""Every setting of the speed plugin, with its default. All share the SPEED_ prefix."""

import difflib
import logging

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Most bytes the cache store (plugins/speed/store.py, in CACHE_PATH) may hold after a build;
    # beyond it the least recently used entries are removed. Rebuilding one costs only time.
    "SPEED_CACHE_MAX_BYTES": 2 * 1024**3,
    # The folder of spare files (spares.py) that the site's new files are written over: set by
    # the publishing pipeline to the one beside the output folder; None: new files.
    "SPEED_SPARE_FILES": None,
}


def setting(settings, name):
    """Return a speed setting's value: the settings' own if it is valid, else the default
    (with a warning naming the setting: the cache only ever costs or saves time)."""
    for unknown in sorted(set(settings) - set(DEFAULTS)):
        if unknown.startswith("SPEED_"):
            close = difflib.get_close_matches(unknown, DEFAULTS, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            logger.warning("speed: unknown setting %s%s", unknown, hint)
    value = settings.get(name, DEFAULTS[name])
    if isinstance(DEFAULTS[name], bool):
        return bool(value)
    if DEFAULTS[name] is None:  # a folder
        if value is None or isinstance(value, str):
            return value
        logger.warning("speed: %s = %r is not a folder's path; using none", name, value)
        return None
    if type(value) is not type(DEFAULTS[name]) or value < 0:
        logger.warning(
            "speed: %s = %r is not a whole number of bytes; using the default", name, value
        )
        return DEFAULTS[name]
    return value
