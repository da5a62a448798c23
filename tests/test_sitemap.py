"""sitemap.xml lists every page a reader may land on from a search engine, each dated by its own
last change, a page without one (index, tags, categories, /faq/) by the site's newest change:
never by the build's clock, so an unchanged site gives the same sitemap byte for byte."""

import copy
import datetime
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG

from plugins.theme_support.sitemap import (
    DEFAULTS,
    newest_change,
    setting_errors,
    sitemap_options,
    sitemap_xml,
)
from tests.badsites import GOOD_SITE, make_site, run_python
from tests.sitebuild import EDITOR_DIR, build_site

ARTICLE = "ketamine-vs-antidepressants/"
NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
UTC = datetime.UTC
OPTIONS = sitemap_options({})


def day(number):
    return datetime.datetime(2026, 11, number, 9, tzinfo=UTC)


def content(kind, status="published", **metadata):
    """A real Pelican Article or Page, with `metadata` (date, modified) as a reader gives it."""
    settings = copy.deepcopy(DEFAULT_CONFIG)
    metadata = {"title": "A title", "status": status, **metadata}
    return kind("<p>Text.</p>", metadata=metadata, settings=settings, source_path="/site/a.md")


def rows(text):
    """Return {loc: (lastmod or None, changefreq, priority)} of a sitemap's text."""
    root = ET.fromstring(text)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return {
        url.findtext("s:loc", namespaces=NAMESPACE): (
            url.findtext("s:lastmod", namespaces=NAMESPACE),
            url.findtext("s:changefreq", namespaces=NAMESPACE),
            url.findtext("s:priority", namespaces=NAMESPACE),
        )
        for url in root.findall("s:url", NAMESPACE)
    }


def test_the_newest_change_is_a_modified_date_where_given_else_the_date():
    contents = [
        SimpleNamespace(status="published", date=day(1), modified=day(20)),
        SimpleNamespace(status="published", date=day(10)),
        SimpleNamespace(status="published"),  # a page without a date
    ]
    assert newest_change(contents) == day(20)


def test_drafts_and_undated_contents_give_no_date():
    draft = SimpleNamespace(status="draft", date=day(25))
    assert newest_change([draft, SimpleNamespace(status="published")]) is None


def test_list_pages_and_undated_pages_are_dated_by_the_newest_change():
    entries = [
        ("index.html", None),
        ("tag/ketamine/index.html", None),
        ("old/", content(Article, date=day(1))),
        ("edited/", content(Article, date=day(2), modified=day(20))),
        ("clinic/", content(Page)),
        ("draft/", content(Article, status="draft", date=day(28))),  # not yet a change
    ]
    found = rows(sitemap_xml(entries, "", OPTIONS))
    dates = {location: lastmod for location, (lastmod, _, _) in found.items()}
    newest = "2026-11-20T09:00:00+00:00"
    assert dates == {
        "/": newest,
        "/tag/ketamine/": newest,
        "/clinic/": newest,
        "/old/": "2026-11-01T09:00:00+00:00",
        "/edited/": newest,
    }


def test_a_site_without_any_date_gives_no_lastmod_rather_than_the_clock():
    text = sitemap_xml([("index.html", None), ("clinic/", content(Page))], "", OPTIONS)
    assert [lastmod for lastmod, _, _ in rows(text).values()] == [None, None]
    assert "<lastmod>" not in text


def test_a_date_without_a_time_zone_is_given_as_a_day():
    # Pelican gives every content a time zone (TIMEZONE's); a plugin's object may have none.
    naive = SimpleNamespace(date=datetime.datetime(2026, 11, 3, 9))
    text = sitemap_xml([("a/", naive)], "", OPTIONS)
    assert rows(text)["/a/"][0] == "2026-11-03"


def test_drafts_hidden_pages_and_excluded_urls_are_left_out():
    entries = [
        ("shown/", content(Page)),
        ("hidden/", content(Page, status="hidden")),
        ("draft-page/", content(Page, status="draft")),
        ("drafts/draft/", content(Article, status="draft", date=day(3))),
        ("404.html", None),
        ("search/index.html", None),
        ("robots.txt", None),
    ]
    options = sitemap_options({"SITEMAP": {"exclude": [r"^404\.html$", r"^search/", r"^robots"]}})
    assert list(rows(sitemap_xml(entries, "https://clinic.test", options))) == [
        "https://clinic.test/shown/"
    ]


