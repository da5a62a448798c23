"""The clinic's Pelican plugin: FAQ files rendered on the pages that reference them."""


def register():
    """Connect the plugin (plugin.py). Imported there, not here: the tasks, the editor and the
    publishing steps import single modules of this package, and need none of the rest."""
    from .plugin import register as connect

    connect()


__all__ = ["register"]
