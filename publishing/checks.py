"""Checks of a built site: local links, anchors and url()s resolve, URLs are well-formed, nothing
the CSP blocks, nothing loaded from another host. Pure, but for site_problems, which reads the
build.

Each page is parsed once, by lxml (libxml2, in C): the ids it has, the references it makes and
what the CSP blocks come from that one pass; anchors are looked up in the ids collected there,
and "is this a file of the build" in one walk of the build.
"""

import functools
import hashlib
import os
import pickle
import posixpath
import re
import zlib
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from lxml import etree

from .workers import on_every_core

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
# Attributes that hold a list of words, never a URL or code.
WORD_ATTRIBUTES = {"class", "rel", "rev", "accept-charset", "headers", "accesskey", "dropzone"}
NOT_FILES = ("mailto:", "tel:", "data:", "sms:")
WEB_SCHEMES = {"http", "https"}
HOST = re.compile(r"^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+|\[[0-9a-f:.]+\])$", re.IGNORECASE)
LINKING = ("href", "src")  # attributes of <a> and <img> whose absolute URLs are checked
LINE_CAP = 65535  # libxml2 counts lines up to this, then stays there
# What a link's #fragment can name; plain strings, which keep no page's tree alive.
ANCHOR_NAMES = etree.XPath("//@id | //a/@name", smart_strings=False)
PARSER = etree.HTMLParser(recover=True, no_network=True)
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")  # as urlsplit reads a scheme
SPACE = re.compile(r"\s")  # what str.isspace calls a space, Unicode's too
# Elements that embed another page or document, or change where the page's links lead: the
# site has none of them, whatever their address (the CSP would block or distrust them all).
EMBEDDING = {
    "iframe": "embeds another page (link to it instead of embedding it)",
    "frame": "embeds another page (link to it instead of embedding it)",
    "object": "embeds a plugin or another document (link to the file instead)",
    "embed": "embeds a plugin or another document (link to the file instead)",
    "base": "changes where every link of the page leads (remove it)",
}
EMBEDDED_URL = ("src", "data", "href", "srcdoc")  # which attribute names what is embedded
# Attributes whose URL the browser fetches by itself, as the page loads or a link is followed.
RESOURCE_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "script": ("src",),
    "input": ("src", "formaction"),
    "button": ("formaction",),
    "form": ("action",),
    "image": ("href", "xlink:href"),  # SVG
    "use": ("href", "xlink:href"),  # SVG
    "a": ("ping",),
    "area": ("ping",),
    "link": ("href", "imagesrcset"),  # only for the rel values in RESOURCE_RELS
}
# <link rel> values that make the browser fetch the link, or connect to its host.
RESOURCE_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "prerender",
    "preconnect",
    "dns-prefetch",
    "icon",
    "apple-touch-icon",
    "apple-touch-icon-precomposed",
    "mask-icon",
    "manifest",
}
# What to do instead of loading each from another host.
FOREIGN_FIXES = {
    "img": "an image from another host (save the image in content/images/)",
    "image": "an image from another host (save the image in content/images/)",
    "use": "an image from another host (save the image in content/images/)",
    "input": "an image from another host (save the image in content/images/)",
    "source": "a file from another host (save it in content/images/, or link to it instead)",
    "video": "a video from another host (link to the video instead of embedding it)",
    "audio": "a recording from another host (link to it instead of embedding it)",
    "track": "captions from another host (save them beside the video, or link to it)",
    "script": "a script from another host (the site runs only its own scripts: remove it)",
    "link": "a file from another host (remove it: the theme's own files serve every page)",
    "form": "sends the form to another host (link to that site's form instead)",
    "button": "sends the form to another host (link to that site's form instead)",
    "a": "tells another host when followed (remove ping=)",
    "area": "tells another host when followed (remove ping=)",
}
# Attributes that may hold a data: URL, whose bytes the page carries inline.
URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "data", "action", "formaction", "xlink:href"}
DATA_URL_FIX = "a data: URL (save the file in content/ and link to it)"
REFRESH_FIX = "sends the reader on to another address (link to it instead)"
CSS_URL = re.compile(
    r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)|@import\s+(['"])(?P<imported>[^'"]+)\3"""
)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    kind: str = ""  # set where the message alone does not say it (see plugins/clinic/links.py)

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


def references(attribute, value):
    """Return the URLs in an attribute's value (a srcset lists several)."""
    if attribute == "srcset":
        return [part.split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def local_target(url, page, site_url):
    """Return the site path a URL on `page` points at, or None when it is not a file of ours.

    `page` is the page's path in the site (`clinic/index.html`); `site_url` is SITEURL.
    """
    # An absolute URL names the same file from every page: one cached answer serves them all.
    absolute = url.startswith("/") or SCHEME.match(url) is not None
    return site_path(url, "" if absolute else posixpath.dirname(page), site_url)


@functools.lru_cache(maxsize=4096)
def site_path(url, folder, site_url):
    """Return the site path a URL in `folder` of the site points at, or None (see local_target)."""
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
        target = posixpath.join(folder, path)
    directory = target.endswith("/") or not target
    target = posixpath.normpath(target or ".")
    if directory:
        return "index.html" if target == "." else f"{target}/index.html"
    return target


def resolves(files, target):
    """Whether a site path names a file of the build, or a folder with an index.html."""
    if target.startswith("../") or target == "..":
        return False
    return target in files or f"{target}/index.html" in files


class Resolving(dict):
    """Whether each site path looked up resolves (see resolves) among a build's files."""

    def __init__(self, files):
        super().__init__()
        self.files = files

    def __missing__(self, target):
        self[target] = found = resolves(self.files, target)
        return found


class AnchorNames(dict):
    """The ids of each page of a build, kept as tuples; made a set when first looked in."""

    def __getitem__(self, path):
        names = self.get(path, ())
        if not isinstance(names, frozenset):
            self[path] = names = frozenset(names)
        return names


def html_file(files, target):
    """Return the HTML file a resolving site path serves, or None if it serves another type."""
    file = target if target in files else f"{target}/index.html"
    return file if file.endswith(".html") else None


def build_files(root):
    """Return the site path of every file of a build, from one walk of its folders."""
    root = os.fspath(root)
    start, files = len(os.path.join(root, "")), set()
    for folder, _, names in os.walk(root):
        prefix = folder[start:].replace(os.sep, "/") + "/" if len(folder) > len(root) else ""
        files.update(prefix + name for name in names)
    return files


class Reference(NamedTuple):
    """A value in an element's attribute (a URL, mostly), and the line lxml gives the element."""

    element: str
    attribute: str  # "" for what the element itself is, e.g. an inline <script>
    value: str
    line: int  # where the start tag ends, as libxml2 counts; start_line finds where it begins


def start_line(text, references, index):
    """Return the line where the start tag of `references[index]` begins in its page's `text`.

    libxml2 gives the line a start tag ends on. Only a problem needs the line it begins on, so
    the text is searched only then, for the tags of that name ending on that line that hold the
    same attribute and value; alike references earlier in `references` (the page's, in page
    order) say which of them it is.
    """
    reference = references[index]
    lines = text.split("\n")
    first = sum(len(line) + 1 for line in lines[: reference.line - 1])
    last = len(text) if reference.line >= LINE_CAP else first + len(lines[reference.line - 1])
    name = re.escape(reference.element)
    tag = re.compile(rf"<{name}(?=[\s/>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
    # HTML names are the same in any case; values, URLs above all, are not.
    words = [(reference.attribute, re.IGNORECASE), (reference.value, 0)]
    tags = [
        match
        for match in tag.finditer(text, 0, last)
        if match.end() > first
        and all(mentions(unescape(match[0]), word, case) for word, case in words if word)
    ]
    ordinal = references[:index].count(reference)
    found = tags[min(ordinal, len(tags) - 1)] if tags else None
    return text.count("\n", 0, found.start()) + 1 if found else reference.line


def mentions(tag, word, flags=0):
    """Whether a start tag's text has `word` as a whole attribute name, value or srcset URL."""
    whole = rf"(?<![^\s\"'=,]){re.escape(word)}(?![^\s\"'=,>])"
    return re.search(whole, tag, flags) is not None


def reference_problem(page, text, references, index, message):
    """Return a Problem of `references[index]` on a page, about its URL."""
    reference = references[index]
    where = f"{reference.element} {reference.attribute}={reference.value!r}"
    return Problem(page, start_line(text, references, index), f"{where}: {message}")


@dataclass
class Page:
    """What one parse of an HTML page tells the checks; lists are in page order."""

    path: str
    ids: set = field(default_factory=set)  # ids, and names of <a name>: what #anchors can name
    links: list = field(default_factory=list)  # References to other files
    anchors: list = field(default_factory=list)  # References of <a href> with a #fragment
    absolute: list = field(default_factory=list)  # References of <a href>, <img src>
    blocked: list = field(default_factory=list)  # References the CSP blocks
    why_blocked: list = field(default_factory=list)  # what the CSP blocks in each, as a message
    foreign: list = field(default_factory=list)  # References to what is not the site's own
    why_foreign: list = field(default_factory=list)  # what each is, and what to do, as a message


def blocked_by_csp(name, attributes):
    """Return what in one element the CSP would block: (attribute, value, message) triples.

    `attributes` are the element's (name, value) pairs, in order; the element itself is
    named by an empty attribute and value.
    """
    blocked = []
    if name == "script" or name == "style":
        values = dict(attributes)
        script_type = (values.get("type") or "").strip().lower()
        if name == "script" and not values.get("src") and script_type not in DATA_SCRIPT_TYPES:
            blocked.append(("", "", "inline <script> code: load it from a file"))
        if name == "style":
            blocked.append(("", "", "<style> element: put the rules in the stylesheet"))
    for attribute, value in attributes:
        if attribute == "style":
            blocked.append((attribute, value, "style attribute: use a class instead"))
        elif attribute.startswith("on"):
            blocked.append((attribute, value, f"inline event handler {attribute}="))
        elif ("t:" in value or "T:" in value) and javascript_url(value, attribute):
            blocked.append((attribute, value, f"javascript: URL in {attribute}="))
    return blocked


def foreign_content(name, attributes, site_url):
    """Return what in one element loads or embeds what is not the site's own: (attribute,
    value, message) triples, an empty attribute naming the element itself.

    Inline code and javascript: URLs are blocked_by_csp's; plain links to other sites are
    fine: only what the browser fetches, embeds or sends by itself is listed here.
    """
    values = dict(attributes)
    if name in EMBEDDING:
        attribute = next((a for a in EMBEDDED_URL if values.get(a)), "")
        value = values[attribute] if attribute and attribute != "srcdoc" else ""
        return [(attribute, value, EMBEDDING[name])]
    if name == "meta" and (values.get("http-equiv") or "").strip().lower() == "refresh":
        return [("http-equiv", values["http-equiv"], REFRESH_FIX)]
    found = []
    for attribute, value in attributes:
        if attribute in URL_ATTRIBUTES and any(
            url[:5].lower() == "data:" for url in references(attribute, value)
        ):
            found.append((attribute, value, DATA_URL_FIX))
    resource = name != "link" or bool(RESOURCE_RELS & set((values.get("rel") or "").split()))
    if name == "input" and (values.get("type") or "").strip().lower() != "image":
        resource = values.get("formaction") is not None
    for attribute in RESOURCE_ATTRIBUTES.get(name, ()) if resource else ():
        for url in references(attribute, values.get(attribute) or ""):
            if other_host(url, site_url):
                fix = FOREIGN_FIXES["form" if attribute == "formaction" else name]
                found.append((attribute, url, fix))
    return found


@functools.lru_cache(maxsize=4096)
def other_host(url, site_url):
    """Whether a URL names another host than the site's (any host, where SITEURL has none)."""
    parts = urlsplit(url.strip())
    if not parts.netloc:  # a path of this site, or mailto:, tel:, data: (checked apart)
        return False
    site = urlsplit(site_url or "")
    scheme = parts.scheme or site.scheme  # //host/path keeps the page's scheme
    return (scheme.lower(), parts.netloc.lower()) != (site.scheme.lower(), site.netloc.lower())


def javascript_url(value, attribute):
    """Whether an attribute's value is a javascript: URL, which runs code when followed."""
    return attribute not in WORD_ATTRIBUTES and value.lstrip()[:11].lower() == "javascript:"


def read_page(path, text, site_url=""):
    """Return what the checks need of an HTML page, from one parse of its text.

    `site_url` is SITEURL: what is on its host is the site's own.
    """
    page = Page(path)
    root = etree.HTML(text, PARSER) if text.strip() else None
    if root is None:
        return page
    page.ids.update(ANCHOR_NAMES(root))
    for element in root.iter(etree.Element):
        name, attributes = element.tag, element.items()
        # Most elements have a class at most: nothing in them to check.
        plain = not attributes or (len(attributes) == 1 and attributes[0][0] == "class")
        if plain and name != "script" and name != "style":
            continue
        line = element.sourceline or 0
        for attribute, value, message in blocked_by_csp(name, attributes):
            page.blocked.append(Reference(name, attribute, value, line))
            page.why_blocked.append(message)
        for attribute, value, message in foreign_content(name, attributes, site_url):
            page.foreign.append(Reference(name, attribute, value, line))
            page.why_foreign.append(message)
        if name not in REFERENCE_ATTRIBUTES:
            continue
        values = dict(attributes)
        for attribute in REFERENCE_ATTRIBUTES[name]:
            for url in references(attribute, values.get(attribute) or ""):
                page.links.append(Reference(name, attribute, url, line))
        if name == "a" or name == "img":
            page.absolute += [
                Reference(name, key, values[key], line) for key in LINKING if values.get(key)
            ]
        href = (values.get("href") or "").strip() if name == "a" else ""
        if "#" in href and urlsplit(href).fragment:
            page.anchors.append(Reference(name, "href", href, line))
    return page


def link_problems(page, text, files, site_url):
    """Return a Problem for each reference on a page to a file the build does not have."""
    return [
        reference_problem(page.path, text, page.links, index, "no such file in the build")
        for index, reference in enumerate(page.links)
        if (target := local_target(reference.value, page.path, site_url)) is not None
        and not resolves(files, target)
    ]


def stylesheet_problems(text, path, files, site_url):
    """Return a Problem for each url() or @import of a stylesheet naming no file of the build."""
    problems = []
    for match in CSS_URL.finditer(text):
        url = (match["url"] or match["imported"]).strip()
        target = local_target(url, path, site_url)
        if target is not None and not resolves(files, target):
            line = text.count("\n", 0, match.start()) + 1
            problems.append(Problem(path, line, f"url({url!r}): no such file in the build"))
    return problems


@functools.lru_cache(maxsize=4096)  # pages repeat the same links: menus, footers
def malformed_url(url):
    """Return why an absolute URL is malformed, or None: http(s) needs a host, no spaces."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if not scheme or url.lower().startswith(NOT_FILES) or url.startswith(("/", "#", ".")):
        return None
    if scheme not in WEB_SCHEMES:
        return f"unknown scheme {scheme!r} (write https://...)"
    if not parts.netloc or not HOST.match(parts.hostname or ""):
        return "no host name after https://"
    if SPACE.search(url.strip()):
        return "spaces in the URL (write them as %20)"
    return None


def dead_anchors(path, anchors, files, ids, site_url):
    """Return the indexes of a page's links to `#anchor` that name no id on their target page.

    `path` is the page's site path; `ids` maps each HTML page of the build to its ids.
    """
    dead = []
    for index, reference in enumerate(anchors):
        url = reference.value
        target = path if url.startswith("#") else local_target(url, path, site_url)
        if target is None or not resolves(files, target):
            continue
        file = html_file(files, target)
        if file is not None and unquote(urlsplit(url).fragment) not in ids.get(file, ()):
            dead.append(index)
    return dead


def anchor_problems(path, text, anchors, dead):
    """Return a Problem for each dead anchor link (indexes into `anchors`) of a page."""
    message = "no such anchor on that page"
    return [reference_problem(path, text, anchors, index, message) for index in dead]


def malformed_problems(page, text):
    """Return a Problem for each link or image whose absolute URL is malformed."""
    return [
        reference_problem(page.path, text, page.absolute, index, reason)
        for index, reference in enumerate(page.absolute)
        if (reason := malformed_url(reference.value))
    ]


def csp_problems(page, text):
    """Return a Problem for each thing on a page that the Content-Security-Policy blocks."""
    return [
        Problem(
            page.path,
            start_line(text, page.blocked, index),
            f"the Content-Security-Policy blocks {message}",
        )
        for index, message in enumerate(page.why_blocked)
    ]


def foreign_problems(page, text):
    """Return a Problem for each thing on a page that is loaded or embedded, not the site's own."""
    problems = []
    for index, (reference, message) in enumerate(zip(page.foreign, page.why_foreign, strict=True)):
        where = f"<{reference.element}>"
        if reference.value:
            where = f"{where} {reference.attribute}={reference.value!r}"
        elif reference.attribute:  # srcdoc: the page it holds is too long to repeat
            where = f"{where} {reference.attribute}"
        line = start_line(text, page.foreign, index)
        problems.append(Problem(page.path, line, f"{where}: {message}", "foreign-content"))
    return problems


def page_order(path):
    """Sort key of site paths: folder by folder, as pathlib sorts them."""
    return path.split("/")


class PageReadings:
    """What each page alone decides, by its path, text and SITEURL: each page parsed once.

    `kept`: a table (get(key), put(key, value)) that outlives the build, or None; then only
    pages whose text changed are parsed again. A reading (see page_reading) holds nothing
    about the rest of the build, so a file renamed elsewhere (Pagefind names its files by
    their content) leaves every other page's reading valid.
    """

    def __init__(self, kept=None):
        self.kept = kept
        self.strings = {}  # one object per distinct string: pickled once, then by reference

    def read(self, root, paths, site_url):
        """Return page_reading of each page of the site in `root` at `paths`, parsing (on
        every core) only those whose bytes or SITEURL changed since their reading was kept."""
        keys = [reading_key(path, page_bytes(root, path), site_url) for path in paths]
        found = [self.kept.get(key) if self.kept is not None else None for key in keys]
        missing = [number for number, reading in enumerate(found) if reading is None]
        parse = functools.partial(parsed_reading, root, site_url=site_url)
        parsed = on_every_core(parse, [paths[number] for number in missing])
        for number, reading in zip(missing, parsed, strict=True):
            found[number] = shared(reading, self.strings)
            if self.kept is not None:
                self.kept.put(keys[number], found[number])
        return found


def reading_key(path, data, site_url):
    """Return the key a page's reading is kept under: its path, SITEURL and bytes, hashed."""
    key = hashlib.sha256(f"{path}\0{site_url}\0".encode("utf-8", "surrogatepass"))
    key.update(data)
    return key.digest()


def parsed_reading(root, path, site_url):
    """Return page_reading of the page at site path `path` of the build in `root`, parsed."""
    text = decoded(page_bytes(root, path))
    return page_reading(read_page(path, text, site_url), text, site_url)


def decoded(data):
    """Return a page's text from its UTF-8 bytes, with newlines as Path.read_text gives them."""
    text = data.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def page_reading(page, text, site_url):
    """Return what a page alone decides: (ids, targets, anchor targets, own problems, references).

    Targets are the site paths its links name, each once; anchor targets are the (site path,
    #fragment) pairs its anchor links name. Whether a target is a file of the build, and
    whether an anchor names an id there, is the build's to say (site_problems). References
    are the page's links and anchor links, packed: unpacked only to name a dead link's line.
    """
    targets = {local_target(reference.value, page.path, site_url) for reference in page.links}
    anchors = {anchor_target(page.path, reference.value, site_url) for reference in page.anchors}
    targets.discard(None)
    anchors.discard(None)
    own = malformed_problems(page, text) + csp_problems(page, text) + foreign_problems(page, text)
    packed = (tuple(map(tuple, page.links)), tuple(map(tuple, page.anchors)))
    # Compressed, as most pages never need them: loaded and saved as bytes.
    references = zlib.compress(pickle.dumps(packed, pickle.HIGHEST_PROTOCOL), 1)
    # A sorted tuple of ids loads faster than a frozenset; few pages are looked up.
    return tuple(sorted(page.ids)), tuple(targets), tuple(anchors), tuple(own), references


def unpacked(path, ids, references):
    """Return the Page whose ids and packed references (see page_reading) are given."""
    links, anchors = pickle.loads(zlib.decompress(references))
    links, anchors = [Reference(*r) for r in links], [Reference(*r) for r in anchors]
    return Page(path, set(ids), links, anchors)


def anchor_target(path, url, site_url):
    """Return the (site path, fragment) an anchor link on page `path` names, or None."""
    target = path if url.startswith("#") else local_target(url, path, site_url)
    return None if target is None else (target, unquote(urlsplit(url).fragment))


def shared(reading, strings):
    """Return a reading whose strings are the ones in `strings` where equal (and add new ones)."""
    ids, targets, anchors, own, references = reading

    def one(text):
        return strings.setdefault(text, text)

    return (
        tuple(map(one, ids)),
        tuple(map(one, targets)),
        tuple((one(target), one(fragment)) for target, fragment in anchors),
        own,
        references,
    )


def site_problems(root, site_url="", kept=None):
    """Check every HTML page of a built site; return the problems found, in page order.

    `kept`: a table (get, put) of what each page alone decides, kept between builds by the
    caller (plugins/speed/table.py), or None: an unchanged page is then not parsed again.
    Only a page with a link that does not resolve is read again, for its lines.
    """
    root, site_url = Path(root), site_url or ""
    files = build_files(root)
    if isinstance(kept, str | os.PathLike):  # a cache folder, as callers used to give
        kept = None
    readings = PageReadings(kept)
    paths = sorted((f for f in files if f.endswith(".html")), key=page_order)
    found = readings.read(root, paths, site_url)
    ids = AnchorNames((path, reading[0]) for path, reading in zip(paths, found, strict=True))
    resolving = Resolving(files)  # pages share most of their targets: each looked up once
    problems = []
    for path, (page_ids, targets, anchors, own, references) in zip(paths, found, strict=True):
        dead_link = not all(map(resolving.__getitem__, targets))
        dead_anchor = any(
            resolving[target]
            and (file := html_file(files, target)) is not None
            and fragment not in ids[file]
            for target, fragment in anchors
        )
        if dead_link or dead_anchor:  # rare: only now are its references and text needed
            page = unpacked(path, page_ids, references)
            text = decoded(page_bytes(root, path))
            dead = dead_anchors(path, page.anchors, files, ids, site_url)
            problems += link_problems(page, text, files, site_url)
            problems += anchor_problems(path, text, page.anchors, dead)
        problems += own
    for path in sorted((f for f in files if f.endswith(".css")), key=page_order):
        text = (root / path).read_text(encoding="utf-8")
        problems += stylesheet_problems(text, path, files, site_url)
    return problems


def page_bytes(root, path):
    """Return the bytes of the file at site path `path` of a build in `root`."""
    with open(os.path.join(root, path), "rb") as stream:
        return stream.read()