def test_urls_lose_index_html_are_sorted_absolute_and_escaped():
    entries = [
        ("tag/q&a/index.html", None),
        ("category/index.html", None),
        ("index2.html", None),
        ("résumé/", content(Page)),
        ("index.html", None),
        ("tag/not-index.html", None),
    ]
    text = sitemap_xml(entries, "https://clinic.test", OPTIONS)
    assert "<loc>https://clinic.test/tag/q&amp;a/</loc>" in text
    assert list(rows(text)) == [
        "https://clinic.test/",
        "https://clinic.test/category/",
        "https://clinic.test/index2.html",
        "https://clinic.test/r%C3%A9sum%C3%A9/",
        "https://clinic.test/tag/not-index.html",
        "https://clinic.test/tag/q&a/",
    ]


def test_changefreq_and_priority_follow_the_kind_of_page_and_the_setting():
    entries = [
        ("a/", content(Article, date=day(1))),
        ("p/", content(Page)),
        ("index.html", None),
    ]
    found = rows(sitemap_xml(entries, "", OPTIONS))
    assert [row[1:] for row in found.values()] == [
        ("daily", "0.5"),
        ("monthly", "0.5"),
        ("monthly", "0.5"),
    ]
    settings = {"SITEMAP": {"changefreqs": {"pages": "yearly"}, "priorities": {"articles": 1}}}
    found = rows(sitemap_xml(entries, "", sitemap_options(settings)))
    assert found["/a/"][1:] == ("monthly", "1.0")
    assert found["/p/"][1:] == ("yearly", "0.5")


def test_the_defaults_are_sensible():
    assert setting_errors({}) == []
    assert setting_errors({"SITEMAP": DEFAULTS}) == []


@pytest.mark.parametrize(
    ("sitemap", "words"),
    [
        ([r"^404"], "SITEMAP must be a dict"),
        ({"format": "xml"}, "SITEMAP has no key 'format'"),
        ({"exclude": r"^404"}, "SITEMAP['exclude'] must be a list of regular expressions"),
        ({"exclude": ["(unclosed"]}, "'(unclosed' is not a regular expression"),
        ({"changefreqs": {"article": "daily"}}, "SITEMAP['changefreqs'] has no kind 'article'"),
        ({"changefreqs": {"pages": "often"}}, "must be one of always, hourly"),
        ({"priorities": {"pages": 2}}, "must be a number from 0.0 to 1.0, not 2"),
        ({"priorities": {"pages": "high"}}, "must be a number from 0.0 to 1.0, not 'high'"),
    ],
)
def test_nonsense_is_named(sitemap, words):
    assert any(words in error for error in setting_errors({"SITEMAP": sitemap}))


def test_a_build_with_a_nonsense_setting_stops_at_start_up_naming_it(tmp_path):
    folder = make_site(tmp_path / "site", settings='SITEMAP = {"exclude": "^404"}\n')
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "settings.py", "-o", "output", "content"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "theme_support: setting error: SITEMAP['exclude'] must be a list" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (folder / "output").exists()


# On the fixture site, built with the project's settings.


def lastmods(site):
    tree = ET.parse(site.root / "sitemap.xml")
    return {
        url.findtext("s:loc", namespaces=NAMESPACE): datetime.datetime.fromisoformat(
            url.findtext("s:lastmod", namespaces=NAMESPACE)
        )
        for url in tree.getroot().findall("s:url", NAMESPACE)
    }


def test_listing_pages_are_dated_by_the_newest_article_not_the_build_clock(site):
    dates = lastmods(site)
    article = next(date for location, date in dates.items() if location.endswith(ARTICLE))
    index = dates[min(dates, key=len)]  # the home page: the shortest location
    assert index == max(dates.values()) == article
    assert all(date.tzinfo is not None for date in dates.values())


