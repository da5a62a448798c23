"""Minified HTML, CSS, JS (minify-html) and SVG (scour) in a built folder, for publish builds."""

import os
from pathlib import PurePosixPath

import minify_html
from scour import scour

from .files import atomic_write

# Spec-compliant output only (minify-html's defaults): the doctype, quoted attribute values
# that need quotes and entities stay as HTML5 requires, so the validator passes. Data blocks
# such as JSON-LD are not JavaScript and are left as they are.
OPTIONS = {"minify_css": True, "minify_js": True}
# A stylesheet or script is minified as the content of its element, then unwrapped.
WRAPPERS = {".css": ("<style>", "</style>"), ".js": ("<script>", "</script>")}
MINIFIED = {".html", ".svg", *WRAPPERS}
# Pagefind's own files are minified already, and so is the web editor (plugins/editor), whose
# own scripts are for writers only.
SKIPPED = {"pagefind", "admin"}


def svg_options():
    """Return scour's options: drop comments, metadata and whitespace; keep sizes and titles."""
    options = scour.sanitizeOptions()
    options.strip_xml_prolog = options.strip_comments = options.remove_metadata = True
    options.shorten_ids = True
    options.indent_type, options.newlines = "none", False
    # A <title> or <desc> names an SVG opened on its own; width and height keep the layout.
    options.remove_descriptive_elements = options.enable_viewboxing = False
    return options


def minified(text, suffix):
    """Return the minified text of an HTML, CSS, JS or SVG file."""
    if suffix == ".html":
        return minify_html.minify(text, **OPTIONS)
    if suffix == ".svg":
        return scour.scourString(text, svg_options())
    start, end = WRAPPERS[suffix]
    result = minify_html.minify(start + text + end, **OPTIONS)
    return result.removeprefix(start).removesuffix(end)


def read_text(data):
    """Return a file's bytes as text, its line ends as `open()` reads them: all "\\n"."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def is_minified(path):
    """Whether a file of the site, at `path` within it, is one this step minifies."""
    path = PurePosixPath(path)
    return path.suffix in MINIFIED and not SKIPPED & set(path.parts)


def minified_bytes(data, suffix):
    """Return the minified bytes of a file's `data` (its name ends in `suffix`)."""
    return minified(read_text(data), suffix).encode("utf-8")


def rewrite(file, data):
    """Replace a file's bytes with `data`: in place where no other name links to it (a new
    file costs far more than new bytes), else as a new file, leaving the other names' alone."""
    with open(file, "r+b") as stream:
        if os.fstat(stream.fileno()).st_nlink == 1:
            stream.write(data)
            stream.truncate()
            return
    atomic_write(file, data, file.stat().st_mode & 0o777)
