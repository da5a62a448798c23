"""The search index is made again only when a page changed; otherwise the kept one is reused.

Each test marks the kept index (a file added to it in the cache), rebuilds, and sees whether
the site's index came from the cache or was made afresh by Pagefind.
"""

import pytest

from plugins.theme_support.index_reuse import pages_digest
from tests.projectcopy import copy_project, pelican

MARK = "kept-by-the-last-build.txt"


def build(project):
    pelican(project)
    return project / "output" / "pagefind"


@pytest.fixture
def project(tmp_path):
    """A copy of the project, built once, with the index it kept marked."""
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


@pytest.mark.parametrize(
    "change",
    [
        lambda site: (site / "a.html").write_text("<p>other</p>"),
        lambda site: (site / "a.html").rename(site / "b.html"),
        lambda site: (site / "c.html").write_text("<p>new page</p>"),
    ],
    ids=["a page's bytes", "a page's name", "a new page"],
)
def test_the_digest_changes_with_any_page(tmp_path, change):
    (tmp_path / "a.html").write_text("<p>page</p>")
    before = pages_digest(tmp_path, ("--site",))
    change(tmp_path)
    assert pages_digest(tmp_path, ("--site",)) != before


def test_the_digest_ignores_the_index_itself_and_follows_the_indexer(tmp_path):
    (tmp_path / "a.html").write_text("<p>page</p>")
    before = pages_digest(tmp_path, ("pagefind", "1.5.2"))
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "x.html").write_text("index file")
    assert pages_digest(tmp_path, ("pagefind", "1.5.2")) == before
    assert pages_digest(tmp_path, ("pagefind", "1.6.0")) != before