def test_every_listed_url_is_a_page_of_the_site_and_the_editor_is_not_one(site):
    locations = list(lastmods(site))
    assert {"/", f"/{ARTICLE}"} <= set(locations)
    assert all(site.path(location).is_file() for location in locations)
    # Pages only: the data files Pelican's writer writes (the chat's index) are none.
    assert all(location.endswith(("/", ".html")) for location in locations), locations
    # The editor's page is written beside Pelican's pages, not by Pelican (test_editor_site.py).
    assert not [location for location in locations if location.startswith(f"/{EDITOR_DIR}/")]


def test_the_sitemap_is_the_same_byte_for_byte_when_the_site_is_built_again_later(site, tmp_path):
    first = (site.root / "sitemap.xml").read_bytes()
    # Its dates are to the second: a clock would show in a build started a second later.
    time.sleep(max(0.0, 1.1 - (time.time() - (site.root / "sitemap.xml").stat().st_mtime)))
    again = build_site(tmp_path / "output")
    assert (again.root / "sitemap.xml").read_bytes() == first


HIDDEN_AND_DRAFTS = {
    **GOOD_SITE,
    "content/pages/thanks.md": "Title: Thanks\nSlug: thanks\nStatus: hidden\n\nThank you.\n",
    "content/pages/soon.md": "Title: Soon\nSlug: soon\nStatus: draft\n\nNot yet.\n",
    "content/articles/next.md": (
        "Title: Next\nSlug: next\nDate: 2026-11-30 10:00\nStatus: draft\n\nNot yet.\n"
    ),
}


def test_hidden_pages_and_drafts_are_written_but_not_listed(tmp_path):
    folder = make_site(tmp_path / "site", HIDDEN_AND_DRAFTS)
    built = build_site(folder / "output", content=folder / "content")
    assert (built.root / "thanks" / "index.html").is_file()  # a hidden page is published
    assert list((built.root / "drafts").rglob("*.html"))  # the preview shows drafts
    dates = lastmods(built)
    assert {"/good/", "/about/"} <= set(dates)
    assert not [loc for loc in dates if "thanks" in loc or "soon" in loc or "next" in loc]
    assert dates["/"] == dates["/good/"]  # a draft's later date is no change of the site yet


# Two Pelican objects run in one process, as in the live preview's warm builder or `pelican
# --autoreload`, the first failing half-way once: each sitemap lists its own site's pages, once.
TWO_RUNS = """
import sys
from pelican import Pelican, signals
from pelican.settings import read_settings

def pelican_for(folder):
    settings = read_settings(f"{folder}/settings.py", override={
        "PATH": f"{folder}/content", "OUTPUT_PATH": f"{folder}/output"})
    return Pelican(settings)

def fail_half_way(path, context):
    raise RuntimeError("a run that fails after writing a page")

first, second = pelican_for(sys.argv[1]), pelican_for(sys.argv[2])
signals.content_written.connect(fail_half_way)
try:
    first.run()
except RuntimeError:
    signals.content_written.disconnect(fail_half_way)
else:
    sys.exit("the first run did not fail")
second.run()
first.run()
"""


def test_two_sites_built_in_one_process_each_list_their_own_pages(tmp_path):
    first = make_site(tmp_path / "first")
    article = GOOD_SITE["content/articles/good.md"].replace("Slug: good", "Slug: better")
    second = make_site(
        tmp_path / "second",
        {
            **GOOD_SITE,
            "content/articles/good.md": article,
            "content/pages/about.md": "Title: Team\nSlug: team\n\nWho we are.\n",
        },
    )
    result = run_python(TWO_RUNS, first, second, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = {}
    for folder in (first, second):
        root = ET.parse(folder / "output" / "sitemap.xml").getroot()
        locations = [loc.text for loc in root.findall("s:url/s:loc", NAMESPACE)]
        assert len(set(locations)) == len(locations), locations
        listed[folder.name] = set(locations)
    assert {"/good/", "/about/"} <= listed["first"]
    assert {"/better/", "/team/"} <= listed["second"]
    assert not listed["first"] & {"/better/", "/team/"}
    assert not listed["second"] & {"/good/", "/about/"}
