"""In the browser, every page and everything it loads comes from the local server, nothing else."""

from urllib.parse import urlsplit

import pytest

from tests.test_accessibility import url_paths

pytestmark = pytest.mark.browser


def test_no_request_leaves_the_local_server(browser, site, site_url):
    context = browser.new_context()
    requested = []

    def record(route):
        requested.append(route.request.url)
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", record)
    page = context.new_page()
    try:
        for path in url_paths(site):
            page.goto(site_url + path, wait_until="networkidle")
            if "?q=" in path:
                page.wait_for_selector("#search-results li")
    finally:
        context.close()
    hosts = {urlsplit(url).hostname for url in requested}
    assert hosts == {"127.0.0.1"}
    # The search states load Pagefind, its WebAssembly and index: all of it from this server.
    assert any(url.endswith(".pagefind") for url in requested)


def test_the_check_sees_a_request_to_another_host(browser, site_url):
    context = browser.new_context()
    requested = []

    def record(route):
        requested.append(route.request.url)
        route.abort()

    context.route("**/*", record)
    page = context.new_page()
    page.set_content('<img src="https://example.org/pixel.png" alt="x">')
    page.wait_for_load_state("networkidle")
    context.close()
    assert "example.org" in {urlsplit(url).hostname for url in requested}
