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
CSP_NEEDLES = {
    "inline <script>": ("<script",),
    "<style> element": ("<style",),
    "style attribute": ("style=",),
    "inline event handler": (" on",),
    "javascript: URL": ("javascript:",),
}


def kind_of(message):
    return next((kind for words, kind in KINDS if words in message), "malformed-url")


def needles(message):
    """Return what to look for in the source, best first: the URL as written, then its parts."""
    for words, found in CSP_NEEDLES.items():
        if words in message:
            return found
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


def traced(problem, sources, texts, output_display):
    """Return a site problem as a Problem of the source that wrote the page, if one did.

    `sources` maps output pages to source paths (then FAQ files, whose answers pages show);
    `texts(path)` reads a source; `output_display(page)` names a page no source wrote.
    """
    kind = kind_of(problem.message)
    hint = HINTS[kind]
    for source in sources.get(problem.path, ()):
        line = line_of(texts(source), needles(problem.message))
        if line:
            return Problem(source, line, f"{problem.message} ({hint})", kind)
    return Problem(output_display(problem.path), problem.line, f"{problem.message} ({hint})", kind)


HINTS = {
    "dead-link": "check the path; link other pages with {filename}/articles/name.md",
    "dead-anchor": "use an id that heading or element has on the target page",
    "malformed-url": "write the full address, https://host/path",
    "blocked-by-csp": "the Content-Security-Policy blocks it; use a class or a script file",
}
