"""The theme on the real development build: what each page type shows and how it is built."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from pelicanconf import CLINIC_CONTACT_PAGE

ARTICLE = "ketamine-vs-antidepressants/"
KEY_POINTS = 5


@pytest.fixture(scope="module")
def article(site):
    return site.page(ARTICLE)


def resolves(site, page_path, href):
    """Return True if a relative link on a page reaches a built file."""
    target = (site.path(page_path).parent / href.split("#")[0]).resolve()
    return (target / "index.html").is_file() if target.is_dir() else target.is_file()


def test_article_head_describes_the_article(article):
    summary = article.find("meta", attrs={"name": "description"})["content"]
    assert summary.startswith("How ketamine-assisted psychotherapy differs")
    assert article.title.get_text().startswith("Ketamine-Assisted Psychotherapy vs.")


def test_every_page_has_description_icons_and_stylesheet_that_exist(site):
    for name, page in site.pages():
        assert page.find("meta", attrs={"name": "description"})["content"].strip(), name
        for rel in ["icon", "apple-touch-icon", "stylesheet"]:
            link = page.find("link", rel=rel)
            assert link is not None, f"{name}: no <link rel={rel}>"
            assert resolves(site, name, link["href"]), f"{name}: {link['href']}"


def test_dev_build_has_no_canonical_or_social_urls(article):
    # They must be absolute, and a development build has no site address: see the publish tests.
    assert article.find("link", rel="canonical") is None
    assert article.find("meta", property="og:url") is None


def test_breadcrumb_leads_home_and_to_the_category(site, article):
    crumbs = article.select('nav[aria-label="Breadcrumb"] li a')
    assert [a.get_text() for a in crumbs] == ["Home", "Treatment"]
    assert all(resolves(site, ARTICLE, a["href"]) for a in crumbs)


def test_byline_gives_author_dates_and_reading_time(article):
    byline = article.select_one(".byline")
    text = " ".join(byline.get_text().split())
    assert "By Clinic editorial team" in text
    assert byline.find("time")["datetime"] == "2026-11-26T09:00:00-08:00"
    words = len(re.findall(r"\w+", article.select_one(".article-body").get_text()))
    assert f"· {max(1, -(-words // 238))} min read" in text


def test_no_medical_review_line_without_review_metadata(article):
    assert article.select_one(".medical-review") is None
    assert "reviewed" not in article.find("main").get_text().lower()


def test_key_points_stand_in_their_own_box(article):
    box = article.select_one(".article-body .key-takeaways")
    assert box.find("h2").get_text() == "What You Need to Know"
    assert len(box.find("ul").find_all("li", recursive=False)) == KEY_POINTS


def test_comparison_table_scrolls_in_its_own_labelled_focusable_region(article):
    region = article.select_one(".table-scroll")
    assert region.find("table", class_="comparison") is not None
    assert region["role"] == "region"
    assert region["tabindex"] == "0"
    assert article.find(id=region["aria-labelledby"]).name == "caption"


def test_article_ends_with_disclaimer_and_a_way_to_contact_the_clinic(site, article):
    note = article.select_one("article .care-note")
    assert "information, not medical advice" in note.get_text()
    assert "Talk to a clinician" in note.get_text()
    contact = note.find("a", string="Contact the clinic")
    assert resolves(site, ARTICLE, contact["href"])
    assert contact["href"].rstrip("/").endswith(CLINIC_CONTACT_PAGE)


def test_topics_link_to_their_tag_pages(site, article):
    links = article.select(".article-footer .tags a")
    assert [a.get_text() for a in links] == [
        "ketamine",
        "depression",
        "antidepressants",
        "psychotherapy",
    ]
    assert all(resolves(site, ARTICLE, a["href"]) for a in links)


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "Articles"),
        ("clinic/", "Our Vancouver clinic"),
        ("search/", "Search"),
        ("faq/", "FAQ"),
        (ARTICLE, None),
        ("archives/", None),
    ],
)
def test_main_navigation_marks_the_current_page(site, path, current):
    marked = site.page(path).select('nav[aria-label="Main"] [aria-current="page"]')
    assert [a.get_text() for a in marked] == ([current] if current else [])


def test_main_navigation_links_each_page_once(site):
    links = [a["href"] for a in site.page("/").select('nav[aria-label="Main"] a')]
    assert len(links) == len(set(links)), links
    assert "./faq/" in links


def test_skip_link_comes_first_and_reaches_main(site):
    for name, page in site.pages():
        first = page.body.find(["a", "button", "input"])
        assert (first["href"], first.get_text()) == ("#main", "Skip to content"), name
        assert page.find(id="main").name == "main"


def test_no_inline_styles_or_scripts_anywhere(site):
    """A Content-Security-Policy without 'unsafe-inline' must not break any page."""
    for name, page in site.pages():
        assert page.find("style") is None, name
        assert page.find(style=True) is None, name
        for script in page.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue
            assert script.get("src"), f"{name}: {script}"
            # A module script is deferred by the browser without the attribute.
            assert script.has_attr("defer") or script.get("type") == "module", f"{name}: {script}"
            assert not script.get_text().strip(), name


def test_index_lists_articles_as_cards_with_date_and_reading_time(site):
    card = site.page("/").select_one("main .card")
    assert card.find("a")["href"].endswith(ARTICLE)
    assert card.find("time")["datetime"].startswith("2026-11-26")
    assert re.search(r"\d+ min read", card.get_text())
    assert card.select_one(".card-summary").get_text(strip=True)


def test_404_page_is_not_indexed_and_offers_ways_on(site):
    page = site.page("404.html")
    assert page.find("h1").get_text() == "Page not found"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert {a.get_text() for a in page.select("main a")} >= {"All articles", "Search the site"}


def test_search_page_says_it_needs_javascript_and_links_elsewhere(site):
    page = site.page("search/")
    fallback = page.select_one("[data-search-fallback]")
    assert "needs JavaScript" in fallback.get_text()
    assert fallback.find("a", string="All articles") is not None
    assert all(resolves(site, "search/", a["href"]) for a in fallback.find_all("a"))
    form = page.select_one("form[role=search]")
    assert form.has_attr("hidden")  # shown by the script, which only runs with JavaScript
    assert page.find("label", attrs={"for": "search-query"}) is not None
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_pagefind_indexes_articles_and_pages_only(site):
    entry = json.loads((site.root / "pagefind" / "pagefind-entry.json").read_text())
    # The article, the clinic page, and the accessibility and privacy pages every site has.
    assert entry["languages"]["en"]["page_count"] == 4
    assert (site.root / "pagefind" / "pagefind.js").is_file()


def test_robots_txt_allows_crawling_without_a_relative_sitemap(site):
    robots = (site.root / "robots.txt").read_text()
    assert robots.startswith("User-agent: *\n")
    assert "Sitemap:" not in robots  # a development build has no absolute URL to give


def test_sitemap_lists_reader_pages_only(site):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(site.root / "sitemap.xml")
    locations = [loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)]
    assert any(loc.endswith(ARTICLE) for loc in locations)
    assert any(loc.endswith("clinic/") for loc in locations)
    assert not [loc for loc in locations if re.search(r"404|search/|robots", loc)]
