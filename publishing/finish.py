"""A publish build's last pass over its files: each one read once, minified, then compressed.

Both steps take one file and no other, so the files are shared among worker processes, one per
core (workers.py). A worker writes the site's files and the store's entries itself; only the
names of the compressed copies it wrote come back. What a file becomes is kept in the store as
one entry (kind `finished`): the minified bytes and the compressed copies together, for each
new file in the store costs far more than its bytes.
"""

import functools
import os
from pathlib import Path

from .minify import is_minified, minified_bytes, rewrite
from .precompress import MIN_SIZE, is_precompressed, precompress_file, smaller_variants
from .progress import with_progress
from .speedlayer import Spares
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


def finished(data, suffix, minify, compress, store=None):
    """Return (the bytes to publish, {suffix: compressed copy}) of a file's bytes `data` (its
    name ends in `suffix`), minified if `minify`, then compressed if `compress`: the copies
    that are smaller than the bytes published.

    `store` (plugins/speed/store.py), or None: what an earlier build made of the same bytes
    and type is taken from there (the minifiers, the compressors and this code are in the
    store's code version), and what is made here kept there.
    """
    if not minify and (not compress or len(data) < MIN_SIZE):
        return data, {}  # nothing to make: not worth an entry
    key = store.key("finished", suffix, minify, compress, data) if store else None
    entry = store.get_object("finished", key) if store else None
    if is_finished_entry(entry):
        minified, copies = entry
        return (data if minified is None else minified), copies
    result = minified_bytes(data, suffix) if minify else data
    copies = smaller_variants(result, suffix) if compress and len(result) >= MIN_SIZE else {}
    if store:  # the bytes published only where they are not the file's own
        store.put_object("finished", key, (None if result == data else result, copies))
    return result, copies


def is_finished_entry(entry):
    """Whether an object loaded from the store is what `finished` keeps: (bytes or None,
    {suffix: bytes})."""
    return (
        isinstance(entry, tuple)
        and len(entry) == 2
        and isinstance(entry[0], bytes | None)
        and isinstance(entry[1], dict)
        and all(isinstance(s, str) and isinstance(c, bytes) for s, c in entry[1].items())
    )


def finish_file(task, store=None, spares=None):
    """Minify and compress one file as `task` says; return the compressed copies written.

    `spares` (plugins/speed/spares.py), or None: the copies are written over spare files.
    """
    file, minify, compress = task
    data = file.read_bytes()
    result, copies = finished(data, file.suffix, minify, compress, store)
    if result != data:
        rewrite(file, result)
    return precompress_file(file, copies, spares)


def finish_folder(root, store=None, workers=None, spare_folder=None):
    """Minify every HTML, CSS, JS and SVG file of `root`, then write `name.gz` and `name.br`
    beside each text file they make smaller; return the copies written, in file order.

    `store`: as finished's. `workers`: processes (default: one per core).
    `spare_folder`: a folder of spare files (plugins/speed/spares.py) the copies are written
    over.
    """
    tasks = finishing_tasks(root)
    spares = Spares(spare_folder, root) if spare_folder else None
    task = functools.partial(finish_file, store=store, spares=spares)
    done = on_every_core(task, tasks, workers)
    done = with_progress(done, "Finishing", total=len(tasks))
    return [copy for copies in done for copy in copies]
