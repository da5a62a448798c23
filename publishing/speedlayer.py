"""The optional speed layer (plugins/speed), as the steps around Pelican use it.

With it, the pipeline and the search index keep their work between builds in its store. Left
out of PLUGINS, its `open_store` gives None; with its folder deleted, so does this module's:
every build is then a cold build of the same site, byte for byte (tests/test_speed_layer.py).
Everything else here is used only with a store.
"""

try:
    from plugins.speed import forget_if_code_changed, open_store, spare_files
    from plugins.speed.record import BuildRecord
    from plugins.speed.spares import Spares
    from plugins.speed.spares import keep as keep_spares
    from plugins.speed.table import KeptTable
except ImportError as missing:  # its folder deleted (git leaves __pycache__/: then an
    if missing.name != "plugins.speed":  # empty namespace package, no names in it)
        raise
    BuildRecord = KeptTable = Spares = keep_spares = forget_if_code_changed = None

    def open_store(settings, folder=None):
        return None

    def spare_files(settings):
        return None


__all__ = [
    "BuildRecord",
    "KeptTable",
    "Spares",
    "forget_if_code_changed",
    "keep_spares",
    "open_store",
    "spare_files",
]
