"""How long browsers and caches may keep each file: the one rule every host is given. Pure."""

import mimetypes
from pathlib import PurePosixPath

# Everything under this folder has a content hash in its name (see plugins/assets):
# a changed file gets a new URL, so the old one may be cached for ever.
IMMUTABLE_FOLDER = "assets"
IMMUTABLE = "public, max-age=31536000, immutable"  # a year, the longest caches honour
REVALIDATE = "no-cache"  # keep it, but ask the server (ETag) before each use
ENCODINGS = {".gz": "gzip", ".br": "br"}
# Types Python's table lacks or gets wrong for the web.
CONTENT_TYPES = {
    ".webmanifest": "application/manifest+json",
    ".atom": "application/atom+xml",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".avif": "image/avif",  # responsive images (plugins/clinic/renditions.py); new to mimetypes
}
TEXT_TYPES = ("text/", "application/xml", "application/atom+xml", "application/json")


def cache_control(path):
    """Return the Cache-Control value for a file of the site, by its path in the site."""
    return IMMUTABLE if PurePosixPath(path).parts[0] == IMMUTABLE_FOLDER else REVALIDATE


def content_type(path):
    """Return the Content-Type of a file of the site, with the charset for text."""
    suffix = ".atom" if path.endswith(".atom.xml") else PurePosixPath(path).suffix
    kind = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    text = kind.startswith(TEXT_TYPES) or kind.endswith("+xml") or kind.endswith("+json")
    return f"{kind}; charset=utf-8" if text else kind


def is_precompressed_copy(path):
    """Whether a file is the .gz or .br copy of another file of the site."""
    path = PurePosixPath(path)
    return path.suffix in ENCODINGS and path.with_suffix("").suffix != ""
