"""Checks of a built site: every local link and url() resolves, nothing the CSP blocks. Pure."""

import functools
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that point at another file of the site, by element.
REFERENCE_ATTRIBUTES = {
    "a": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "iframe": ("src",),
    "form": ("action",),
}
# <script> types that hold data, not code: the CSP does not apply to them.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json", "importmap", "speculationrules"}
NOT_FILES = ("mailto:", "tel:", "data:", "sms:")
CSS_URL = re.compile(
    r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)|@import\s+(['"])(?P<imported>[^'"]+)\3"""
)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Tag:
    """A start tag as the checks read it: name, attributes, line (a subset of bs4's Tag)."""

    name: str
    attrs: dict
    sourceline: int

    def get(self, attribute):
        return self.attrs.get(attribute)


class StartTags(HTMLParser):
    """Every start tag of a page, in order; `find_all` as BeautifulSoup's for names or True.

    The checks look at tags and attributes only: the standard tokenizer without building a
    tree takes a third of the time BeautifulSoup does, most of a publish build's checks.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in reversed(attrs)}  # first one wins
        self.tags.append(Tag(tag, values, self.getpos()[0]))

    handle_startendtag = handle_starttag

    def find_all(self, names):
        return [tag for tag in self.tags if names is True or tag.name in names]


def start_tags(text):
    """Return the start tags of an HTML text."""
    parser = StartTags()
    parser.feed(text)
    parser.close()
    return parser


def references(attribute, value):
    """Return the URLs in an attribute's value (a srcset lists several)."""
    if attribute == "srcset":
        return [part.split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def local_target(url, page, site_url):
    """Return the site path a URL on `page` points at, or None when it is not a file of ours.

    `page` is the page's path in the site (`clinic/index.html`); `site_url` is SITEURL.
    """
    if not url or url.startswith("#") or url.lower().startswith(NOT_FILES):
        return None
    parts = urlsplit(url)
    site = urlsplit(site_url or "")
    other_host = (parts.scheme, parts.netloc) != (site.scheme, site.netloc) or not site.netloc
    if (parts.scheme or parts.netloc) and other_host:
        return None
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):
        prefix = site.path.rstrip("/")
        path = path[len(prefix) :] if prefix and path.startswith(prefix + "/") else path
        target = path.lstrip("/")
    else:
        target = posixpath.join(posixpath.dirname(page), path)
    directory = target.endswith("/") or not target
    target = posixpath.normpath(target or ".")
    if directory:
        return "index.html" if target == "." else f"{target}/index.html"
    return target


def resolves(root, target):
    """Whether a site path names a file of the build, or a folder with an index.html."""
    if target.startswith("../") or target == "..":
        return False
    file = root / target
    return file.is_file() or (file / "index.html").is_file()


def link_problems(soup, page, root, site_url, exists=None):
    """Return a Problem for each reference on a page to a file the build does not have."""
    exists = exists or functools.partial(resolves, root)
    problems = []
    for tag in soup.find_all(REFERENCE_ATTRIBUTES):
        for attribute in REFERENCE_ATTRIBUTES[tag.name]:
            for url in references(attribute, tag.get(attribute) or ""):
                target = local_target(url, page, site_url)
                if target is not None and not exists(target):
                    problems.append(
                        Problem(
                            page,
                            tag.sourceline or 0,
                            f"{tag.name} {attribute}={url!r}: no such file in the build",
                        )
                    )
    return problems


def stylesheet_problems(text, path, root, site_url):
    """Return a Problem for each url() or @import of a stylesheet naming no file of the build."""
    problems = []
    for match in CSS_URL.finditer(text):
        url = (match["url"] or match["imported"]).strip()
        target = local_target(url, path, site_url)
        if target is not None and not resolves(root, target):
            line = text.count("\n", 0, match.start()) + 1
            problems.append(Problem(path, line, f"url({url!r}): no such file in the build"))
    return problems


def blocked_by_csp(tag):
    """Return what in one element the Content-Security-Policy would block, as messages."""
    blocked = []
    script_type = (tag.get("type") or "").strip().lower()
    if tag.name == "script" and not tag.get("src") and script_type not in DATA_SCRIPT_TYPES:
        blocked.append("inline <script> code: load it from a file")
    if tag.name == "style":
        blocked.append("<style> element: put the rules in the stylesheet")
    for attribute, value in tag.attrs.items():
        if attribute == "style":
            blocked.append("style attribute: use a class instead")
        elif attribute.startswith("on"):
            blocked.append(f"inline event handler {attribute}=")
        elif isinstance(value, str) and value.strip().lower().startswith("javascript:"):
            blocked.append(f"javascript: URL in {attribute}=")
    return blocked


def csp_problems(soup, page):
    """Return a Problem for each thing on a page that the Content-Security-Policy blocks."""
    return [
        Problem(page, tag.sourceline or 0, f"the Content-Security-Policy blocks {message}")
        for tag in soup.find_all(True)
        for message in blocked_by_csp(tag)
    ]


def site_problems(root, site_url=""):
    """Check every HTML page of a built site; return the problems found, in page order."""
    root = Path(root)
    problems = []
    exists = functools.cache(functools.partial(resolves, root))  # a page links to the same files
    for file in sorted(root.rglob("*.html")):
        page = file.relative_to(root).as_posix()
        soup = start_tags(file.read_text(encoding="utf-8"))
        problems += link_problems(soup, page, root, site_url, exists)
        problems += csp_problems(soup, page)
    for file in sorted(root.rglob("*.css")):
        path = file.relative_to(root).as_posix()
        problems += stylesheet_problems(file.read_text(encoding="utf-8"), path, root, site_url)
    return problems
