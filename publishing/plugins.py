"""Names in PLUGINS that Pelican would not find: it logs each and builds without it."""

import importlib.machinery
import importlib.util


def missing_plugins(names, plugin_paths):
    """Return the names in `names` (PLUGINS) found neither in `plugin_paths` nor installed.

    Looked for as Pelican looks for them, and not imported: a build forked from this process
    must import the plugins' code as it is then, not as it was here.
    """
    missing = []
    for name in names:
        if not isinstance(name, str):
            continue  # a module given as itself: imported already
        if importlib.machinery.PathFinder.find_spec(name, plugin_paths) is not None:
            continue
        try:
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:  # a package on its path is missing
            found = None
        if found is None:
            missing.append(name)
    return missing
