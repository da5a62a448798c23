"""Pelican signal wiring: thin handlers that call the pure modules."""

import shutil
from pathlib import Path

from pelican import signals

from .fingerprint import asset_url, fingerprinted_files, fingerprinted_names


def add_template_global(generator):
    """Let every template call `asset_url("css/site.css")`."""
    generator.env.globals["asset_url"] = asset_url
    settings = generator.settings  # read at each build, so `invoke live` sees an edited file
    names = fingerprinted_names(settings["THEME"], settings["THEME_STATIC_PATHS"])
    generator.env.globals["ASSET_NAMES"] = names


def write_fingerprinted_files(pelican):
    """Copy each theme static file to its fingerprinted name in the output."""
    output = Path(pelican.settings["OUTPUT_PATH"])
    for name, source in fingerprinted_files(pelican.settings).items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def register():
    signals.generator_init.connect(add_template_global)
    signals.finalized.connect(write_fingerprinted_files)
