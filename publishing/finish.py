"""A publish build's last pass over its files: each one read once, minified, then compressed.

Both steps take one file and no other, so the files are shared among worker processes, one per
core (workers.py). A worker writes the site's files and the store's entries itself; only the
names of the compressed copies it wrote come back.
"""

import functools
import os
from pathlib import Path

from plugins.speed.spares import Spares

from .minify import is_minified, minified_bytes, minify_file
from .precompress import MIN_SIZE, compressed_copies, is_precompressed, precompress_file
from .progress import with_progress
from .workers import on_every_core


def finishing_tasks(root):
    """Return (file, minify it?, compress it?) for each file of `root` either step takes."""
    tasks = []
    for folder, _, names in os.walk(root):
        for name in names:
            file = Path(folder, name)
            relative = file.relative_to(root)
            minify, compress = is_minified(relative), is_precompressed(relative)
            if minify or compress:
                tasks.append((file, minify, compress))
    return sorted(tasks)


def finish_file(task, store=None, spares=None):
    """Minify and compress one file as `task` says; return the compressed copies written.

    `spares` (plugins/speed/spares.py), or None: the copies are written over spare files.
    """
    file, minify, compress = task
    data = file.read_bytes()
    if minify:
        data = minify_file(file, data, store)
    return precompress_file(file, store, data, spares) if compress else []


def finish_ahead(file, relative, store):
    """Make into `store` what finish_file will take from there for this file (at `relative`
    in its site), writing nothing of the site: for a page written while others are rendered.
    """
    data = file.read_bytes()
    if is_minified(relative):
        data = minified_bytes(data, file.suffix, store)
    if is_precompressed(relative) and len(data) >= MIN_SIZE:
        compressed_copies(data, file.suffix, store)


def finish_folder(root, store=None, workers=None, spares=None):
    """Minify every HTML, CSS, JS and SVG file of `root`, then write `name.gz` and `name.br`
    beside each text file they make smaller; return the copies written, in file order.

    `store` (plugins/speed/store.py), or None: what an earlier build minified or compressed
    from the same bytes is taken from there. `workers`: processes (default: one per core).
    `spares`: a folder of spare files (plugins/speed/spares.py) the copies are written over.
    """
    tasks = finishing_tasks(root)
    spares = Spares(spares, root) if spares else None
    task = functools.partial(finish_file, store=store, spares=spares)
    done = on_every_core(task, tasks, workers)
    done = with_progress(done, "Finishing", total=len(tasks))
    return [copy for copies in done for copy in copies]
