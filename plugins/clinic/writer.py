"""Pelican's writer, rendering the pages of a build on every core at once.

The generators hand their pages to the writer one by one; this writer keeps them until the
last of them has, then forks workers that render and write a share each. Forked, the workers
see the whole build (contexts, templates, content) without any of it being copied or pickled.
What a worker finds (problems, written files) comes back to the build's process.

With a render cache (rendercache.PageCache), a page whose inputs are all unchanged since an
earlier build is copied from there instead, with the problems its rendering reported.
"""

import contextlib
import os

from pelican import signals
from pelican.contents import Content
from pelican.writers import Writer

from .parallel import fork_map, worker_count
from .rendercache import KeptPage, still_valid


def fix_urls(contents):
    """Compute each page's URL and output name once, now that the build has settled them.

    Pelican works them out again from the settings and metadata each time a template, the
    writer or a plugin asks (twenty times a page); `override_url` and `override_save_as` are
    Pelican's own way to give them instead.
    """
    for content in contents:
        if not hasattr(content, "override_url"):
            content.override_url = content.url
        if not hasattr(content, "override_save_as"):
            content.override_save_as = content.save_as


BODIES_READ = None  # while a page renders for the cache: the content objects whose body it read


def track_body_reads():
    """Record which bodies each page reads: its content, or the summary made from it (once)."""
    for name in ["get_content", "get_summary"]:
        memoized = Content.__dict__[name]
        if getattr(memoized, "records_reads", False):
            continue

        def read(self, siteurl, memoized=memoized, name=name):
            # A summary given in the metadata is part of the site's state, not of the body.
            from_body = name == "get_content" or "summary" not in self.metadata
            if BODIES_READ is not None and from_body:
                BODIES_READ.add(self)
            return memoized(self, siteurl)

        read.records_reads = True
        setattr(Content, name, read)


class ClinicWriter(Writer):
    """Write pages as Pelican's writer does, all at once at the end, on every core."""

    problems = None  # the build's problem list, set by the wiring
    workers_setting = 0  # CLINIC_WORKERS, set by the wiring

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jobs, self.deferring, self.cache = [], True, None
        self.rendered = self.reused = 0

    def write_file(self, name, template, context, *args, **kwargs):
        if not self.deferring or not name:
            return super().write_file(name, template, context, *args, **kwargs)
        self.jobs.append((name, template, context, args, kwargs))
        return None

    def flush(self, cache=None):
        """Render and write every page kept so far; write any later page at once.

        `cache` (a rendercache.PageCache, or None) gives the pages unchanged since it kept them.
        """
        self.deferring, jobs, self.jobs = False, self.jobs, []
        names = [job[0] for job in jobs]
        if len(set(names)) != len(names):
            # Pages that overwrite each other must be written in order: Pelican decides.
            for name, template, context, args, kwargs in jobs:
                super().write_file(name, template, context, *args, **kwargs)
            self.rendered += len(jobs)
            return
        self.cache = cache
        keys = cache.keys(jobs) if cache else [None] * len(jobs)
        todo = [(job, key) for job, key in zip(jobs, keys, strict=True) if not self.reuse(job, key)]
        workers = worker_count(self.workers_setting, len(todo))
        if workers < 2:
            for job, key in todo:
                self.keep(key, self.rendering(job, key, catch=False))
        else:
            outcomes = fork_map(self.write_one, todo, workers)
            for (job, key), outcome in zip(todo, outcomes, strict=True):
                if outcome[3]:  # failed
                    # Again here, from its first page, so the error stops the build as Pelican's
                    # would, traceback and all (not as an overwrite of a page the worker wrote).
                    self.rendering(job, None, catch=False)
                    continue
                self.keep(key, outcome)
                self.announce(job, [path for path, _ in outcome[0]], outcome[1])
        self.rendered += len(todo)
        if cache:
            cache.save()

    def _open_w(self, filename, encoding, override=False):
        """Open a new file for a page: the one an earlier build left may link to a kept page."""
        if filename not in self._overridden_files:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(filename)
        return super()._open_w(filename, encoding, override)

    def announce(self, job, written, problems):
        """Tell this process what a page elsewhere (a worker, the cache) wrote and found."""
        context, kwargs = job[2], job[4]
        self.problems.extend(problems)
        self._written_files.update(written)
        for path in written:
            # As Pelican sends it, for the sitemap and other listeners of this process.
            signals.content_written.send(path, context={**context, **kwargs})

    def reuse(self, job, key):
        """Write a page from the cache if it holds it, unchanged; whether it did."""
        kept = self.cache.get(key) if key else None
        if kept is None or not still_valid(kept, self.cache.body_of):
            return False
        written = [os.path.join(self.output_path, name) for name, _ in kept.files]
        try:
            for path, (_, data) in zip(written, kept.files, strict=True):
                self.cache.files.restore(data, path)
        except OSError:  # a kept file was removed: render the page instead
            return False
        self.announce(job, written, list(kept.problems))
        self.reused += 1
        return True

    def keep(self, key, outcome):
        """Keep what a page's rendering wrote, read and found, for later builds."""
        written, problems, bodies, _ = outcome
        if key is None or bodies is None:
            return
        files = tuple((os.path.relpath(path, self.output_path), data) for path, data in written)
        self.cache.put(key, KeptPage(files, bodies, tuple(problems)))

    def rendering(self, job, key, catch):
        """Write one page, recording the files written, problems found and bodies read."""
        global BODIES_READ
        name, template, context, args, kwargs = job
        before, written = len(self.problems), []

        def record(path, context):
            written.append(path)

        signals.content_written.connect(record)
        BODIES_READ = set() if key is not None else None
        failed = False
        try:
            Writer.write_file(self, name, template, context, *args, **kwargs)
        except Exception:  # the build's process writes it again, and reports it there
            if not catch:
                raise
            failed = True
        finally:
            signals.content_written.disconnect(record)
            read, BODIES_READ = BODIES_READ, None
        problems = self.problems[before:]
        bodies = None
        if read is not None and not failed:
            bodies = self.cache.bodies(read)
            written = [(path, self.cache.files.keep(path)) for path in written]
        else:
            written = [(path, None) for path in written]
        return written, problems, bodies, failed

    def write_one(self, item):
        """In a worker: write one page; return (files written, problems, bodies read, failed)."""
        job, key = item
        before = len(self.problems)
        written, problems, bodies, failed = self.rendering(job, key, catch=True)
        del self.problems[before:]  # they go back to the build's process, which keeps them
        return written, problems, bodies, failed
