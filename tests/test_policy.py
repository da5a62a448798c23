"""The policy travels with the page: one definition (publishing/policy.py) gives the hosts'
headers and every page's <meta> policy, so a host that sends no headers at all still keeps
other sites' scripts, and inline ones, from running."""

import functools
import http.server
import re
import shutil
import threading
import tomllib
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from publishing import policy
from tests.badsites import build, make_site
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, QuietHandler
from tests.sitebuild import ROOT
from tests.test_nginx import VIOLATION_RECORDER, header_rules

OTHER_HOST = "127.0.0.2"  # loopback too, but another origin than the site's 127.0.0.1
ARTICLE = "good/index.html"
NGINX_HEADER = re.compile(r'^add_header ([\w-]+) "([^"]*)" always;$', re.MULTILINE)


def directives(text):
    """Return {directive: sources} of a Content-Security-Policy's text."""
    parts = [part.split() for part in text.split(";") if part.strip()]
    return {name: tuple(sources) for name, *sources in parts}


def test_the_hosts_headers_file_sends_the_policy():
    rules = header_rules((ROOT / "deploy" / "_headers").read_text(encoding="utf-8"))
    assert {k: v for k, v in rules["/*"].items() if k in policy.SECURITY_HEADERS} == (
        policy.SECURITY_HEADERS
    )


def test_the_preview_hosts_read_this_headers_file_and_set_none_of_their_own(built):
    # Netlify and Cloudflare Pages read _headers from the folder they publish (the build's
    # output: tests/test_preview_deploys.py); a [[headers]] table in netlify.toml would be a
    # second definition, added to this one.
    assert (built / "_headers").read_bytes() == (ROOT / "deploy" / "_headers").read_bytes()
    netlify = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert "headers" not in netlify
    assert all("headers" not in context for context in netlify.get("context", {}).values())


def test_the_nginx_config_sends_the_policy():
    config = (ROOT / "deploy" / "nginx" / "clinic-site.conf").read_text(encoding="utf-8")
    sent = dict(NGINX_HEADER.findall(config))
    assert {k: v for k, v in sent.items() if k in policy.SECURITY_HEADERS} == (
        policy.SECURITY_HEADERS
    )


def test_the_meta_policy_is_the_header_policy_less_what_a_meta_cannot_carry():
    header = directives(policy.SECURITY_HEADERS["Content-Security-Policy"])
    meta = directives(policy.meta_policy())
    assert meta == {k: v for k, v in header.items() if k not in policy.HEADER_ONLY_DIRECTIVES}
    assert "frame-ancestors" in header
    assert "frame-ancestors" not in meta
    assert "'unsafe-inline'" not in policy.meta_policy()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The good tiny site, built strictly: its output folder."""
    folder = make_site(tmp_path_factory.mktemp("policy") / "site")
    result = build(folder)
    assert result.returncode == 0, result.stderr
    return folder / "output"


def test_every_page_carries_the_policy_first_after_its_charset(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        first, second, third = head.find_all(True, limit=3)
        assert first.attrs == {"charset": "utf-8"}, page
        assert second.attrs == {
            "http-equiv": "Content-Security-Policy",
            "content": policy.meta_policy(),
        }, page
        assert third.attrs == {"name": "referrer", "content": policy.REFERRER_POLICY}, page


class ForeignScript(http.server.BaseHTTPRequestHandler):
    """Another origin's script, which says so if it runs; counts the requests for it."""

    requests: ClassVar[list] = []

    def do_GET(self):
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript")
        self.end_headers()
        self.wfile.write(b"window.foreignRan = true; document.title = 'foreign script ran';")

    def log_message(self, format, *args):
        pass


def serve(host, handler):
    """Serve on `host` (no headers of our own: no CSP); yield the port, then stop."""
    server = http.server.ThreadingHTTPServer((host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def foreign_port():
    ForeignScript.requests.clear()
    yield from serve(OTHER_HOST, ForeignScript)


def injected(built, folder, foreign_port, keep_policy=True):
    """Copy the build into `folder` with an inline script and another origin's script in the
    article (as a bad article might have them); without the meta policy unless `keep_policy`."""
    shutil.copytree(built, folder)
    page = folder / ARTICLE
    html = page.read_text(encoding="utf-8")
    scripts = (
        "<script>window.inlineRan = true; document.title = 'inline script ran';</script>"
        f'<script src="http://{OTHER_HOST}:{foreign_port}/x.js"></script>'
    )
    html = html.replace("<main", f"{scripts}<main", 1)
    if not keep_policy:
        html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    page.write_text(html, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reaching_browser(browser):
    """Chromium that may reach the other origin too, so only the policy can stop its script.

    Launched through the session's Playwright (one may run per process), with its rules.
    """
    rules = CHROMIUM_ARGS[-1] + f" , EXCLUDE {OTHER_HOST}"
    launched = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS[:-1], rules]
    )
    yield launched
    launched.close()


@pytest.fixture
def visit(reaching_browser):
    """Open a page of a folder served on 127.0.0.1: (page, URLs answered as it loaded)."""
    stops, contexts = [], []

    def open_folder(folder, path):
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = serve("127.0.0.1", handler)
        port = next(server)
        stops.append(server)
        context = reaching_browser.new_context()
        contexts.append(context)
        context.add_init_script(VIOLATION_RECORDER)
        # Answered requests: Chromium reports a request the policy blocks, then never sends it.
        requested = []
        context.on("response", lambda response: requested.append(response.url))
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/{path}", wait_until="networkidle")
        return page, requested

    yield open_folder
    for context in contexts:
        context.close()
    for server in stops:
        next(server, None)


def ran(page):
    return page.evaluate("[window.inlineRan === true, window.foreignRan === true]")


def test_without_the_meta_policy_both_scripts_run(built, tmp_path, foreign_port, visit):
    """The control: served without headers, nothing but the page's own policy stops them."""
    page, requested = visit(injected(built, tmp_path / "out", foreign_port, False), ARTICLE)
    assert ran(page) == [True, True]
    assert page.title() == "foreign script ran"
    assert OTHER_HOST in {urlsplit(url).hostname for url in requested}


def test_with_it_neither_runs_and_nothing_is_asked_of_another_host(
    built, tmp_path, foreign_port, visit
):
    ForeignScript.requests.clear()
    page, requested = visit(injected(built, tmp_path / "out", foreign_port), ARTICLE)
    assert ran(page) == [False, False]
    assert page.title().startswith("A good article")
    assert {urlsplit(url).hostname for url in requested} == {"127.0.0.1"}
    assert ForeignScript.requests == []
    blocked = page.evaluate("window.cspViolations")
    assert sorted(blocked) == sorted(
        [
            "script-src-elem blocked inline",
            f"script-src-elem blocked http://{OTHER_HOST}:{foreign_port}/x.js",
        ]
    )


def test_the_sites_own_chat_and_search_still_work(built, visit):
    page, requested = visit(built, ARTICLE)
    page.locator("[data-chat-open]").click()
    page.get_by_label("Your question").fill("Is this a question?")
    page.get_by_label("Your question").press("Enter")
    page.locator(".chat-msg-bot", has_text="Yes, with an answer").wait_for()
    search, searched = visit(built, "search/")
    search.get_by_label("Search articles and answers").fill("team")
    search.wait_for_selector("#search-results li")
    assert search.locator("#search-results li a").count() >= 1
    assert page.evaluate("window.cspViolations") == []
    assert search.evaluate("window.cspViolations") == []
    assert {urlsplit(url).hostname for url in requested + searched} == {"127.0.0.1"}
