"""Markdown files (and FAQ files) rendered on every core before Pelican reads them one by one.

On a cold build (an empty store, a new code version) most of the work is rendering Markdown,
one file after another. Forked workers render the files the store lacks, through the clinic
plugin's reader and its memo, so each rendering lands in the store; Pelican's reads then
find them there. Nothing comes back from a worker but its entries: a file a worker could
not render is rendered again when Pelican reads it, which reports what is wrong.
"""

import functools
import gc
import os

from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from publishing.workers import available_cores

# A worker costs a fork: below this many files each, one process is faster.
MIN_FILES_PER_WORKER = 25


def prefetch_markdown(generator, memo, faq_memo=None, faq_reading=None):
    """Render, on every core, the site's Markdown files whose rendering the store lacks.

    `faq_memo` and `faq_reading` (the clinic plugin's parse_faq memo and what its faq_reading
    returns), or None: the FAQ files whose parse the store lacks are parsed by the same
    workers.
    """
    reader = generator.readers.readers.get("md")
    if not hasattr(reader, "page_images") or os.name != "posix":
        return
    settings, suffixes = generator.settings, tuple(MarkdownReader.file_extensions)
    files = [
        *generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]),
        *generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"]),
    ]
    fields = tuple(settings["FORMATTED_FIELDS"])
    tasks = []
    for name in files:
        path = os.path.join(generator.path, name)
        if not name.endswith(suffixes):
            continue
        try:
            with pelican_open(path) as text:
                kept = memo.kept(reader.page_images(path, text), fields)
        except (OSError, UnicodeDecodeError):
            continue  # reading it again says what is wrong, with the file's name
        if not kept:
            tasks.append(functools.partial(reader.read, path))
    if faq_reading:
        sources, (render, render_all) = faq_reading
        tasks += [
            functools.partial(faq_memo, text, slug, render, render_all)
            for _, text, slug in sources
            if not faq_memo.kept(text, slug)
        ]
    workers = min(available_cores(), len(tasks) // MIN_FILES_PER_WORKER)
    if workers >= 2:
        in_workers(tasks, workers)


def in_workers(tasks, workers):
    """Call every task, in `workers` forked processes; wait for them all."""
    # Frozen, the build's objects are left alone by the workers' garbage collector, which
    # would otherwise write to every one of them and so copy all the memory they share.
    gc.freeze()
    children = []
    try:
        for share in (tasks[start::workers] for start in range(workers)):
            child = os.fork()
            if child == 0:  # a worker: its results are the store's entries, its exit all else
                status = 0
                try:
                    for task in share:
                        task()
                except BaseException:
                    status = 1
                finally:
                    os._exit(status)
            children.append(child)
    finally:
        for child in children:
            os.waitpid(child, 0)
        gc.unfreeze()
