"""The sitemap dates pages without a date of their own by the site's newest change."""

import datetime
import xml.etree.ElementTree as ET
from types import SimpleNamespace

from plugins.theme_support.sitemap_dates import newest_change

ARTICLE = "ketamine-vs-antidepressants/"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
UTC = datetime.UTC


def day(number):
    return datetime.datetime(2026, 11, number, 9, tzinfo=UTC)


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


def lastmods(site):
    tree = ET.parse(site.root / "sitemap.xml")
    return {
        url.findtext("s:loc", namespaces=SITEMAP): datetime.datetime.fromisoformat(
            url.findtext("s:lastmod", namespaces=SITEMAP)
        )
        for url in tree.getroot().findall("s:url", SITEMAP)
    }


def test_listing_pages_are_dated_by_the_newest_article_not_the_build_clock(site):
    dates = lastmods(site)
    article = next(date for location, date in dates.items() if location.endswith(ARTICLE))
    index = dates[min(dates, key=len)]  # the home page: the shortest location
    assert index == max(dates.values()) == article
    assert all(date.tzinfo is not None for date in dates.values())
