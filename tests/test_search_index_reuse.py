"""A shard's search bundle is made again only when one of its pages changed; otherwise the kept
one is reused.

Each test marks the kept bundle (a file added to it in the cache), rebuilds, and sees whether
the site's index came from the cache or was made afresh by Pagefind.
"""

import pytest

from plugins.theme_support.index_reuse import shard_digest
from tests.projectcopy import copy_project, pelican

MARK = "kept-by-the-last-build.txt"


def build(project):
    pelican(project)
    return project / "output" / "pagefind"


@pytest.fixture
def project(tmp_path):
    """A copy of the project (one shard), built once, with the bundle it kept marked."""
    project = copy_project(tmp_path / "project")
    build(project)
    [kept] = (project / "cache" / "search-index").iterdir()
    (kept / MARK).write_text("marked\n")
    return project


def test_the_same_pages_reuse_the_kept_index(project):
    index = build(project)
    assert (index / MARK).is_file()
    assert (index / "pagefind-entry.json").is_file()


def test_a_changed_page_is_indexed_again(project):
    article = project / "content" / "articles" / "ketamine-vs-antidepressants.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA new closing line.\n")
    index = build(project)
    assert not (index / MARK).exists()
    assert (index / "pagefind-entry.json").is_file()
    kept = list((project / "cache" / "search-index").iterdir())
    assert len(kept) == 1, "only the latest index is kept"


def test_a_changed_listing_page_reuses_the_kept_index(project):
    # Pagefind never reads tag and index pages: changing them changes nothing it indexes.
    for listing in (project / "output" / "tag").rglob("index.html"):
        listing.write_text("<p>changed</p>")
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text() + '\nTAG_SAVE_AS = "topics/{slug}/index.html"\n')
    assert (build(project) / MARK).is_file()


@pytest.mark.parametrize(
    "change",
    [
        lambda pages: pages.update({"a.html": "other"}),
        lambda pages: pages.update({"b.html": pages.pop("a.html")}),
        lambda pages: pages.update({"c.html": "new page"}),
    ],
    ids=["a page's bytes", "a page's name", "a new page"],
)
def test_the_digest_changes_with_any_page(change):
    pages = {"a.html": "page"}
    before = shard_digest(pages, ("1.5.2", True))
    change(pages)
    assert shard_digest(pages, ("1.5.2", True)) != before


def test_the_digest_follows_the_indexer_and_the_bundles_role():
    pages = {"a.html": "page"}
    before = shard_digest(pages, ("1.5.2", True))
    assert shard_digest(pages, ("1.6.0", True)) != before
    assert shard_digest(pages, ("1.5.2", False)) != before  # a merged bundle has no scripts
