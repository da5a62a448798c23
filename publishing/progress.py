"""Progress of a long step, shown only to a person at a terminal, never in logs or CI."""

import sys

EVERY = 25  # redraw once per this many items: a terminal line costs more than a small file


def with_progress(items, label, stream=None):
    """Yield each item; at a terminal, keep `label: done/total` up to date on one line."""
    stream = stream or sys.stderr
    items = list(items)
    shown = stream.isatty() and len(items) >= EVERY
    for number, item in enumerate(items, start=1):
        yield item
        if shown and (number % EVERY == 0 or number == len(items)):
            stream.write(f"\r{label}: {number}/{len(items)}")
            stream.flush()
    if shown:
        stream.write("\n")
