"""A publish build's last pass over its files: each one read once, minified, then compressed.

Both steps take one file and no other, so the files are shared among forked worker processes,
one per core (minify-html and scour hold Python's lock, so threads would take turns). A worker
writes the site's files and the store's entries itself; only the names of the compressed
copies it wrote come back.
"""

import functools
import multiprocessing
import os
import signal
from pathlib import Path

from .minify import is_minified, minify_file
from .pelicanrun import can_fork
from .precompress import is_precompressed, precompress_file
from .progress import with_progress

# Files handed to a worker at a time: fewer hand-offs, and still an even share at the end.
CHUNK = 8


def available_cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


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


def finish_file(task, store=None):
    """Minify and compress one file as `task` says; return the compressed copies written."""
    file, minify, compress = task
    data = file.read_bytes()
    if minify:
        data = minify_file(file, data, store)
    return precompress_file(file, store, data) if compress else []


def quiet_worker():
    """Leave Ctrl-C to the build, which stops the workers; die at once when it does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def finish_folder(root, store=None, workers=None):
    """Minify every HTML, CSS, JS and SVG file of `root`, then write `name.gz` and `name.br`
    beside each text file they make smaller; return the copies written, in file order.

    `store` (plugins/speed/store.py), or None: what an earlier build minified or compressed
    from the same bytes is taken from there. `workers`: processes (default: one per core).
    """
    tasks = finishing_tasks(root)
    work = functools.partial(finish_file, store=store)
    workers = min(workers or available_cores(), len(tasks) // CHUNK)
    if workers < 2 or not can_fork():
        return copies_of(map(work, tasks), len(tasks))
    with multiprocessing.get_context("fork").Pool(workers, initializer=quiet_worker) as pool:
        return copies_of(pool.imap(work, tasks, chunksize=CHUNK), len(tasks))


def copies_of(done, total):
    """Return every copy the finished files' results name, in order, showing progress."""
    return [copy for copies in with_progress(done, "Finishing", total=total) for copy in copies]
