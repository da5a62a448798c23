"""Pages finished into the store while Pelican renders the others, on a publish build.

The publishing pipeline minifies and compresses the site once Pelican is done
(publishing/finish.py, on every core); until then Pelican renders one page at a time, on one
core. With SPEED_FINISH_AHEAD (the pipeline sets it for the builds it finishes), forked
workers on the other cores take each page Pelican writes and make into the store what the
finish pass will take from there. Nothing comes back: a page a worker could not finish, or
that changed after, is finished by the pass itself, which reports what is wrong.
"""

import gc
import multiprocessing
import os
from pathlib import Path

from pelican import signals

from publishing.finish import finish_ahead
from publishing.workers import available_cores, can_fork, quiet_worker


class FinishAhead:
    """The workers of one run: started at the first page written, waited for at the end."""

    def __init__(self, pelican, store):
        self.output, self.store, self.pool = pelican.output_path, store, None
        signals.content_written.connect(self.page_written, weak=False)
        # Waited for on `finalized`. blinker calls its receivers in no set order, so the
        # workers may or may not go on while Pagefind indexes and images are encoded: only
        # the time differs, as the finishing pass checks what it takes from the store.
        signals.finalized.connect(self.finish, weak=False)

    def page_written(self, path, context=None):
        if self.pool is None:
            workers = available_cores() - 1  # Pelican's process renders on one
            if workers < 1 or not can_fork():
                self.pool = False
                return
            # Frozen, the build's objects are left alone by the workers' garbage collector,
            # which would otherwise write to every one of them and so copy all they share.
            gc.freeze()
            context = multiprocessing.get_context("fork")
            self.pool = context.Pool(workers, initializer=quiet_worker)
        if self.pool:
            relative = os.path.relpath(path, self.output)
            self.pool.apply_async(finish_ahead, (Path(path), relative, self.store))

    def finish(self, pelican):
        signals.content_written.disconnect(self.page_written)
        signals.finalized.disconnect(self.finish)
        if self.pool:
            self.pool.close()
            self.pool.join()
            gc.unfreeze()
