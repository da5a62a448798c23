"""Publish builds are minified, and stay valid HTML with parseable JSON-LD."""

import json

import pytest
from bs4 import BeautifulSoup

from publishing.minify import minified
from publishing.pipeline import build_site
from tests.sitebuild import FIXTURE_CONTENT, ROOT, BuiltSite
from tests.test_validation import vnu_errors

ARTICLE = "ketamine-vs-antidepressants/"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The fixture site built as `invoke preview` builds it: publish settings, minified."""
    output = tmp_path_factory.mktemp("minified") / "output"
    settings = ROOT / "publishconf.py"
    build_site(settings, output, strict=True, precompress=True, content=FIXTURE_CONTENT)
    return BuiltSite(output, "")


def test_css_and_js_lose_their_whitespace_and_comments():
    assert minified("a {\n  color: red; /* why */\n}\n", ".css") == "a{color:red}"
    assert minified("function add ( x ) {\n  return x + 1 ;\n}\n", ".js").startswith("function")
    assert "\n" not in minified("function add ( x ) {\n  return x + 1 ;\n}\n", ".js")


def test_a_json_ld_block_keeps_its_data():
    data = {"name": "A </b> & \u2028 \u00e9", "list": [1, 2]}
    block = json.dumps(data, indent=2)
    page = f'<!doctype html><title>t</title><script type="application/ld+json">{block}</script>'
    block = BeautifulSoup(minified(page, ".html"), "html.parser").find("script")
    assert json.loads(block.string) == data


def test_an_svg_loses_comments_and_whitespace_but_keeps_its_size_and_title():
    svg = (
        '<?xml version="1.0"?>\n<!-- drawn by hand -->\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">\n'
        '  <title>Room</title>\n  <rect width="640" height="360" fill="#eef5f3"/>\n</svg>\n'
    )
    svg_tag = BeautifulSoup(minified(svg, ".svg"), "html.parser").find("svg")
    assert "drawn by hand" not in minified(svg, ".svg")
    assert "\n" not in minified(svg, ".svg").strip()
    assert (svg_tag["width"], svg_tag["height"], svg_tag.title.string) == ("640", "360", "Room")


def test_published_svgs_are_minified(published):
    source = (FIXTURE_CONTENT / "images" / "therapy-room.svg").read_text()
    assert len((published.root / "images" / "therapy-room.svg").read_text()) < len(source)


def test_published_pages_are_minified(published, site):
    html = published.path(ARTICLE).read_text()
    assert "\n  " not in html
    # Only the newlines inside text survive: far fewer lines than the unminified page.
    assert html.count("\n") < 0.2 * site.path(ARTICLE).read_text().count("\n")


def test_published_json_ld_parses(published):
    for path, page in published.pages():
        for block in page.find_all("script", type="application/ld+json"):
            assert json.loads(block.string)["@graph"], path


@pytest.mark.parametrize(("suffix", "mode"), [("*.html", "--html"), ("*.css", "--css")])
def test_published_files_are_valid(published, suffix, mode):
    files = [f for f in sorted(published.root.rglob(suffix)) if "pagefind" not in f.parts]
    assert files
    assert vnu_errors(files, mode) == []
