"""Minified HTML, CSS and JS in a built folder, for publish builds (minify-html)."""

from pathlib import Path

import minify_html

# Spec-compliant output only (minify-html's defaults): the doctype, quoted attribute values
# that need quotes and entities stay as HTML5 requires, so the validator passes. Data blocks
# such as JSON-LD are not JavaScript and are left as they are.
OPTIONS = {"minify_css": True, "minify_js": True}
# A stylesheet or script is minified as the content of its element, then unwrapped.
WRAPPERS = {".css": ("<style>", "</style>"), ".js": ("<script>", "</script>")}
SKIPPED = {"pagefind"}  # Pagefind's own files are minified already


def minified(text, suffix):
    """Return the minified text of an HTML, CSS or JS file."""
    if suffix == ".html":
        return minify_html.minify(text, **OPTIONS)
    start, end = WRAPPERS[suffix]
    result = minify_html.minify(start + text + end, **OPTIONS)
    return result.removeprefix(start).removesuffix(end)


def minify_folder(root):
    """Minify every HTML, CSS and JS file of `root` in place; return the files changed."""
    changed = []
    for file in sorted(Path(root).rglob("*")):
        if (
            file.suffix not in {".html", *WRAPPERS}
            or SKIPPED & set(file.parts)
            or not file.is_file()
        ):
            continue
        text = file.read_text(encoding="utf-8")
        result = minified(text, file.suffix)
        if result != text:
            file.write_text(result, encoding="utf-8")
            changed.append(file)
    return changed
