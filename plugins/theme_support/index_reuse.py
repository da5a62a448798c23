"""Search index bundles kept between builds, one per shard, reused while its pages are the same.

A shard's bundle depends only on its pages' paths and bytes, on the Pagefind that makes it (its
binary's bytes, its options) and on whether it is the first bundle (the one that also carries
Pagefind's scripts). So each bundle is kept as one entry of the speed plugin's store, keyed on
those, and written into the site as copies of its files. Pure, apart from the files it is given.
"""

import functools
import hashlib
import os
import posixpath
import shutil
from pathlib import Path

# What the browser reads of a merged bundle (mergeIndex loads neither scripts nor WebAssembly).
MERGED_BUNDLE_FILES = ("pagefind-entry.json", "*.pf_meta", "index", "fragment", "filter")
# And of the first bundle: its API script, the worker it starts and the WebAssembly. Not
# Pagefind's ready-made UIs and highlighter, the bulk of a bundle: the site's scripts call
# the API.
PRIMARY_BUNDLE_FILES = (*MERGED_BUNDLE_FILES, "pagefind.js", "pagefind-worker.js", "wasm.*")
KIND = "search-index"  # of the store's entries
# Pagefind also reads a configuration file from the folder it runs in, and PAGEFIND_* variables.
CONFIGURATION_FILES = ("pagefind.json", "pagefind.toml", "pagefind.yml", "pagefind.yaml")


@functools.cache
def program_digest(program):
    """Return the sha256 of the binary a command starts with: what Pagefind is, exactly."""
    with open(program, "rb") as binary:
        return hashlib.file_digest(binary, "sha256").hexdigest()


def bundle_key_parts(pages, primary, command):
    """Return what a shard's bundle depends on, as key parts of the store: its pages ({path:
    digest of bytes}), its role, and the Pagefind `command` that makes it (program, options)."""
    program, *options = command
    kept_files = PRIMARY_BUNDLE_FILES if primary else MERGED_BUNDLE_FILES
    return (
        program_digest(program),
        tuple(options),
        configuration(),
        kept_files,
        tuple(sorted(pages.items())),
    )


def configuration(folder="."):
    """Return what Pagefind reads besides its options: its configuration file in the folder it
    runs in, and its PAGEFIND_* environment variables (as key parts)."""
    files = []
    for name in CONFIGURATION_FILES:
        try:
            files.append((name, (Path(folder) / name).read_bytes()))
        except OSError:  # none: the usual case
            continue
    variables = sorted((k, v) for k, v in os.environ.items() if k.startswith("PAGEFIND_"))
    return (tuple(files), tuple(variables))


def link_or_copy(source, target):
    """Hard-link a file (no bytes copied), or copy it where links cannot be made."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_pages(site_folder, paths, target):
    """Give a work folder `target` the pages at `paths` of the site, at the same paths.

    As links: Pagefind only reads them, and the folder is removed once it has.
    """
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


def bundle_files(bundle):
    """Return the files of a bundle folder: {relative path: bytes}."""
    return {
        file.relative_to(bundle).as_posix(): file.read_bytes()
        for file in sorted(Path(bundle).rglob("*"))
        if file.is_file()
    }


def write_bundle(files, target, spares=None):
    """Write a bundle's files ({relative path: bytes}) under `target`: as new files, or over
    spare ones (plugins/speed/spares.py)."""
    target = os.fspath(target)
    # A bundle is about a thousand small files in a few folders: each folder made once.
    for folder in sorted({posixpath.dirname(path) for path in files}):
        os.makedirs(os.path.join(target, folder), exist_ok=True)
    for path, data in files.items():
        path = os.path.join(target, path)
        if spares:
            spares.write_bytes(path, data)
        else:
            with open(path, "wb") as stream:
                stream.write(data)
