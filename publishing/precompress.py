"""Precompressed copies (.gz, .br) beside each text file, for servers that send them as they are."""

import gzip
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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


def compressed_variants(data):
    """Return {suffix: bytes} of `data` compressed by gzip and by brotli, each at its best."""
    return {
        ".gz": gzip.compress(data, compresslevel=9, mtime=0),  # mtime 0: the same bytes every build
        ".br": brotli.compress(data, mode=brotli.MODE_TEXT, quality=11),
    }


def reusable_copies(data, previous):
    """Return the copies ({suffix: path}) of the previous build's file if it held the same bytes."""
    if previous is None or not previous.is_file() or previous.read_bytes() != data:
        return None
    copies = {suffix: previous.with_name(previous.name + suffix) for suffix in (".gz", ".br")}
    return copies if all(copy.is_file() for copy in copies.values()) else None


def link_or_copy(source, target):
    """Put a file's bytes at `target`: a hard link where it can (no read, no write), else a copy."""
    try:
        os.link(source, target)
    except OSError:  # another filesystem, one without links, or `target` exists
        shutil.copyfile(source, target)


def precompress_file(file, previous):
    """Write `name.gz` and `name.br` beside a text file where they make it smaller; return them.

    `previous` is the same file in the last build, or None: if it held the same bytes, its
    copies are reused, since brotli at its best costs ~20 ms a page, most of a publish build.
    """
    data = file.read_bytes()
    if len(data) < MIN_SIZE:
        return []
    copies = reusable_copies(data, previous)
    if copies:  # the last build wrote them, so each is smaller than the file
        targets = {suffix: file.with_name(file.name + suffix) for suffix in copies}
        for suffix, copy in copies.items():
            link_or_copy(copy, targets[suffix])
        return list(targets.values())
    written = []
    for suffix, compressed in compressed_variants(data).items():
        if len(compressed) < len(data):
            target = file.with_name(file.name + suffix)
            target.write_bytes(compressed)
            written.append(target)
    return written


def precompress_folder(root, previous_root=None, workers=WORKERS):
    """Write `name.gz` and `name.br` beside each text file of `root` they make smaller.

    A file whose bytes are the same as in `previous_root` (the last build) reuses that build's
    copies. Files are compressed `workers` at a time; return the copies written, in file order.
    """
    files = [
        f
        for f in sorted(Path(root).rglob("*"))
        if f.is_file()
        and f.suffix in TEXT_SUFFIXES
        and not NOT_PRECOMPRESSED & set(f.relative_to(root).parts)
    ]
    if previous_root and Path(previous_root).resolve() == Path(root).resolve():
        previous_root = None  # its copies are the ones about to be written
    previous = [Path(previous_root) / f.relative_to(root) if previous_root else None for f in files]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = [pool.submit(precompress_file, *pair) for pair in zip(files, previous, strict=True)]
        return [copy for each in with_progress(done, "Precompressing") for copy in each.result()]
