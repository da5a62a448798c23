"""Precompressed copies (.gz, .br) beside each text file, for servers that send them as they are."""

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

import brotli

from .progress import with_progress

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
# brotli and zlib let go of the GIL while they compress, so threads use every core, without
# the start-up and copying of processes.
WORKERS = os.cpu_count() or 1


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


def compressed_copies(data, suffix, store=None):
    """Return {suffix: bytes} of the compressed copies of a file's `data` that are smaller
    than it (its name ends in `suffix`).

    `store` (plugins/speed/store.py), or None: copies made by an earlier build of the same
    bytes and type are taken from there (the compression code and brotli's version are in
    its code version), and new ones kept there.
    """
    key = store.key("precompressed", suffix, data) if store else None  # type: quality
    variants = store.get_object("precompressed", key) if store else None
    if not isinstance(variants, dict):
        variants = smaller_variants(data, suffix)
        if store:
            store.put_object("precompressed", key, variants)
    return variants


def precompress_file(file, store=None, data=None, spares=None):
    """Write `name.gz` and `name.br` beside a text file where they make it smaller; return them.

    `store`: as compressed_copies's. `data`: the file's bytes, if the caller has read them.
    `spares` (plugins/speed/spares.py), or None: each copy is written over a spare file.
    """
    data = file.read_bytes() if data is None else data
    if len(data) < MIN_SIZE:
        return []
    written = []
    for suffix, compressed in compressed_copies(data, file.suffix, store).items():
        target = file.with_name(file.name + suffix)
        if spares:
            spares.write_bytes(target, compressed)
        else:
            target.write_bytes(compressed)
        written.append(target)
    return written


def precompress_folder(root, store=None, workers=WORKERS):
    """Write `name.gz` and `name.br` beside each text file of `root` they make smaller.

    With a `store`, a file whose bytes an earlier build compressed reuses that build's copies.
    Files are compressed `workers` at a time; return the copies written, in file order.
    """
    files = sorted(f for f in Path(root).rglob("*") if is_precompressed(f.relative_to(root)))
    files = [f for f in files if f.is_file()]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = [pool.submit(precompress_file, file, store) for file in files]
        return [copy for each in with_progress(done, "Precompressing") for copy in each.result()]
