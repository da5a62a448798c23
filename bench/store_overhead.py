#!/usr/bin/env python3
"""What the speed plugin's store costs: the code version at start-up, a verified read or an
atomic write of an entry beside a bare file read or write, and a prune, side by side.

    .venv/bin/python bench/store_overhead.py            # 2,000 entries of each size
    .venv/bin/python bench/store_overhead.py -n 500

The machine is shared: compare the figures of one run with each other.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugins.speed.store import Store  # noqa: E402

SIZES = {"1 KB (a reading time table row)": 1_000, "30 KB (a page)": 30_000, "1 MB": 1_000_000}
# The code version in a new process: what a build pays once, before anything is read.
VERSION = """\
import time, sys
from pelican.settings import read_settings
settings = read_settings("pelicanconf.py")
start = time.perf_counter()
from plugins.speed.version import code_version
imported = time.perf_counter()
code_version(settings)
print(imported - start, time.perf_counter() - imported)
"""


def per_entry(action, calls):
    """Return the wall seconds per call of `action(*arguments)` for each of `calls`."""
    start = time.perf_counter()
    for arguments in calls:
        action(*arguments)
    return (time.perf_counter() - start) / len(calls)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="entries of each size")
    args = parser.parse_args()
    command = [sys.executable, "-c", VERSION]
    runs = [
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
        for _ in range(5)
    ]
    imports, versions = (statistics.median(float(run[i]) for run in runs) * 1000 for i in (0, 1))
    print(
        f"in a new process, after Pelican read the settings: plugins.speed imported in "
        f"{imports:.1f} ms, the code version in {versions:.1f} ms (medians of 5)"
    )
    print(f"  {'entry size':34}{'put':>9}{'write':>9}{'get':>9}{'read':>9}  (µs per entry)")
    with tempfile.TemporaryDirectory(prefix="store-overhead-") as temp:
        folder = Path(temp)
        store = Store(folder / "store", "bench")
        for label, size in SIZES.items():
            count = max(10, min(args.n, 200_000_000 // size))
            data = [i.to_bytes(8, "big") + bytes(size - 8) for i in range(count)]
            keys = [store.key(label, i) for i in range(count)]
            files = [folder / "bare" / key for key in keys]
            files[0].parent.mkdir(exist_ok=True)
            put = per_entry(store.put, [("bench", k, d) for k, d in zip(keys, data, strict=True)])
            write = per_entry(Path.write_bytes, list(zip(files, data, strict=True)))
            get = per_entry(store.get, [("bench", key) for key in keys])
            read = per_entry(Path.read_bytes, [(file,) for file in files])
            figures = [put, write, get, read]
            print(f"  {label:34}" + "".join(f"{f * 1e6:9.0f}" for f in figures))
        entries = sum(1 for _ in store.entries())
        start = time.perf_counter()
        store.prune()
        took = time.perf_counter() - start
        print(f"prune of {entries} entries, none removed: {took * 1000:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
