"""Progress of a long step, shown only to a person at a terminal, never in logs or CI."""

import sys

EVERY = 25  # redraw once per this many items: a terminal line costs more than a small file


def with_progress(items, label, stream=None, total=None):
    """Yield each item; at a terminal, keep `label: done/total` up to date on one line.

    `total`: how many items there are, for items that are made as they are taken (a pool's
    results); else they are counted first.
    """
    stream = stream or sys.stderr
    if total is None:
        items = list(items)
        total = len(items)
    shown = stream.isatty() and total >= EVERY
    for number, item in enumerate(items, start=1):
        yield item
        if shown and (number % EVERY == 0 or number == total):
            stream.write(f"\r{label}: {number}/{total}")
            stream.flush()
    if shown:
        stream.write("\n")
