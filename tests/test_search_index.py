"""The Pagefind index reads only the files articles and pages are saved as, and misses none."""

from pelican.settings import read_settings

from plugins.theme_support.search_index import content_glob, pagefind_command
from tests.sitebuild import ROOT


def test_the_glob_follows_the_article_and_page_save_as_settings():
    settings = {"ARTICLE_SAVE_AS": "{slug}/index.html", "PAGE_SAVE_AS": "pages/{slug}.html"}
    assert content_glob(settings) == "{*/index.html,pages/*.html}"
    assert content_glob({**settings, "PAGE_SAVE_AS": "{slug}/index.html"}) == "*/index.html"
    assert content_glob({**settings, "PAGE_SAVE_AS": ""}) == "*/index.html"


def test_the_indexer_is_given_the_glob():
    command = pagefind_command("output", "*/index.html")
    assert command[command.index("--glob") + 1] == "*/index.html"


def test_every_searchable_file_of_the_build_matches_the_glob(site):
    glob = content_glob(read_settings(str(ROOT / "pelicanconf.py")))
    matched = set(site.root.glob(glob))
    searchable = {
        path for path in site.root.rglob("*.html") if "data-pagefind-body" in path.read_text()
    }
    assert searchable, "the build marked nothing for search"
    assert searchable <= matched
    listings = set(site.root.glob("tag/*/index.html"))
    assert listings
    assert not listings & matched  # tag pages are not parsed for nothing
