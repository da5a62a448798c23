"""Search index bundles kept between builds, one per shard, reused while its pages are the same.

A shard's bundle depends only on its pages' paths and bytes, on Pagefind's version and on
whether it is the first bundle (the one that also carries Pagefind's scripts). So each bundle
is kept under CACHE_PATH with the digest of those for a name, and hard-linked into the site,
not rebuilt, while that digest is the same. Pure, apart from the files it is given.
"""

import hashlib
import os
import shutil
import time
from pathlib import Path

# What the browser reads of a merged bundle (mergeIndex loads neither scripts nor WebAssembly).
MERGED_BUNDLE_FILES = ("pagefind-entry.json", "*.pf_meta", "index", "fragment", "filter")
# And of the first bundle: its API script, the worker it starts and the WebAssembly. Not
# Pagefind's ready-made UIs and highlighter (418 KB): the site's scripts call the API.
PRIMARY_BUNDLE_FILES = (*MERGED_BUNDLE_FILES, "pagefind.js", "pagefind-worker.js", "wasm.*")


def shard_digest(pages, indexer):
    """Return the digest of what a shard's bundle depends on: its pages ({path: digest of
    bytes}) and `indexer` (the version and options that make it)."""
    digest = hashlib.sha256(repr(indexer).encode())
    for path, page_digest in sorted(pages.items()):
        digest.update(f"\0{path}\0{page_digest}".encode())
    return digest.hexdigest()


def link_or_copy(source, target):
    """Hard-link a file (no bytes copied), or copy it where links cannot be made.

    Safe because nothing writes into an index's files once Pagefind has written them: each
    build's Pagefind writes new files, and compression writes new files beside them.
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_pages(site_folder, paths, target):
    """Give `target` the pages at `paths` of the site, at the same paths, as links."""
    for path in paths:
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(Path(site_folder) / path, target / path)


def keep_only_used_files(bundle, primary):
    """Remove from a bundle what the browser never loads of it, first (primary) or merged."""
    patterns = PRIMARY_BUNDLE_FILES if primary else MERGED_BUNDLE_FILES
    kept = {file for pattern in patterns for file in bundle.glob(pattern)}
    for file in bundle.iterdir():
        if file not in kept:
            shutil.rmtree(file) if file.is_dir() else file.unlink()


def kept_index(cache_folder, digest):
    """Return the kept bundle made from pages with this digest, or None."""
    kept = Path(cache_folder) / digest
    return kept if kept.is_dir() else None


def keep_bundle(staging, cache_folder, digest):
    """Keep a bundle written in `staging` under its digest; return where it is kept."""
    kept = Path(cache_folder) / digest
    try:
        staging.rename(kept)  # only a whole bundle ever has a digest for a name
    except OSError:  # another build kept the same bundle first
        shutil.rmtree(staging, ignore_errors=True)
    return kept


def restore_index(kept, target):
    """Put a kept bundle at `target` in the site; return whether it could.

    Another build (`invoke check` beside `invoke live`) may drop the kept bundle meanwhile:
    then there is nothing to reuse, and the caller indexes the shard itself.
    """
    try:
        shutil.copytree(kept, target, copy_function=link_or_copy)
    except (OSError, shutil.Error):
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def drop_other_bundles(cache_folder, digests, stale_after=3600):
    """Delete the kept bundles whose digest is not one of `digests` (this build's shards).

    Work folders (named with a dot) may be another build's, in use: only stale ones go.
    """
    for old in Path(cache_folder).iterdir():
        if old.name.startswith("."):
            if time.time() - old.stat().st_mtime < stale_after:
                continue
        elif old.name in digests:
            continue
        shutil.rmtree(old, ignore_errors=True)
