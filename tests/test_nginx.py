"""A publish build served by Debian's nginx with the project's config, checked over HTTP and in
the browser: types, compression, security and cache headers, the 404 page, and no CSP violation.
"""

import gzip
import http.client
import inspect
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from bs4 import BeautifulSoup

from publishing.pipeline import build_site
from tests import test_browser
from tests.nginx import Nginx, free_port
from tests.sitebuild import EDITOR_DIR, FIXTURE_CONTENT, ROOT

HEADERS_FILE = ROOT / "deploy" / "_headers"
ARTICLE = "/ketamine-vs-antidepressants/"
MISSING = "/no-such-page/"
# What nginx must answer for each kind of file (Debian's mime.types plus the site config).
CONTENT_TYPES = {
    ".html": {"text/html; charset=utf-8"},
    ".css": {"text/css; charset=utf-8"},
    ".js": {"application/javascript; charset=utf-8", "text/javascript; charset=utf-8"},
    ".svg": {"image/svg+xml; charset=utf-8"},
    ".atom.xml": {"application/atom+xml; charset=utf-8"},
    ".xml": {"text/xml; charset=utf-8"},
    ".txt": {"text/plain; charset=utf-8"},
    ".json": {"application/json; charset=utf-8"},
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".webp": {"image/webp"},
    ".avif": {"image/avif"},
    ".ico": {"image/x-icon", "image/vnd.microsoft.icon"},
    ".woff2": {"font/woff2"},
    ".wasm": {"application/wasm"},
    ".yml": {"text/yaml"},  # the web editor's configuration
    # Pagefind's index: binary chunks its own script fetches and decodes.
    ".pf_fragment": {"application/octet-stream"},
    ".pf_index": {"application/octet-stream"},
    ".pf_meta": {"application/octet-stream"},
    ".pagefind": {"application/octet-stream"},
}
# Rule counts of the stylesheets the page links itself (not the chat's, which chat.js adds).
PAGE_STYLESHEET_RULES = """[...document.styleSheets]
  .filter(sheet => !sheet.ownerNode.matches("[data-chat-style]"))
  .map(sheet => sheet.cssRules.length)"""
PRECOMPRESSED = {".br": "br", ".gz": "gzip"}
# Records every CSP violation, from the first script the page runs.
VIOLATION_RECORDER = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def header_rules(text):
    """Parse a _headers file into {path pattern: {header name: value}}; a header taken off
    a path (`! Name`) is {"! Name": None}."""
    rules, pattern = {}, None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = line.strip()
            rules[pattern] = {}
        elif line.strip().startswith("!"):
            rules[pattern][f"! {line.strip()[1:].strip()}"] = None
        else:
            name, value = line.strip().split(":", 1)
            rules[pattern][name.strip()] = value.strip()
    return rules


RULES = header_rules(HEADERS_FILE.read_text(encoding="utf-8"))


# The publish settings, with the repository the web editor commits to: /admin/ is then the
# editor itself, scripts and all, as the clinic will publish it (docs/editor.md).
PUBLISHED_WITH_THE_EDITOR = f"""\
import sys
sys.path.insert(0, {str(ROOT)!r})
from publishconf import *
THEME = {str(ROOT / "theme")!r}
PLUGIN_PATHS = [{str(ROOT / "plugins")!r}]
PATH = {str(FIXTURE_CONTENT)!r}
EDITOR_REPO = "clinic/website"
"""


