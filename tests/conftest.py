"""Shared fixtures: one build of the fixture site per session, and a browser that loads it."""

import functools
import http.server
import threading
from pathlib import Path

import pytest

from tests.sitebuild import build_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Any host but this machine fails to resolve, so a stray third-party request shows up.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The fixture site (tests/site/content) built once with the project's development settings."""
    return build_site(tmp_path_factory.mktemp("site") / "output")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site):
    """Base URL of a static HTTP server on 127.0.0.1 serving the built site."""
    handler = functools.partial(QuietHandler, directory=str(site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; missing chromium is a failure, not a skip."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser):
    """A fresh page in its own context, closed after the test."""
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(browser):
    """A fresh page in a context with JavaScript off, as some readers browse."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The site with sample articles added (tests/samples.py), built once."""
    from tests.samples import build_sample_site

    return build_sample_site(tmp_path_factory.mktemp("samples"))


@pytest.fixture(scope="session")
def sample_site_url(sample_site):
    """Base URL of a static HTTP server on 127.0.0.1 serving the sample site."""
    from tests.localserver import served_folder

    with served_folder(sample_site.root) as url:
        yield url
