"""Precompressed copies (.gz, .br) beside each text file, for servers that send them as they are."""

import gzip
from pathlib import PurePosixPath

import brotli

# Text formats worth compressing; images other than SVG, and fonts, are compressed already.
TEXT_SUFFIXES = {
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".json",
    ".xml",
    ".atom",
    ".rss",
    ".svg",
    ".txt",
    ".webmanifest",
    ".map",
}
# The web editor (plugins/editor): several megabytes of script for writers only, which brotli
# at its best takes half a minute to compress; servers compress it as they send it.
NOT_PRECOMPRESSED = {"admin"}
MIN_SIZE = 256  # bytes: below this a compressed response saves less than its headers cost


# Brotli's quality for what every page loads (stylesheets, scripts, icons): its best, paid
# once a build for a few dozen small files that every reader downloads.
SHARED_QUALITY = 11
SHARED_SUFFIXES = {".css", ".js", ".mjs", ".svg", ".webmanifest", ".map"}
# And for documents (pages, feeds, sitemaps, JSON data), each downloaded by few readers:
# qualities 9 to 11 cost 15 to 40 times the CPU of 8 for 5-10% fewer bytes, which made
# compression most of a cold publish build (bench/README.md); 8 still beats gzip at its best.
DOCUMENT_QUALITY = 8


def brotli_quality(suffix):
    """Return the brotli quality a file with this suffix is compressed at."""
    return SHARED_QUALITY if suffix in SHARED_SUFFIXES else DOCUMENT_QUALITY


def compressed_variants(data, suffix):
    """Return {suffix: bytes} of a file's `data` (its name ends in `suffix`) compressed by
    gzip and by brotli."""
    return {
        ".gz": gzip.compress(data, compresslevel=9, mtime=0),  # mtime 0: the same bytes every build
        ".br": brotli.compress(data, mode=brotli.MODE_TEXT, quality=brotli_quality(suffix)),
    }


def smaller_variants(data, suffix):
    """Return {suffix: bytes} of the compressed copies of `data` that are smaller than it."""
    variants = compressed_variants(data, suffix)
    return {s: copy for s, copy in variants.items() if len(copy) < len(data)}


def is_precompressed(path):
    """Whether a file of the site, at `path` within it, is one this step compresses."""
    path = PurePosixPath(path)
    return path.suffix in TEXT_SUFFIXES and not NOT_PRECOMPRESSED & set(path.parts)


def precompress_file(file, copies, spares=None):
    """Write `name.gz` and `name.br` beside a file, as `copies` ({suffix: bytes}, from
    smaller_variants) holds them; return them.

    `spares` (plugins/speed/spares.py), or None: each copy is written over its spare file.
    """
    written = []
    for suffix, compressed in copies.items():
        target = file.with_name(file.name + suffix)
        if spares:
            spares.write_bytes(target, compressed)
        else:
            target.write_bytes(compressed)
        written.append(target)
    return written