@pytest.fixture(scope="module")
def workspace():
    """A folder the unprivileged nginx user can read: the build and nginx's own files."""
    folder = Path(tempfile.mkdtemp(prefix="clinic-nginx-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def published(workspace):
    """A publish build (strict, checked, precompressed) whose SITEURL is nginx's address."""
    port = free_port()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", f"http://127.0.0.1:{port}")
        settings, site = workspace / "settings.py", workspace / "site"
        settings.write_text(PUBLISHED_WITH_THE_EDITOR, encoding="utf-8")
        build_site(settings, site, strict=True, precompress=True, content=FIXTURE_CONTENT)
    return workspace / "site", port


@pytest.fixture(scope="module")
def nginx(published, workspace):
    """Base URL of Debian's nginx serving the publish build with deploy/nginx/clinic-site.conf."""
    root, port = published
    server = Nginx(root, port, workspace)
    url = server.start()
    yield url
    server.stop()


@pytest.fixture(scope="module")
def site_root(published):
    return published[0]


def fetch(base_url, path, **headers):
    """GET a path; return (status, headers, body) exactly as sent, nothing decoded."""
    connection = http.client.HTTPConnection(urlsplit(base_url).netloc, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def url_path(site_root, file):
    """Return the URL path that serves a built file: folders' index.html by their folder."""
    path = "/" + file.relative_to(site_root).as_posix()
    return path.removesuffix("index.html")


def expected_types(file):
    suffix = ".atom.xml" if file.name.endswith(".atom.xml") else file.suffix
    if suffix not in CONTENT_TYPES:
        pytest.fail(f"{file.name}: add the type nginx must send for {suffix} to CONTENT_TYPES")
    return CONTENT_TYPES[suffix]


def served_files(site_root):
    """Every file a reader may ask for: not the .br/.gz copies, not the hosts' _headers."""
    return [
        file
        for file in sorted(site_root.rglob("*"))
        if file.is_file() and file.suffix not in PRECOMPRESSED and file.name != "_headers"
    ]


def test_every_page_is_served_as_html_with_status_200(nginx, site_root):
    pages = [file for file in served_files(site_root) if file.suffix == ".html"]
    assert len(pages) >= 5
    wrong = []
    for file in pages:
        status, headers, body = fetch(nginx, url_path(site_root, file))
        if (status, headers["Content-Type"], body) != (
            200,
            "text/html; charset=utf-8",
            file.read_bytes(),
        ):
            wrong.append((url_path(site_root, file), status, headers["Content-Type"]))
    assert wrong == []


def test_every_other_file_is_served_with_its_content_type(nginx, site_root):
    files = [file for file in served_files(site_root) if file.suffix != ".html"]
    wrong = []
    for file in files:
        status, headers, body = fetch(nginx, url_path(site_root, file))
        if (
            status != 200
            or headers["Content-Type"] not in expected_types(file)
            or body != file.read_bytes()
        ):
            wrong.append((url_path(site_root, file), status, headers["Content-Type"]))
    assert wrong == []


def test_text_is_sent_precompressed_to_clients_that_accept_it(nginx, site_root):
    originals = sorted({file.with_suffix("") for file in site_root.rglob("*.br")})
    assert any(file.suffix == ".html" for file in originals)
    assert any(file.suffix == ".css" for file in originals)
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}
    for original in originals:
        path = url_path(site_root, original)
        for encoding in ("br", "gzip"):
            status, headers, body = fetch(nginx, path, **{"Accept-Encoding": encoding})
            assert (status, headers["Content-Encoding"]) == (200, encoding), path
            assert decode[encoding](body) == original.read_bytes(), path
            assert headers["Vary"] == "Accept-Encoding", path
        status, headers, body = fetch(nginx, path)
        assert headers["Content-Encoding"] is None
        assert body == original.read_bytes()


def stylesheet_path(nginx):
    _, _, body = fetch(nginx, "/")
    href = BeautifulSoup(body, "html.parser").select_one('link[rel="stylesheet"]')["href"]
    return urlsplit(href).path


@pytest.mark.parametrize("path", ["/", ARTICLE, "/feeds/all.atom.xml", MISSING, "stylesheet"])
def test_every_response_carries_the_security_headers_of_the_headers_file(nginx, path):
    path = stylesheet_path(nginx) if path == "stylesheet" else path
    _, headers, _ = fetch(nginx, path)
    for name, value in RULES["/*"].items():
        assert headers[name] == value, name


def test_the_editor_gets_its_own_policy_and_every_other_security_header(nginx):
    _, headers, _ = fetch(nginx, f"/{EDITOR_DIR}/")
    for name, value in RULES["/*"].items():
        expected = RULES[f"/{EDITOR_DIR}/*"].get(name, value)
        assert headers[name] == expected, name
    assert headers["Content-Security-Policy"] != RULES["/*"]["Content-Security-Policy"]


def test_the_editors_scripts_are_compressed_as_they_are_sent(nginx):
    status, headers, body = fetch(
        nginx, f"/{EDITOR_DIR}/decap-cms.js", **{"Accept-Encoding": "gzip"}
    )
    assert (status, headers["Content-Encoding"]) == (200, "gzip")
    assert gzip.decompress(body).startswith(b"/*! For license information")


def test_the_security_headers_are_the_ones_asked_for():
    security = RULES["/*"]
    script_src = next(
        part
        for part in security["Content-Security-Policy"].split(";")
        if part.split()[0] == "script-src"
    )
    assert "'unsafe-inline'" not in security["Content-Security-Policy"]
    assert script_src.split()[1:] == ["'self'", "'wasm-unsafe-eval'"]
    assert security["X-Content-Type-Options"] == "nosniff"
    assert security["Referrer-Policy"] in {"no-referrer", "same-origin"}
    assert "camera=()" in security["Permissions-Policy"]


def test_html_is_revalidated_on_every_use(nginx):
    status, headers, _ = fetch(nginx, ARTICLE)
    assert headers["Cache-Control"] == "no-cache"
    status, _, body = fetch(nginx, ARTICLE, **{"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")


def test_fingerprinted_assets_are_cached_for_ever(nginx):
    path = stylesheet_path(nginx)
    assert path.startswith("/assets/")
    _, headers, _ = fetch(nginx, path)
    assert headers["Cache-Control"] == RULES["/assets/*"]["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]


def test_a_missing_page_gets_the_404_page_with_status_404(nginx, site_root):
    status, headers, body = fetch(nginx, MISSING)
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == (site_root / "404.html").read_bytes()
    assert BeautifulSoup(body, "html.parser").h1.get_text() == "Page not found"


def test_the_hosts_headers_file_is_not_served(nginx):
    status, _, _ = fetch(nginx, "/_headers")
    assert status == 404


@pytest.fixture
def watched_page(browser):
    """A browser page that records its CSP violations and console errors (by URL path)."""
    context = browser.new_context()
    context.add_init_script(VIOLATION_RECORDER)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and page.console_errors.append((urlsplit(message.location["url"]).path, message.text))
        ),
    )
    yield page
    context.close()


def unexpected_errors(page, expected=()):
    """Return the console errors of a page but those about the `expected` URL paths.

    Chromium asks for /favicon.ico by itself; the theme ships one, a bare build does not.
    """
    return [error for error in page.console_errors if error[0] not in {*expected, "/favicon.ico"}]


def visit(page, url):
    """Load a page fully; return its CSP violations."""
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return response, page.evaluate("window.cspViolations")


@pytest.mark.browser
def test_every_page_renders_in_the_browser_without_a_csp_violation(watched_page, nginx, site_root):
    pages = [
        url_path(site_root, file)
        for file in served_files(site_root)
        if file.suffix == ".html" and EDITOR_DIR not in file.relative_to(site_root).parts
    ]
    for path in pages:
        response, violations = visit(watched_page, nginx + path)
        assert (path, response.status, violations) == (path, 200, [])
        # One stylesheet in the page itself; the chat's own arrives later, from chat.js.
        linked = watched_page.evaluate(PAGE_STYLESHEET_RULES)
        assert len(linked) == 1, f"{path}: not exactly one stylesheet"
        assert linked[0] > 0, f"{path}: its stylesheet is empty"
    assert unexpected_errors(watched_page) == []


@pytest.mark.browser
def test_the_404_page_renders_styled_without_a_csp_violation(watched_page, nginx):
    response, violations = visit(watched_page, nginx + MISSING)
    assert (response.status, violations) == (404, [])
    assert watched_page.locator("h1").inner_text() == "Page not found"
    rules = watched_page.evaluate(PAGE_STYLESHEET_RULES)
    assert len(rules) == 1
    assert rules[0] > 0
    assert unexpected_errors(watched_page, expected=[MISSING]) == []


def smoke_tests():
    """Return the browser smoke tests of tests/test_browser.py that take a page and a site URL."""
    return [
        test
        for name, test in vars(test_browser).items()
        if name.startswith("test_")
        and list(inspect.signature(test).parameters) == ["browser_page", "site_url"]
    ]


def test_there_are_smoke_tests_to_run_against_nginx():
    assert len(smoke_tests()) >= 2


@pytest.mark.browser
@pytest.mark.parametrize("smoke_test", smoke_tests(), ids=lambda test: test.__name__)
def test_the_browser_smoke_test_passes_against_nginx(smoke_test, watched_page, nginx):
    smoke_test(watched_page, nginx + "/")
    assert watched_page.evaluate("window.cspViolations") == []
    assert unexpected_errors(watched_page) == []


@pytest.mark.browser
def test_the_policy_is_enforced_and_a_violation_would_be_seen(watched_page, nginx):
    visit(watched_page, nginx + ARTICLE)
    watched_page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.inlineScriptRan = true";
          document.head.append(script);
        }"""
    )
    watched_page.wait_for_function("window.cspViolations.length > 0")
    assert watched_page.evaluate("window.inlineScriptRan") is None
    assert watched_page.evaluate("window.cspViolations")[0].startswith("script-src")
