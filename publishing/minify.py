"""Minified HTML, CSS, JS (minify-html) and SVG (scour) in a built folder, for publish builds."""

import hashlib
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

import minify_html
from scour import scour

from .progress import with_progress

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
# What a minified file depends on besides its own bytes: the minifiers and this module's code.
CODE = f"{version('minify-html')} {version('scour')} ".encode() + Path(__file__).read_bytes()


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


def cache_key(data, suffix):
    """Return the name in the cache of a file's minified form: a hash of all it depends on."""
    return hashlib.sha256(CODE + suffix.encode() + b"\0" + data).hexdigest()


def read_text(data):
    """Return a file's bytes as text, its line ends as `open()` reads them: all "\\n"."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def cached(cache, key):
    """Return the bytes of an entry of the cache, or None if it has none."""
    try:
        return (cache / key).read_bytes()
    except FileNotFoundError:  # never written, or another build's clean-up just removed it
        return None


def store(cache, key, data):
    """Write an entry of the cache in one step, so a build that stops halfway leaves none torn."""
    handle, temporary = tempfile.mkstemp(dir=cache, prefix=".new-")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, cache / key)


def replace(file, data):
    """Give a file new bytes as a new file: another name may link to the old one (a cache)."""
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".minified-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.chmod(temporary, file.stat().st_mode & 0o777)
    os.replace(temporary, file)


def minify_folder(root, cache=None):
    """Minify every HTML, CSS, JS and SVG file of `root` in place; return the files changed.

    With a `cache` folder, a file minified by an earlier build (the same bytes, minifiers and
    code) is taken from there; entries this build did not use are removed.
    """
    changed, used = [], set()
    if cache:
        cache = Path(cache)
        cache.mkdir(parents=True, exist_ok=True)
    files = [
        file
        for file in sorted(Path(root).rglob("*"))
        if file.suffix in MINIFIED and not SKIPPED & set(file.parts) and file.is_file()
    ]
    for file in with_progress(files, "Minifying"):
        data = file.read_bytes()
        key = cache_key(data, file.suffix) if cache else None
        result = cached(cache, key) if key else None
        if result is None:
            result = minified(read_text(data), file.suffix).encode("utf-8")
            if key:
                store(cache, key, result)
        used.add(key)
        if result != data:
            replace(file, result)
            changed.append(file)
    for entry in cache.iterdir() if cache else ():
        if entry.name not in used and not entry.name.startswith(
            "."
        ):  # another build's, half-written
            entry.unlink(missing_ok=True)
    return changed
