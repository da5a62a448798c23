"""Pages finished into the store while Pelican renders the others, on a publish build.

The publishing pipeline minifies and compresses the site once Pelican is done
(publishing/finish.py, on every core); until then Pelican renders one page at a time, on one
core. With SPEED_FINISH_AHEAD (the pipeline sets it for the builds it finishes), forked
workers on the other cores take each page Pelican writes and make into the store what the
finish pass will take from there. Nothing comes back: a page a worker could not finish, or
that changed after, is finished by the pass itself, which reports what is wrong.

Each worker reads the names of its pages from a pipe of its own. A multiprocessing pool
would send each page as a pickled task and a result back, with three threads in Pelican's
process to carry them, waking for every page; a name on a pipe is one write.
"""

import contextlib
import gc
import itertools
import os
import select
from pathlib import Path

from pelican import signals

from publishing.finish import finish_ahead
from publishing.workers import available_cores, can_fork_workers, quiet_worker

SEPARATOR = b"\0"  # the one byte no file name holds
# The most bytes a pipe takes in one piece, all or nothing; 512 is the least POSIX allows.
PIPE_BUF = getattr(select, "PIPE_BUF", 512)


class FinishAhead:
    """The workers of one run: started at the first page written, waited for at the end."""

    def __init__(self, pelican, store):
        self.output, self.store = pelican.output_path, store
        self.workers = self.pipes = self.turns = None  # not started; [] if they cannot be
        signals.content_written.connect(self.page_written, weak=False)
        # Waited for on `finalized`. blinker calls its receivers in no set order, so the
        # workers may or may not go on while Pagefind indexes and images are encoded: only
        # the time differs, as the finishing pass checks what it takes from the store.
        signals.finalized.connect(self.finish, weak=False)

    def page_written(self, path, context=None):
        if self.pipes is None:
            self.start(available_cores() - 1)  # Pelican's process renders on one
        if self.pipes:
            name = os.fsencode(os.path.relpath(path, self.output)) + SEPARATOR
            # A full pipe (the workers behind) or a name too long to write in one piece:
            # the page is left to the finish pass rather than Pelican kept waiting.
            if len(name) <= PIPE_BUF:
                with contextlib.suppress(BlockingIOError):
                    os.write(next(self.turns), name)

    def start(self, workers):
        """Fork `workers` workers, each reading page names from a pipe of its own."""
        self.pipes, self.workers = [], []
        if workers < 1 or not can_fork_workers():
            return
        pipes = [os.pipe() for _ in range(workers)]
        # Frozen, the build's objects are left alone by the workers' garbage collector,
        # which would otherwise write to every one of them and so copy all they share.
        gc.freeze()
        for reading, _ in pipes:
            child = os.fork()
            if child == 0:  # a worker: nothing comes back, not even a failure
                try:
                    quiet_worker()
                    for other_reading, writing in pipes:  # else no pipe would ever end
                        os.close(writing)
                        if other_reading != reading:
                            os.close(other_reading)
                    finish_named(reading, self.output, self.store)
                finally:
                    os._exit(0)
            self.workers.append(child)
        for reading, writing in pipes:
            os.close(reading)
            os.set_blocking(writing, False)
            self.pipes.append(writing)
        self.turns = itertools.cycle(self.pipes)  # each worker a page in turn

    def finish(self, pelican):
        signals.content_written.disconnect(self.page_written)
        signals.finalized.disconnect(self.finish)
        if self.workers:
            for writing in self.pipes:
                os.close(writing)  # the end of each worker's list
            for child in self.workers:
                os.waitpid(child, 0)
            gc.unfreeze()


def finish_named(reading, output, store):
    """Finish ahead each page of `output` whose name comes through the pipe `reading`, until
    it is closed; a page that fails is left to the finish pass."""
    pending = b""
    with open(reading, "rb", buffering=0) as pipe:
        while chunk := pipe.read(1 << 16):
            *names, pending = (pending + chunk).split(SEPARATOR)
            for name in names:
                relative = os.fsdecode(name)
                with contextlib.suppress(Exception):
                    finish_ahead(Path(output, relative), relative, store)
