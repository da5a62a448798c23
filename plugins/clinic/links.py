"""Problems of the built site, traced back from the page to the source line that caused them."""

import re
from urllib.parse import unquote, urlsplit

from .problems import Problem, line_of

QUOTED_URL = re.compile(r"'([^']*)'|\"([^\"]*)\"")
KINDS = (
    ("no such anchor", "dead-anchor"),
    ("no such file", "dead-link"),
    ("Content-Security-Policy", "blocked-by-csp"),
)
# Kinds of problem a summary can cause: looked for in every source a list page may show.
IN_SUMMARIES = {"foreign-content"}
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


def traced(problem, sources, texts, output_display, shown=()):
    """Return a site problem as a Problem of the source that wrote the page, if one did.

    `sources` maps output pages to source paths (then FAQ files, whose answers pages show);
    `texts(path)` reads a source; `output_display(page)` names a page no source wrote.
    `shown`: the sources whose summaries list pages may show, looked in for what a page's own
    sources do not hold (a summary's HTML is on list pages only).
    """
    kind = kind_of(problem)
    hint = HINTS[kind]
    message = f"{problem.message} ({hint})" if hint else problem.message
    own = sources.get(problem.path, ())
    for source in [*own, *(s for s in shown if s not in own)] if kind in IN_SUMMARIES else own:
        line = line_of(texts(source), needles(problem.message, kind))
        if line:
            return Problem(source, line, message, kind)
    return Problem(output_display(problem.path), problem.line, message, kind)


HINTS = {
    "dead-link": "check the path; link other pages with {filename}/articles/name.md",
    "dead-anchor": "use an id that heading or element has on the target page",
    "malformed-url": "write the full address, https://host/path",
    "blocked-by-csp": "the Content-Security-Policy blocks it; use a class or a script file",
    "foreign-content": "",  # each message says what to do instead (publishing/checks.py)
}
