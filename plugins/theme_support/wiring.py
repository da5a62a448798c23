"""Pelican signal wiring of the theme's plugin: the Pagefind search index after each build."""

import logging
import subprocess

from pelican import signals

from .search_index import content_glob, pagefind_command

logger = logging.getLogger(__name__)


def index_for_search(pelican):
    """Index the written site with Pagefind; a failure fails the build with Pagefind's output."""
    result = subprocess.run(
        pagefind_command(pelican.output_path, content_glob(pelican.settings)),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"pagefind exited {result.returncode} indexing {pelican.output_path}:\n"
            f"{result.stdout}{result.stderr}"
        )


def register():
    signals.finalized.connect(index_for_search)
