"""Pelican's writer, rendering the pages of a build on every core at once.

The generators hand their pages to the writer one by one; this writer keeps them until the
last of them has, then forks workers that render and write a share each. Forked, the workers
see the whole build (contexts, templates, content) without any of it being copied or pickled.
What a worker finds (problems, written files) comes back to the build's process.
"""

from pelican import signals
from pelican.writers import Writer

from .parallel import fork_map, worker_count


def fix_urls(contents):
    """Compute each page's URL once, now that the build has settled every part of it.

    Pelican works a URL out again from the settings and metadata each time a template asks
    (twenty times a page); `override_url` is Pelican's own way to give it instead.
    """
    for content in contents:
        if not hasattr(content, "override_url"):
            content.override_url = content.url


class ClinicWriter(Writer):
    """Write pages as Pelican's writer does, all at once at the end, on every core."""

    problems = None  # the build's problem list, set by the wiring
    workers_setting = 0  # CLINIC_WORKERS, set by the wiring

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jobs, self.deferring = [], True

    def write_file(self, name, template, context, *args, **kwargs):
        if not self.deferring or not name:
            return super().write_file(name, template, context, *args, **kwargs)
        self.jobs.append((name, template, context, args, kwargs))
        return None

    def flush(self):
        """Render and write every page kept so far; write any later page at once."""
        self.deferring, jobs, self.jobs = False, self.jobs, []
        workers = worker_count(self.workers_setting, len(jobs))
        names = [job[0] for job in jobs]
        if workers < 2 or len(set(names)) != len(names):
            # Pages that overwrite each other must be written in order: Pelican decides.
            for name, template, context, args, kwargs in jobs:
                super().write_file(name, template, context, *args, **kwargs)
            return
        outcomes = fork_map(self.write_one, jobs, workers)
        for job, (written, problems, failed) in zip(jobs, outcomes, strict=True):
            name, template, context, args, kwargs = job
            if failed:
                # Again here, from its first page, so the error stops the build as Pelican's
                # would, traceback and all (not as an overwrite of a page the worker wrote).
                super().write_file(name, template, context, *args, **kwargs)
                continue
            self.problems.extend(problems)
            self._written_files.update(written)
            for path in written:
                # As Pelican sends it, for the sitemap and other listeners of this process.
                signals.content_written.send(path, context={**context, **kwargs})

    def write_one(self, job):
        """In a worker: write one kept page; return (files written, new problems, failed)."""
        name, template, context, args, kwargs = job
        before, written = len(self.problems), []

        def record(path, context):
            written.append(path)

        signals.content_written.connect(record)
        try:
            Writer.write_file(self, name, template, context, *args, **kwargs)
            failed = False
        except Exception:  # the build's process writes it again, and reports it there
            failed = True
        finally:
            signals.content_written.disconnect(record)
        return written, self.problems[before:], failed
