"""The search index comes in shards: a stable split of the pages, one Pagefind bundle each,
merged in the reader's browser, and an edit re-indexes only the shard of the edited page."""

import json
import shutil
import subprocess
import sys

import pytest

from plugins.theme_support.search_index import (
    bundle_folder,
    content_patterns,
    searchable_pages,
    shard_of,
    split_into_shards,
)
from tests.localserver import served_folder
from tests.projectcopy import copy_project, pelican
from tests.samples import SAMPLES, SETTINGS
from tests.sitebuild import FIXTURE_CONTENT, ROOT, BuiltSite, run_pelican

PATHS = [f"article-{n}/index.html" for n in range(1000)]
ONE_PAGE_PER_SHARD = "CLINIC_SEARCH_PAGES_PER_SHARD=1"
NO_MOST = "CLINIC_SEARCH_MAX_SHARDS=100"


def test_a_page_stays_in_its_shard_in_every_process():
    # Python salts str hashes per process: the shard must not depend on it.
    code = "from plugins.theme_support import search_index; print(search_index.shard_of('a', 7))"
    other = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert int(other.stdout) == shard_of("a", 7)


def test_shards_hold_about_the_pages_per_shard_and_every_page_once():
    shards = split_into_shards(PATHS, 250)
    assert len(shards) == 4
    assert sorted(path for shard in shards for path in shard) == sorted(PATHS)
    assert all(200 <= len(shard) <= 300 for shard in shards)


@pytest.mark.parametrize(
    ("pages", "per_shard", "most", "shards"),
    [
        (1000, 500, 4, 2),
        (1200, 500, 4, 2),
        (1300, 500, 4, 3),
        (10_000, 500, 4, 4),
        (100, 500, 4, 1),
    ],
)
def test_the_shard_count_is_the_pages_over_the_pages_per_shard_up_to_the_most(
    pages, per_shard, most, shards
):
    assert (
        len(split_into_shards(PATHS * (pages // 1000) + PATHS[: pages % 1000], per_shard, most))
        == shards
    )


def test_a_new_page_moves_no_other_page_while_the_shard_count_holds():
    before = split_into_shards(PATHS, 250)
    after = split_into_shards([*PATHS[:-1], "a-new-article/index.html"], 250)
    moved = [a for a, b in zip(before, after, strict=True) if a != b]
    assert len(moved) <= 2  # the shard the old page left and the one the new page joined


@pytest.mark.parametrize("pages", [[], ["only/index.html"], PATHS[:3]])
def test_no_shard_is_empty_unless_there_are_no_pages(pages):
    shards = split_into_shards(pages, 1)
    assert shards == [[]] if not pages else all(shards)
    assert sum(len(shard) for shard in shards) == len(pages)


def test_the_first_bundle_is_pagefinds_own_folder():
    assert bundle_folder(0) == "pagefind"
    assert bundle_folder(2) == "pagefind/shard-3"


def sample_site(scratch, *settings):
    """Build the sample site (tests/samples.py) with more settings into `scratch`."""
    content = scratch / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for name, text in SAMPLES.items():
        (content / "articles" / name).write_text(text, encoding="utf-8")
    result = run_pelican(scratch / "output", extra=["-e", *SETTINGS, *settings], content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(scratch / "output", result.stdout + result.stderr)


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    """The sample site built with a shard for each page (pages whose hashes meet share one)."""
    return sample_site(tmp_path_factory.mktemp("sharded"), ONE_PAGE_PER_SHARD, NO_MOST)


@pytest.fixture(scope="module")
def unsharded_site(tmp_path_factory):
    """The same sample site with every page in one index."""
    return sample_site(tmp_path_factory.mktemp("unsharded"))


def shard_pages(site):
    """Return the site-relative paths of the pages of each shard, as the build split them."""
    settings = {"ARTICLE_SAVE_AS": "{slug}/index.html", "PAGE_SAVE_AS": "{slug}/index.html"}
    return split_into_shards(list(searchable_pages(site.root, content_patterns(settings))), 1)


def test_each_shard_has_a_bundle_and_the_first_lists_the_others(sharded_site):
    shards = shard_pages(sharded_site)
    assert len(shards) >= 2, "the sample site should give several shards"
    listed = json.loads((sharded_site.root / "pagefind" / "shards.json").read_text())
    assert listed["merge"] == [f"shard-{n}/" for n in range(2, len(shards) + 1)]
    for number, pages in enumerate(shards):
        entry = json.loads(
            (sharded_site.root / bundle_folder(number) / "pagefind-entry.json").read_text()
        )
        assert entry["languages"]["en"]["page_count"] == len(pages)
    # Merged bundles carry only what mergeIndex reads: no second copy of Pagefind's scripts.
    assert not list((sharded_site.root / "pagefind" / "shard-2").glob("*.js"))


@pytest.mark.browser
def test_search_finds_a_page_of_every_shard(sharded_site, browser_page):
    with served_folder(sharded_site.root) as url:
        for path in [pages[0] for pages in shard_pages(sharded_site)]:
            title = sharded_site.page(path).h1.get_text(" ", strip=True)
            browser_page.goto(f"{url}search/?q={title}")
            browser_page.wait_for_selector("#search-results li")
            hrefs = browser_page.locator("#search-results li a").evaluate_all(
                "links => links.map((link) => link.getAttribute('href'))"
            )
            assert "/" + path.removesuffix("index.html") in hrefs, (title, hrefs)


def test_an_edit_reindexes_only_the_shard_of_the_edited_page(tmp_path):
    project = copy_project(tmp_path / "project")
    with (project / "pelicanconf.py").open("a") as settings:
        settings.write(f"\n{ONE_PAGE_PER_SHARD}\n{NO_MOST}\n")
    pelican(project)
    kept = project / "cache" / "search-index"  # the speed plugin's store, one entry a bundle
    bundles = {entry.name for entry in kept.glob("??/*")}
    assert len(bundles) >= 2
    article = project / "content" / "articles" / "ketamine-vs-antidepressants.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA new closing line.\n")
    pelican(project)
    made = {entry.name for entry in kept.glob("??/*")} - bundles
    assert len(made) == 1, "only the edited page's shard is indexed again"


def found(page, url, query):
    """Return the status line and the result links of a search on the search page."""
    page.goto(f"{url}search/?q={query}")
    page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    links = page.locator("#search-results li a").evaluate_all(
        "links => links.map((link) => link.getAttribute('href'))"
    )
    return page.locator("#search-status").inner_text(), sorted(links)


@pytest.mark.browser
@pytest.mark.parametrize(
    "query",
    # Words of one shard only beside words of all; a word of no page; one page's title.
    [
        "reviewed sample",
        "sample ketamine",
        "bad date sample",
        "ketamine zzyzx",
        "A reviewed sample",
    ],
)
def test_the_shards_find_what_one_index_finds(sharded_site, unsharded_site, browser_page, query):
    with served_folder(sharded_site.root) as sharded, served_folder(unsharded_site.root) as one:
        assert found(browser_page, sharded, query) == found(browser_page, one, query)
