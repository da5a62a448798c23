"""Smoke test in a real browser: the article loads from 127.0.0.1 and asks no other host."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser
ARTICLE_TITLE = "Ketamine-Assisted Psychotherapy vs. Traditional Antidepressants"


def test_article_loads_and_shows_its_title(browser_page, site_url):
    requested = []
    browser_page.on("request", lambda request: requested.append(request.url))
    response = browser_page.goto(site_url + "ketamine-vs-antidepressants/")
    assert response.status == 200
    assert browser_page.title().startswith(ARTICLE_TITLE)
    assert browser_page.locator("h1").inner_text().startswith(ARTICLE_TITLE)
    browser_page.wait_for_load_state("networkidle")
    assert {urlsplit(url).hostname for url in requested} == {"127.0.0.1"}


def test_article_images_load(browser_page, site_url):
    browser_page.goto(site_url + "ketamine-vs-antidepressants/")
    browser_page.wait_for_load_state("load")
    # All but the first are loading="lazy": a reader scrolling down brings each into view.
    for image in browser_page.locator("main img").all():
        image.scroll_into_view_if_needed()
    browser_page.wait_for_function(
        "() => [...document.querySelectorAll('main img')].every(i => i.complete && i.naturalWidth)"
    )
    widths = browser_page.eval_on_selector_all("main img", "imgs => imgs.map(i => i.naturalWidth)")
    assert len(widths) == 4
    assert all(width > 0 for width in widths)
