"""The theme in a publish build: absolute canonical and social URLs, feed links, robots, sitemap."""

import re
import xml.etree.ElementTree as ET

import pytest

from publishconf import SITEURL
from tests.sitebuild import BuiltSite, run_pelican

ARTICLE = "ketamine-vs-antidepressants/"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    output = tmp_path_factory.mktemp("published") / "output"
    result = run_pelican(output, settings="publishconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(output, result.stdout + result.stderr)


def meta(page, prop):
    tag = page.find("meta", property=prop) or page.find("meta", attrs={"name": prop})
    assert tag is not None, f"no <meta> {prop}"
    return tag["content"]


@pytest.mark.parametrize(
    "path", ["/", ARTICLE, "clinic/", "archives/", "category/treatment/", "tag/ketamine/"]
)
def test_canonical_and_og_url_are_the_pages_own_absolute_url(published, path):
    page = published.page(path)
    expected = SITEURL + "/" + path.lstrip("/")
    assert page.find("link", rel="canonical")["href"] == expected
    assert meta(page, "og:url") == expected


def test_article_card_for_sharing(published):
    page = published.page(ARTICLE)
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == page.find("h1").get_text()
    assert meta(page, "og:description") == meta(page, "description")
    assert meta(page, "article:published_time") == "2026-11-26T09:00:00-08:00"
    assert meta(page, "twitter:card") == "summary_large_image"


def test_social_image_is_absolute_exists_and_has_alt(published):
    page = published.page(ARTICLE)
    image = meta(page, "og:image")
    assert image.startswith(SITEURL + "/")
    assert (published.root / image.removeprefix(SITEURL + "/")).is_file()
    assert meta(page, "og:image:alt") == meta(page, "twitter:image:alt")
    assert len(meta(page, "og:image:alt").split()) >= 8
    assert meta(page, "og:image:width") == "1200"  # social.png is 1200 x 630


def test_pages_link_the_atom_feed(published):
    link = published.page("/").find("link", rel="alternate", type="application/atom+xml")
    assert link["href"] == SITEURL + "/feeds/all.atom.xml"
    assert (published.root / "feeds" / "all.atom.xml").is_file()


def test_category_and_article_pages_also_link_their_category_feed(published):
    for path in ["category/treatment/", ARTICLE]:
        links = published.page(path).find_all("link", rel="alternate")
        assert [link["href"] for link in links] == [
            SITEURL + "/feeds/all.atom.xml",
            SITEURL + "/feeds/treatment.atom.xml",
        ]
    assert (published.root / "feeds" / "treatment.atom.xml").is_file()


def test_robots_txt_points_to_the_absolute_sitemap(published):
    robots = (published.root / "robots.txt").read_text()
    assert re.search(rf"^Sitemap: {re.escape(SITEURL)}/sitemap\.xml$", robots, re.MULTILINE)


def test_sitemap_has_absolute_urls_of_the_reader_pages(published):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(published.root / "sitemap.xml").getroot()
    locations = {loc.text for loc in root.findall("s:url/s:loc", namespace)}
    assert {f"{SITEURL}/{ARTICLE}", f"{SITEURL}/clinic/", f"{SITEURL}/"} <= locations
    assert all(loc.startswith(SITEURL + "/") for loc in locations)
    assert not [loc for loc in locations if re.search(r"404|search/|robots", loc)]
