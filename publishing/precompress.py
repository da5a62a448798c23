"""Precompressed copies (.gz, .br) beside each text file, for servers that send them as they are."""

import gzip
from pathlib import Path

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
MIN_SIZE = 256  # bytes: below this a compressed response saves less than its headers cost


def compressed_variants(data):
    """Return {suffix: bytes} of `data` compressed by gzip and by brotli, each at its best."""
    return {
        ".gz": gzip.compress(data, compresslevel=9, mtime=0),  # mtime 0: the same bytes every build
        ".br": brotli.compress(data, mode=brotli.MODE_TEXT, quality=11),
    }


def precompress_folder(root):
    """Write `name.gz` and `name.br` beside each text file of `root` they make smaller."""
    written = []
    for file in sorted(Path(root).rglob("*")):
        if not file.is_file() or file.suffix not in TEXT_SUFFIXES:
            continue
        data = file.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        for suffix, compressed in compressed_variants(data).items():
            if len(compressed) < len(data):
                target = file.with_name(file.name + suffix)
                target.write_bytes(compressed)
                written.append(target)
    return written
