"""The theme in the browser: search, the table on a 320px screen, dark mode, print, focus."""

import pytest

pytestmark = pytest.mark.browser
ARTICLE = "ketamine-vs-antidepressants/"


@pytest.fixture
def page_at(browser):
    """Open pages in a context of a given width and colour scheme; closed after the test."""
    contexts = []

    def open_page(url, width=375, scheme="light"):
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.goto(url, wait_until="load")
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_search_finds_the_article_and_says_how_many(page_at, site_url):
    page = page_at(site_url + "search/")
    assert page.locator("[data-search-fallback]").is_hidden()
    page.get_by_label("Search articles and answers").fill("neuroplasticity")
    page.wait_for_selector("#search-results li")
    titles = page.locator("#search-results li a").all_inner_texts()
    assert titles[0].startswith("Ketamine-Assisted Psychotherapy vs. Traditional")
    assert page.locator("#search-results li a").first.get_attribute("href") == "/" + ARTICLE
    assert page.locator("#search-status").inner_text().startswith("1 result for “neuroplasticity”")
    assert page.url.endswith("?q=neuroplasticity")


def test_search_says_plainly_when_nothing_matches(page_at, site_url):
    page = page_at(site_url + "search/?q=zzyzx")
    page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    assert page.locator("#search-status").inner_text().startswith("No results for “zzyzx”")


def test_without_javascript_search_page_says_so_and_links_on(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "search/")
    assert "needs JavaScript" in page.locator("[data-search-fallback]").inner_text()
    assert page.locator("form[role=search]").is_hidden()
    context.close()


def test_comparison_table_is_readable_on_a_320px_screen(page_at, site_url):
    page = page_at(site_url + ARTICLE, width=320)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # the page never scrolls
    region = page.locator(".table-scroll")
    region_box = region.bounding_box()
    assert region_box["x"] >= 0
    assert region_box["x"] + region_box["width"] <= 320
    cell = page.locator(".comparison td").first
    assert cell.bounding_box()["width"] >= 170  # about 20 characters a line, not one word
    assert float(cell.evaluate("c => getComputedStyle(c).fontSize").removesuffix("px")) >= 14
    # Scrolled to its far end, the row headers still show beside the last column.
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    header = page.locator(".comparison tbody th").first.bounding_box()
    assert abs(header["x"] - region_box["x"]) <= 2


def test_dark_mode_darkens_the_page(page_at, site_url):
    def background(scheme):
        page = page_at(site_url + ARTICLE, scheme=scheme)
        return page.evaluate("getComputedStyle(document.documentElement).backgroundColor")

    assert background("light") == "rgb(251, 250, 247)"
    assert background("dark") == "rgb(18, 24, 22)"


def test_print_shows_the_article_without_navigation(page_at, site_url):
    page = page_at(site_url + ARTICLE)
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".breadcrumb").is_hidden()
    assert page.locator("h1").is_visible()
    assert page.locator(".care-note").is_visible()


def test_skip_link_appears_on_focus_and_has_a_focus_ring(page_at, site_url):
    page = page_at(site_url + ARTICLE)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0
    assert box["height"] >= 24
    outline = page.locator(".skip-link").evaluate("a => getComputedStyle(a).outlineWidth")
    assert outline == "3px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
