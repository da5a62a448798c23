"""Independent work shared among forked worker processes, one per core.

For steps whose items each need only themselves (a page to parse, a file to minify): the
work's Python code holds the interpreter's lock, so threads would take turns. Forked, the
workers start with the build's modules and objects; each item's result comes back pickled.
"""

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import threading

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>: the signal a process gets when its parent ends
# Items handed to a worker at a time: fewer hand-offs, and still an even share at the end.
CHUNK = 8


def available_cores():
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork_workers():
    """Whether forked workers are safe here: POSIX, and no other thread but daemons.

    Less strict than pelicanrun.can_fork, which forks a whole Pelican run (that writes to the
    console) and so wants no other thread at all.

    A lock another thread holds stays locked in the workers. The daemon thread met here is
    Pelican's status line (rich's refresh thread, which holds its console's lock), and
    workers never write to the console: their results, exceptions included, come back to
    this process.
    """
    this = threading.current_thread()
    others = [thread for thread in threading.enumerate() if thread is not this]
    return hasattr(os, "fork") and all(thread.daemon for thread in others)


def quiet_worker():
    """Leave Ctrl-C to the build, which stops the workers; die at once when it does, or when
    the process that made the worker ends without waiting for it (a failed Pelican run)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the pipe's end stops it
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def on_every_core(function, items, workers=None):
    """Yield function(item) for each item, in order, computed by forked workers, one per core
    (or `workers`); in this process where a fork is unsafe or would not pay."""
    items = list(items)
    workers = min(workers or available_cores(), len(items) // CHUNK)
    if workers < 2 or not can_fork_workers():
        yield from map(function, items)
        return
    # Frozen, the build's objects are left alone by the workers' garbage collector, which
    # would otherwise write to every one of them and so copy all the memory they share.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=quiet_worker) as pool:
            yield from pool.imap(function, items, chunksize=CHUNK)
    finally:
        gc.unfreeze()
