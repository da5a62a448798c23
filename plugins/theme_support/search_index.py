"""The Pagefind search index of a built site, in shards: which pages, which shard, what command.

Pagefind's peak memory grows with the pages it indexes at once, and it has
no incremental mode. So the pages are split into shards by a stable hash of their path, each
indexed into a bundle of its own; an edit then re-indexes one shard, and the browser merges the
bundles (Pagefind's mergeIndex). Pure.
"""

import functools
import hashlib
import os
import re
import sys
from pathlib import Path

BODY_MARK = b"data-pagefind-body"


def content_patterns(settings):
    """Return the glob patterns of the files articles and pages are saved as."""
    # Only these carry data-pagefind-body; listing pages (index, tags, categories: thousands
    # at N=10,000) would be read for nothing.
    return sorted(
        {
            re.sub(r"\{[^}]*\}", "*", settings[name])
            for name in ["ARTICLE_SAVE_AS", "PAGE_SAVE_AS"]
            if settings.get(name)
        }
    )


def searchable_pages(site_folder, patterns):
    """Return {site-relative path: digest of its bytes} of the pages Pagefind would index.

    As Pagefind does: once any page is marked data-pagefind-body, unmarked pages are skipped.
    Digests, not bytes, so 10,000 pages are not all held in Pelican's memory at once.
    """
    site_folder = Path(site_folder)
    found, marked = {}, set()
    for pattern in patterns:
        for file in site_folder.glob(pattern):
            if file.is_file():
                data = file.read_bytes()
                path = file.relative_to(site_folder).as_posix()
                found[path] = hashlib.sha256(data).hexdigest()
                if BODY_MARK in data:
                    marked.add(path)
    return {path: found[path] for path in sorted(marked or found)}


def shard_of(path, shards):
    """Return the shard (0 to shards - 1) of a page: the same for a path in every build."""
    # sha256, not hash(): Python salts string hashes per process.
    return int.from_bytes(hashlib.sha256(path.encode()).digest()[:8], "big") % shards


def split_into_shards(paths, pages_per_shard, max_shards=None):
    """Return the paths in shards of about `pages_per_shard` each, at most `max_shards`: at
    least one shard, and no empty one (Pagefind cannot index nothing) unless no paths."""
    count = max(1, min(round(len(paths) / pages_per_shard), max_shards or len(paths)))
    shards = [[] for _ in range(count)]
    for path in paths:
        shards[shard_of(path, count)].append(path)
    return [shard for shard in shards if shard] or [[]]


def bundle_folder(shard):
    """Return the site-relative folder of a shard's bundle: the first is Pagefind's own."""
    return "pagefind" if shard == 0 else f"pagefind/shard-{shard + 1}"


@functools.cache
def pagefind_program():
    """Return the command that starts Pagefind: the binary the pagefind package ships, if found.

    `python -m pagefind` finds the same binary, but starts an interpreter first, for every
    shard indexed.
    """
    if os.environ.get("PAGEFIND_BINARY_PATH"):  # the override `python -m pagefind` honours
        return [os.environ["PAGEFIND_BINARY_PATH"]]
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except (ImportError, FileNotFoundError):  # another platform's wheel: let pagefind look
        return [sys.executable, "-m", "pagefind"]


def pagefind_command(site_folder, output_folder, glob=None):
    """Return the command that indexes the pages of `site_folder` into `output_folder`: all of
    them, or those `glob` matches (see pages_glob)."""
    # The pagefind package from PyPI ships the binary, so the build needs no Node.js. Only
    # elements marked data-pagefind-body (articles, pages) are read.
    return [
        *pagefind_program(),
        *["--site", str(site_folder), "--output-path", str(output_folder), "--quiet"],
        *(["--glob", glob] if glob else []),
    ]


# Characters a path may hold in a glob as they are: no wildcard, brace, escape or class.
PLAIN_PATH = re.compile(r"[\w./ -]+")
# One command-line argument may be at most 128 KiB on Linux (MAX_ARG_STRLEN).
MOST_GLOB_BYTES = 100_000


def pages_glob(paths):
    """Return the Pagefind glob that matches exactly these site paths, or None where a glob
    cannot say it (a path with glob syntax in it, or too many paths for one argument)."""
    if not paths or not all(PLAIN_PATH.fullmatch(path) for path in paths):
        return None
    glob = "{" + ",".join(sorted(paths)) + "}"
    return glob if len(glob.encode()) <= MOST_GLOB_BYTES else None
