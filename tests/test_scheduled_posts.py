"""Scheduled posts: an article dated in the future is nowhere in a publish build until its day;
the development build shows it, marked as scheduled and kept from search engines."""

import gzip
import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from tests.badsites import BUILD, GOOD_SITE, ROOT, SETTINGS, make_site

PAST, FUTURE = "published-already", "goes-live-later"
SITE = {
    **GOOD_SITE,
    "content/articles/past.md": f"""\
        Title: Published already
        Slug: {PAST}
        Date: 2020-03-01 09:00
        Category: Treatment
        Tags: aftercare

        Written and out.
        """,
    "content/articles/future.md": f"""\
        Title: Goes live later
        Slug: {FUTURE}
        Date: 2099-06-01 09:00
        Category: Treatment
        Tags: aftercare
        FAQ: basics

        Not out yet: scheduledwordzz.
        """,
}


def build_site(folder, *, publish):
    """Build the site with the publish settings (strict, as publishing does) or the dev ones."""
    settings = SETTINGS.replace("from pelicanconf import *", "from publishconf import *")
    make_site(folder, SITE, "")
    if publish:
        (folder / "settings.py").write_text(settings, encoding="utf-8")
    script = BUILD if publish else BUILD.replace("strict=True", "strict=False")
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=folder,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SITEURL": "https://clinic.test"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return folder / "output"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("publish") / "site", publish=True)


@pytest.fixture(scope="module")
def development(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("dev") / "site", publish=False)


def text_files(output):
    """Yield (path, text) of every text file of the build, the search index's unpacked."""
    for file in sorted(output.rglob("*")):
        if file.suffix in {".html", ".xml", ".json", ".txt"}:
            yield file.relative_to(output).as_posix(), file.read_text(encoding="utf-8")
        elif file.suffix == ".pf_fragment":  # Pagefind's gzipped record of one page
            yield file.relative_to(output).as_posix(), gzip.decompress(file.read_bytes()).decode()


def html(output, path):
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


def test_the_past_article_is_published(published):
    assert (published / PAST / "index.html").is_file()
    assert f"https://clinic.test/{PAST}/" in (published / "sitemap.xml").read_text()


def test_the_future_article_is_in_no_file_of_the_publish_build(published):
    files = [path for path in (p.relative_to(published).as_posix() for p in published.rglob("*"))]
    assert not [path for path in files if FUTURE in path or path.startswith("drafts")]
    holding = [
        path for path, text in text_files(published) if FUTURE in text or "Goes live" in text
    ]
    assert holding == []
    assert any(path.endswith(".pf_fragment") for path in files)  # the index was searched


def test_the_search_and_chat_indexes_were_searched_too(published):
    fragments = [text for path, text in text_files(published) if path.endswith(".pf_fragment")]
    assert any("Written and out" in text for text in fragments)
    assert "scheduledwordzz" not in "".join(fragments)
    chat = json.loads((published / "chat-index.json").read_text(encoding="utf-8"))
    assert FUTURE not in json.dumps(chat)


def test_the_feed_lists_the_past_article_only(published):
    feed = (published / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert PAST in feed
    assert FUTURE not in feed


def test_the_development_build_shows_it_marked_as_scheduled(development):
    page = html(development, f"{FUTURE}/index.html")
    note = page.select_one(".article-header .scheduled-note")
    assert note.get_text(" ", strip=True) == "Scheduled: goes live on June 1, 2099"
    assert note.time["datetime"].startswith("2099-06-01T09:00:00")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_a_published_article_has_no_scheduled_note_and_may_be_indexed(development):
    page = html(development, f"{PAST}/index.html")
    assert page.select(".scheduled-note") == []
    assert page.find("meta", attrs={"name": "robots"}) is None


@pytest.mark.parametrize(
    "path", ["index.html", "archives/index.html", "category/treatment/index.html"]
)
def test_lists_mark_the_scheduled_article(development, path):
    page = html(development, path)
    notes = page.select(".scheduled-note")
    assert len(notes) == 1
    assert FUTURE in str(notes[0].find_parent(["article", "li"]))
