"""Fingerprinted assets: the stylesheet's URL carries its content hash and is cached for ever."""

import hashlib

import pytest

from plugins.assets.fingerprint import MissingAsset, asset_url, fingerprinted_name
from publishing.caching import IMMUTABLE, cache_control
from tests.sitebuild import ROOT

STYLESHEET = ROOT / "theme" / "static" / "css" / "site.css"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("css/site.css", "css/site.0123456789.css"),
        ("js/search.min.js", "js/search.min.0123456789.js"),
        ("favicon.ico", "favicon.0123456789.ico"),
    ],
)
def test_the_hash_goes_before_the_extension(name, expected):
    assert fingerprinted_name(name, "0123456789") == expected


def stylesheet_href(site, page):
    return site.page(page).select_one('link[rel="stylesheet"]')["href"]


@pytest.mark.parametrize("page", ["index.html", "ketamine-vs-antidepressants/", "clinic/"])
def test_every_page_links_the_fingerprinted_stylesheet(site, page):
    href = stylesheet_href(site, page)
    digest = hashlib.sha256(STYLESHEET.read_bytes()).hexdigest()[:10]
    assert href.endswith(f"assets/css/site.{digest}.css")
    served = (site.path(page).parent / href).resolve()
    assert served.read_bytes() == STYLESHEET.read_bytes()


def test_fingerprinted_files_are_the_ones_cached_for_ever(site):
    href = stylesheet_href(site, "index.html")
    assert cache_control(href.removeprefix("./")) == IMMUTABLE


def test_a_missing_theme_file_fails_the_build_with_its_name():
    context = {"THEME": str(ROOT / "theme"), "THEME_STATIC_PATHS": ["static"], "SITEURL": ""}
    with pytest.raises(MissingAsset, match=r"css/missing\.css"):
        asset_url(context, "css/missing.css")
