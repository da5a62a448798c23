"""Two builds of a tiny site, and what a reader of a deployed copy would find broken."""

import json
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from tests.badsites import GOOD_SITE, build, make_site

# Small shards, so that the search index has several bundles and a shard list naming them.
SETTINGS = "CLINIC_SEARCH_PAGES_PER_SHARD = 1\nCLINIC_SEARCH_MAX_SHARDS = 3\n"
ARTICLE = """\
    Title: {title}
    Slug: {slug}
    Date: 2026-11-0{day} 10:00

    ## About {slug}

    {text}
    """
OLD = {
    **GOOD_SITE,
    "content/articles/second.md": ARTICLE.format(
        title="Second", slug="second", day=2, text="Read [the first]({filename}good.md)."
    ),
}
# The second article is gone, a third is new, and the first now links to the third.
NEW = {
    **GOOD_SITE,
    "content/articles/good.md": GOOD_SITE["content/articles/good.md"]
    + "\n        Then [the third]({filename}third.md).\n",
    "content/articles/third.md": ARTICLE.format(
        title="Third", slug="third", day=3, text="A new article."
    ),
}


def built(folder, files):
    """Build a tiny site; return its output folder."""
    result = build(make_site(folder, files, SETTINGS))
    assert result.returncode == 0, result.stderr
    return folder / "output"


def http_fetcher(base_url):
    """Return fetch(path) -> bytes, or None where the server answers 404."""

    def fetch(path):
        try:
            with urllib.request.urlopen(urljoin(base_url, path)) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise

    return fetch


def linked_paths(page_path, html):
    """Return the site paths a page links to or loads."""
    soup = BeautifulSoup(html, "html.parser")
    paths = set()
    for element in soup.find_all(href=True) + soup.find_all(src=True):
        url = urljoin("http://site/" + page_path, element.get("href") or element.get("src"))
        parts = urlsplit(url)
        if parts.netloc == "site":
            paths.add(parts.path.lstrip("/"))
    return paths


def file_of(path):
    """The file that serves a site path, as a static server finds it."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def broken_links(fetch):
    """Crawl from the home page; return {missing path: a page linking to it}."""
    home = fetch("index.html")
    if home is None:
        return {"index.html": "(the home page itself)"}
    seen, broken, queue = {""}, {}, [("", home)]
    while queue:
        page, body = queue.pop()
        for linked in sorted(linked_paths(page, body) - seen):
            seen.add(linked)
            found = fetch(file_of(linked))
            if found is None:
                broken[linked] = file_of(page)
            elif file_of(linked).endswith(".html"):
                queue.append((linked, found))
    return broken


def missing_search_files(fetch):
    """Return the files the search index's entry files name that are not there."""
    shards = json.loads(fetch("pagefind/shards.json"))
    missing = []
    for bundle in ["pagefind/", *(f"pagefind/{folder}" for folder in shards["merge"])]:
        entry = fetch(bundle + "pagefind-entry.json")
        if entry is None:
            missing.append(bundle + "pagefind-entry.json")
            continue
        for language in json.loads(entry)["languages"].values():
            names = [f"pagefind.{language['hash']}.pf_meta"]
            if bundle == "pagefind/":  # the shards use the first bundle's program
                names += ["pagefind.js", f"wasm.{language['wasm']}.pagefind"]
            missing += [bundle + name for name in names if fetch(bundle + name) is None]
    return missing
