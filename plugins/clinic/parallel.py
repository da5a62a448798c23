"""Work spread over the machine's cores: forked processes that inherit the build's state."""

import gc
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

# A worker costs a fork and the pickling of its results: below this, one process is faster.
MIN_ITEMS_PER_WORKER = 25
_TASK = _ITEMS = None  # the function the workers run and its items, set just before they fork


def available_cores():
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_count(setting, items):
    """Return how many processes to use for `items` pieces of work: 1 means work in-process."""
    wanted = setting or available_cores()
    return max(1, min(wanted, items // MIN_ITEMS_PER_WORKER))


def _run(indices):
    return [_TASK(_ITEMS[index]) for index in indices]


def fork_map(task, items, workers):
    """Return [task(item) for item in items], computed by `workers` forked processes.

    Forked, the workers see the build as it is (settings, readers, templates, the items)
    without pickling it; only item numbers go out, and results come back, in item order.
    """
    global _TASK, _ITEMS
    if workers < 2 or os.name != "posix":
        return [task(item) for item in items]
    _TASK, _ITEMS = task, items
    # Interleaved chunks, several per worker, so one slow page does not hold up the rest.
    count = workers * 4
    chunks = [range(start, len(items), count) for start in range(count)]
    # Frozen, the build's objects are left alone by the workers' garbage collector, which
    # would otherwise write to every one of them and so copy all the memory they share.
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            done = list(pool.map(_run, chunks))
    finally:
        _TASK = _ITEMS = None
        gc.unfreeze()
    results = [None] * len(items)
    for start, chunk in enumerate(done):
        results[start::count] = chunk
    return results
