"""Problems of the built site, traced back from the page to the source line that caused them."""

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from publishing.checks import local_target

from .problems import Problem, line_of

QUOTED_URL = re.compile(r"'([^']*)'|\"([^\"]*)\"")
KINDS = (
    ("no such anchor", "dead-anchor"),
    ("no such file", "dead-link"),
    ("Content-Security-Policy", "blocked-by-csp"),
)
# Kinds of problem a summary can cause: looked for in every source a list page may show.
IN_SUMMARIES = {"foreign-content", "draft-link"}
CSP_NEEDLES = {
    "inline <script>": ("<script",),
    "<style> element": ("<style",),
    "style attribute": ("style=",),
    "inline event handler": (" on",),
    "javascript: URL": ("javascript:",),
}


def kind_of(problem):
    """Return a site problem's kind: its own, else what its message says."""
    message = problem.message
    return problem.kind or next((k for words, k in KINDS if words in message), "malformed-url")


def needles(message, kind=""):
    """Return what to look for in the source, best first: the URL as written, then its parts."""
    for words, found in CSP_NEEDLES.items():
        if words in message and kind != "foreign-content":
            return found
    if kind == "foreign-content":  # `<iframe> src='...': ...`: the URL, else the start tag
        element = message.split(">", 1)[0]
        return (*needles(message)[:2], element) if QUOTED_URL.search(message) else (element,)
    match = QUOTED_URL.search(message)
    url = (match.group(1) or match.group(2)) if match else ""
    if not url:
        return ()
    parts = urlsplit(url)
    path = unquote(parts.path).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    return (
        url,
        unquote(url),
        f"#{parts.fragment}" if parts.fragment else "",
        path,
        last if len(last) > 3 else "",
    )


def linked_draft(problem, drafts, site_url):
    """Return the source of the draft a dead link of the site names, or None.

    `drafts`: {site path of a draft's page: its source}. A publish build writes no draft, so a
    `{filename}` link to one is a dead link whose URL is nowhere in the linking source.
    """
    match = QUOTED_URL.search(problem.message) if kind_of(problem) == "dead-link" else None
    url = match and (match.group(1) or match.group(2))
    return drafts.get(local_target(url, problem.path, site_url)) if url else None


def traced(problem, sources, texts, output_display, shown=(), drafts=None, site_url=""):
    """Return a site problem as a Problem of the source that wrote the page, if one did.

    `sources` maps output pages to source paths (then FAQ files, whose answers pages show);
    `texts(path)` reads a source; `output_display(page)` names a page no source wrote.
    `shown`: the sources whose summaries list pages may show, looked in for what a page's own
    sources do not hold (a summary's HTML is on list pages only). `drafts`: as linked_draft's;
    a dead link to one of them is a `draft-link`, found in the source by the draft's file name.
    """
    kind, message = kind_of(problem), problem.message
    look_for = needles(message, kind)
    draft = linked_draft(problem, drafts, site_url) if drafts else None
    if draft:
        kind, link = "draft-link", message[: QUOTED_URL.search(message).end()]
        message = f"{link}: {draft} is not published yet, so the published site has no such page"
        # As a {filename} link writes it: the name alone could be the end of another's name.
        name = PurePosixPath(draft).name
        look_for = (f"/{name}", f"}}{name}", f"|{name}", *look_for)
    hint = HINTS[kind]
    message = f"{message} ({hint})" if hint else message
    own = sources.get(problem.path, ())
    for source in [*own, *(s for s in shown if s not in own)] if kind in IN_SUMMARIES else own:
        line = line_of(texts(source), look_for)
        if line:
            return Problem(source, line, message, kind)
    return Problem(output_display(problem.path), problem.line, message, kind)


HINTS = {
    "dead-link": "check the path; link other pages with {filename}/articles/name.md",
    "dead-anchor": "use an id that heading or element has on the target page",
    "draft-link": "publish that file first: Status: published, a Date: not in the future nor after"
    " this page's",
    "malformed-url": "write the full address, https://host/path",
    "blocked-by-csp": "the Content-Security-Policy blocks it; use a class or a script file",
    "foreign-content": "",  # each message says what to do instead (publishing/checks.py)
}
