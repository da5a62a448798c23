#!/usr/bin/env python3
"""The publishing steps after Pelican, timed on one generated site, side by side in one run.

    .venv/bin/python bench/publish_steps.py              # N=1000, median of 3 runs
    .venv/bin/python bench/publish_steps.py -n 200 -r 5

Pelican renders N articles once with the publish settings (bench/build_speed.py's content).
Then, on that output: the checks of the built site (`site_problems`, as the plugin runs them);
the finishing pass (publishing/finish.py: minified, then compressed) of a cold build (an empty
store) on one worker and on every core, alternating, and of a warm build that takes every file
from the speed plugin's store. CPU seconds count this process and its workers; the machine is
shared, so compare the figures of one run with each other.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_speed import write_site  # noqa: E402
from plugins.speed.store import Store  # noqa: E402
from publishing.checks import site_problems  # noqa: E402
from publishing.finish import finish_folder  # noqa: E402
from publishing.workers import available_cores  # noqa: E402

WORKERS = available_cores()


def timed(action, *args):
    """Call `action(*args)`; return (wall s, CPU s of this process and its ended children)."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    action(*args)
    return time.perf_counter() - wall, cpu_seconds() - cpu


def cpu_seconds():
    """Return the CPU seconds of this process, every thread, and of its children waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def median(runs):
    """Return the (wall, CPU) medians of (wall, CPU) pairs."""
    return tuple(statistics.median(run[i] for run in runs) for i in (0, 1))


def fresh_copy(source, target):
    """Return `target`, a copy of `source` with nothing of an earlier copy left in it."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of articles")
    parser.add_argument("-r", "--runs", type=int, default=3, help="runs of each step")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clinic-steps-") as temp:
        folder = Path(temp)
        settings = write_site(folder, args.n)
        rendered = folder / "rendered"
        command = [sys.executable, "-m", "pelican", "-s", str(settings["publish"])]
        subprocess.run([*command, "-o", str(rendered), "-q"], check=True, cwd=ROOT)
        site_url = "https://example.org"  # publishconf's SITEURL unless CI sets one
        pages = sum(1 for _ in rendered.rglob("*.html"))
        checks = [timed(site_problems, rendered, site_url) for _ in range(args.runs)]
        store = Store(folder / "store", "bench")
        cold = {1: [], WORKERS: []}
        for run in range(args.runs):
            for workers in sorted(cold, reverse=run % 2 == 1):
                staging = fresh_copy(rendered, folder / "cold")
                cold[workers].append(timed(finish_folder, staging, None, workers))
        finish_folder(fresh_copy(rendered, folder / "stored"), store)  # fills the store
        warm = []
        for _ in range(args.runs):
            staging = fresh_copy(rendered, folder / "warm")
            warm.append(timed(finish_folder, staging, store))
    print(f"N={args.n} ({pages} pages): median of {args.runs} runs; {WORKERS} cores")
    print(f"  {'step':44}{'wall s':>9}{'CPU s':>9}")
    rows = [
        ("checks of the built site", median(checks)),
        ("finish, cold, 1 worker", median(cold[1])),
        (f"finish, cold, {WORKERS} workers", median(cold[WORKERS])),
        ("finish, warm (every file from the store)", median(warm)),
    ]
    for label, (wall, cpu) in rows:
        print(f"  {label:44}{wall:9.2f}{cpu:9.2f}")
    one, many = median(cold[1])[0], median(cold[WORKERS])[0]
    print(f"  cold finish: {one / many:.2f}x faster on {WORKERS} workers (wall)")


if __name__ == "__main__":
    sys.exit(main())
