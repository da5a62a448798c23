"""Pelican signal wiring of the theme's plugin: the Pagefind search index after each build."""

import logging
import subprocess

from pelican import signals
from pelican.generators import ArticlesGenerator

from .reading import reading_minutes
from .search_index import pagefind_command

logger = logging.getLogger(__name__)


def index_for_search(pelican):
    """Index the written site with Pagefind; a failure fails the build with Pagefind's output."""
    result = subprocess.run(
        pagefind_command(pelican.output_path), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"pagefind exited {result.returncode} indexing {pelican.output_path}:\n"
            f"{result.stdout}{result.stderr}"
        )


def count_reading_minutes(generators):
    """Give each article its reading time once; every page that lists it shows the same.

    Once every generator is done: reading `content` earlier would keep its {static} links
    unreplaced (Pelican memoizes it before the static files are known).
    """
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            for article in [*generator.articles, *generator.translations, *generator.drafts]:
                article.reading_minutes = reading_minutes(article.content)


def register():
    signals.all_generators_finalized.connect(count_reading_minutes)
    signals.finalized.connect(index_for_search)
