"""A search index kept from an earlier build, reused when the pages it was made from are the same.

Pagefind reads every page of the site each time; its index depends only on the pages' bytes,
the options and Pagefind's version. So the index of the last build is kept under CACHE_PATH
beside the digest of those, and copied in whole, not rebuilt, when a build's digest matches.
Pure, apart from the files it is given.
"""

import hashlib
import os
import shutil
from pathlib import Path

INDEX_FOLDER = "pagefind"  # where Pagefind writes the index in the site


def pages_digest(site_folder, indexer):
    """Return the digest of what an index depends on: every HTML page's path and bytes, and
    `indexer` (the command and version that make it)."""
    site_folder = Path(site_folder)
    digest = hashlib.sha256(repr(indexer).encode())
    for file in sorted(site_folder.rglob("*.html")):
        path = file.relative_to(site_folder).as_posix()
        if path.startswith(INDEX_FOLDER + "/"):
            continue
        data = file.read_bytes()
        digest.update(f"\0{path}\0{len(data)}\0".encode())
        digest.update(data)
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


def kept_index(cache_folder, digest):
    """Return the kept index made from pages with this digest, or None."""
    kept = Path(cache_folder) / digest
    return kept if kept.is_dir() else None


def restore_index(kept, site_folder):
    """Put a kept index into the site, in place of any index there; return whether it could.

    Another build (`invoke check` beside `invoke live`) may replace the kept index meanwhile:
    then there is nothing to reuse, and the caller indexes the site itself.
    """
    target = Path(site_folder) / INDEX_FOLDER
    shutil.rmtree(target, ignore_errors=True)
    try:
        shutil.copytree(kept, target, copy_function=link_or_copy)
    except (OSError, shutil.Error):
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def keep_index(cache_folder, digest, site_folder):
    """Keep the site's index for the next build, in place of the one kept before."""
    cache_folder = Path(cache_folder)
    staging = cache_folder / f".{digest}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(Path(site_folder) / INDEX_FOLDER, staging, copy_function=link_or_copy)
    for old in cache_folder.iterdir():
        if old != staging:
            shutil.rmtree(old, ignore_errors=True)
    try:
        staging.rename(cache_folder / digest)  # only a whole copy ever has a digest for a name
    except OSError:  # another build kept the same index first
        shutil.rmtree(staging, ignore_errors=True)
