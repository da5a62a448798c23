"""Pelican signal wiring of the theme's plugin: search index, sitemap dates."""

import json
import logging
import os
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.plugins.sitemap import sitemap

from .index_reuse import (
    PRIMARY_BUNDLE_FILES,
    drop_other_bundles,
    keep_bundle,
    keep_only_used_files,
    kept_index,
    link_pages,
    restore_index,
    shard_digest,
)
from .search_index import (
    bundle_folder,
    content_patterns,
    pagefind_command,
    pages_glob,
    searchable_pages,
    split_into_shards,
)
from .sitemap_dates import newest_change

logger = logging.getLogger(__name__)

# The defaults of CLINIC_SEARCH_PAGES_PER_SHARD and CLINIC_SEARCH_MAX_SHARDS (they are
# documented in plugins/clinic/settings.py), for a site built without the clinic plugin.
PAGES_PER_SHARD, MAX_SHARDS = 500, 4
SHARDS_FILE = "pagefind/shards.json"  # the bundles search.js merges into the first one


def index_shard(site, paths, cache, digest, primary):
    """Index one shard's pages with Pagefind into a bundle kept in `cache`; return it.

    A failure fails the build with Pagefind's output.
    """
    work = cache / f".{digest}.{os.getpid()}"
    pages, bundle = work / "pages", work / "bundle"
    shutil.rmtree(work, ignore_errors=True)
    glob = pages_glob(paths)
    if glob:  # Pagefind reads the shard's pages in the site itself
        command = pagefind_command(site, bundle, glob)
    else:  # from a folder of links to them: a folder per page, slower to make and remove
        link_pages(site, paths, pages)
        pages.mkdir(parents=True, exist_ok=True)
        command = pagefind_command(pages, bundle)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        raise RuntimeError(
            f"pagefind exited {result.returncode} indexing {len(paths)} pages of {site}:\n"
            f"{result.stdout}{result.stderr}"
        )
    keep_only_used_files(bundle, primary)
    kept = keep_bundle(bundle, cache, digest)
    shutil.rmtree(work, ignore_errors=True)
    return kept


def index_for_search(pelican):
    """Index the written site with Pagefind, one shard after another, each into its own
    bundle; a shard whose pages are unchanged reuses the bundle kept from an earlier build."""
    site, cache = Path(pelican.output_path), Path(pelican.settings["CACHE_PATH"]) / "search-index"
    cache.mkdir(parents=True, exist_ok=True)
    pages = searchable_pages(site, content_patterns(pelican.settings))
    per_shard = pelican.settings.get("CLINIC_SEARCH_PAGES_PER_SHARD", PAGES_PER_SHARD)
    most = pelican.settings.get("CLINIC_SEARCH_MAX_SHARDS", MAX_SHARDS)
    shards = split_into_shards(list(pages), per_shard, most)
    version = metadata.version("pagefind")
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    digests = []
    for number, paths in enumerate(shards):
        primary = number == 0
        # What makes the bundle besides its pages: Pagefind, and the files kept of it.
        indexer = (version, primary, PRIMARY_BUNDLE_FILES)
        digests.append(shard_digest({p: pages[p] for p in paths}, indexer))
        target = site / bundle_folder(number)
        kept = kept_index(cache, digests[-1])
        if kept is None or not restore_index(kept, target):
            kept = index_shard(site, paths, cache, digests[-1], primary)
            if not restore_index(kept, target):
                raise RuntimeError(f"the search index bundle {kept} vanished as it was made")
    others = [bundle_folder(n).removeprefix("pagefind/") + "/" for n in range(1, len(shards))]
    (site / SHARDS_FILE).write_text(json.dumps({"merge": others}) + "\n")
    drop_other_bundles(cache, digests)


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
    signals.all_generators_finalized.connect(date_undated_sitemap_entries)
    signals.finalized.connect(index_for_search)
