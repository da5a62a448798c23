"""Pelican signal wiring of the theme's plugin: template helpers, search index, sitemap."""

import json
import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pelican import signals

from publishing.speedlayer import open_store, spare_files

from .index_reuse import (
    KIND,
    bundle_files,
    bundle_key_parts,
    keep_only_used_files,
    link_pages,
    write_bundle,
)
from .search_index import (
    bundle_folder,
    content_patterns,
    pagefind_command,
    pages_glob,
    searchable_pages,
    split_into_shards,
)
from .sitemap import setting_errors as sitemap_setting_errors
from .sitemap import sitemap_options, sitemap_xml, written_url
from .template_helpers import SitePartials, theme_url

logger = logging.getLogger(__name__)

# The defaults of CLINIC_SEARCH_PAGES_PER_SHARD and CLINIC_SEARCH_MAX_SHARDS (they are
# documented in plugins/clinic/settings.py), for a site built without the clinic plugin.
PAGES_PER_SHARD, MAX_SHARDS = 500, 4
SHARDS_FILE = "pagefind/shards.json"  # the bundles search.js merges into the first one


def index_shard(site, paths, primary):
    """Index one shard's pages with Pagefind; return its bundle's files ({path: bytes}).

    A failure fails the build with Pagefind's output.
    """
    with tempfile.TemporaryDirectory(prefix="pagefind-") as work:
        pages, bundle = Path(work) / "pages", Path(work) / "bundle"
        glob = pages_glob(paths)
        if glob:  # Pagefind reads the shard's pages in the site itself
            command = pagefind_command(site, bundle, glob)
        else:  # from a folder of links to them: a folder per page, slower to make and remove
            link_pages(site, paths, pages)
            pages.mkdir(parents=True, exist_ok=True)
            command = pagefind_command(pages, bundle)
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(
                f"pagefind exited {result.returncode} indexing {len(paths)} pages of {site}:\n"
                f"{result.stdout}{result.stderr}"
            )
        keep_only_used_files(bundle, primary)
        return bundle_files(bundle)


def index_for_search(pelican):
    """Index the written site with Pagefind, one shard after another, each into its own
    bundle; with the speed plugin, a shard whose pages are unchanged reuses the bundle kept
    from an earlier build."""
    site, store = Path(pelican.output_path), open_store(pelican.settings)
    pages = searchable_pages(site, content_patterns(pelican.settings))
    per_shard = pelican.settings.get("CLINIC_SEARCH_PAGES_PER_SHARD", PAGES_PER_SHARD)
    most = pelican.settings.get("CLINIC_SEARCH_MAX_SHARDS", MAX_SHARDS)
    shards = split_into_shards(list(pages), per_shard, most)
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    # The command without the folders and the glob, which name this build's pages.
    command = pagefind_command("SITE", "BUNDLE")
    spares = spare_files(pelican.settings)
    for number, paths in enumerate(shards):
        primary = number == 0
        parts = bundle_key_parts({p: pages[p] for p in paths}, primary, command)
        key = store.key(KIND, *parts) if store else None
        files = store.get_object(KIND, key) if store else None
        if not isinstance(files, dict):
            files = index_shard(site, paths, primary)
            if store:
                store.put_object(KIND, key, files)
        write_bundle(files, site / bundle_folder(number), spares)
    others = [bundle_folder(n).removeprefix("pagefind/") + "/" for n in range(1, len(shards))]
    (site / SHARDS_FILE).write_text(json.dumps({"merge": others}) + "\n")


class SitemapPages:
    """The pages one Pelican object writes during its current run, and their sitemap.

    Made for each Pelican object and kept on it (`pelican.sitemap`), so that two in one
    process (the live preview's warm builder, `--autoreload`) never share a page. blinker
    holds the bound methods weakly: they go with the Pelican object.
    """

    def __init__(self):
        self.written = None  # (path, article or page or None) of this run; None between runs

    def start(self, pelican):
        # get_generators is the first signal of every run: this object's run begins afresh
        # (whatever a failed run left), and another object's run is none of this one's.
        self.written = [] if getattr(pelican, "sitemap", None) is self else None

    def note(self, path, context):
        # Pages only: the writer writes data files too (the chat's index), which are no page.
        if self.written is not None and path.endswith((".html", ".htm")):
            self.written.append((path, context.get("article") or context.get("page")))

    def write(self, pelican):
        if getattr(pelican, "sitemap", None) is not self or self.written is None:
            return
        output = pelican.output_path
        entries = [(written_url(path, content, output), content) for path, content in self.written]
        text = sitemap_xml(entries, pelican.settings["SITEURL"], sitemap_options(pelican.settings))
        Path(output, "sitemap.xml").write_text(text, encoding="utf-8")
        self.written = None


def attach_sitemap(pelican):
    """Give a new Pelican object its SitemapPages; stop at start-up on a SITEMAP that makes
    no sense."""
    errors = sitemap_setting_errors(pelican.settings)
    if errors:
        for error in errors:
            print(f"theme_support: setting error: {error}", file=sys.stderr)
        print(f"theme_support: {len(errors)} setting error(s); nothing was built", file=sys.stderr)
        raise SystemExit(2)
    if getattr(pelican, "sitemap", None) is None:
        pelican.sitemap = SitemapPages()
        signals.get_generators.connect(pelican.sitemap.start)
        signals.content_written.connect(pelican.sitemap.note)
        signals.finalized.connect(pelican.sitemap.write)


def add_template_helpers(generator):
    """Give the templates `site_partial()` and `theme_url()`.

    Each generator has its own site partials, so their renderings last one build.
    """
    generator.env.globals["site_partial"] = SitePartials(generator.context).render
    generator.env.globals["theme_url"] = theme_url


def register():
    signals.generator_init.connect(add_template_helpers)
    signals.initialized.connect(attach_sitemap)
    signals.finalized.connect(index_for_search)
