"""Pelican signal wiring of the theme's plugin: search index, reading time, sitemap dates."""

import logging
import subprocess
from importlib import metadata
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.plugins.sitemap import sitemap

from .index_reuse import keep_index, kept_index, pages_digest, restore_index
from .reading import reading_minutes
from .search_index import content_glob, pagefind_command
from .sitemap_dates import newest_change

logger = logging.getLogger(__name__)


def index_for_search(pelican):
    """Index the written site with Pagefind, or reuse the index kept from the same pages.

    A failure fails the build with Pagefind's output.
    """
    site, cache = Path(pelican.output_path), Path(pelican.settings["CACHE_PATH"]) / "search-index"
    command = pagefind_command(site, content_glob(pelican.settings))
    # What makes the index: the options (not the staging folder's name) and the version.
    options = [arg for arg in command[1:] if arg != str(site)]
    digest = pages_digest(site, (options, metadata.version("pagefind")))
    kept = kept_index(cache, digest)
    if kept is not None and restore_index(kept, site):
        return
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(
            f"pagefind exited {result.returncode} indexing {pelican.output_path}:\n"
            f"{result.stdout}{result.stderr}"
        )
    cache.mkdir(parents=True, exist_ok=True)
    keep_index(cache, digest, site)


def count_reading_minutes(generators):
    """Give each article its reading time once; every page that lists it shows the same.

    Once every generator is done: reading `content` earlier would keep its {static} links
    unreplaced (Pelican memoizes it before the static files are known).
    """
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            for article in [*generator.articles, *generator.translations, *generator.drafts]:
                article.reading_minutes = reading_minutes(article.content)


def date_undated_sitemap_entries(generators):
    """Date the sitemap's undated pages by the site's newest change, not the build's clock.

    pelican-sitemap (pinned in pyproject.toml) gives such pages its `now`, the time the build
    started; it is read only for them.
    """
    contents = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            contents += generator.articles
        elif isinstance(generator, PagesGenerator):
            contents += generator.pages
    newest = newest_change(contents)
    if newest is not None:
        sitemap.generator.now = newest


def register():
    signals.all_generators_finalized.connect(count_reading_minutes)
    signals.all_generators_finalized.connect(date_undated_sitemap_entries)
    signals.finalized.connect(index_for_search)
