"""Measure what publishing costs and saves, side by side in one run.

    .venv/bin/python bench/publish.py

Prints the time of a bare Pelican build and of the full atomic build (staging, checks,
precompression, swap), and the bytes of the publish build as stored, as gzip and as brotli.
"""

import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publishing.pipeline import build_site, pelican_command  # noqa: E402

RUNS = 5


def timed(action):
    """Return the median wall time of `action` over RUNS runs, in seconds."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_pelican(output):
    command = pelican_command(ROOT / "publishconf.py", output, strict=False)
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def full_build(output):
    build_site(ROOT / "publishconf.py", output, strict=True, precompress=True)


def sizes(root):
    """Return {suffix: [stored, gzip, brotli] bytes} over the files that have copies."""
    totals = defaultdict(lambda: [0, 0, 0])
    for br in root.rglob("*.br"):
        original = br.with_suffix("")
        row = totals[original.suffix]
        row[0] += original.stat().st_size
        row[1] += original.with_name(original.name + ".gz").stat().st_size
        row[2] += br.stat().st_size
    return dict(totals)


def main():
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        bare = timed(lambda: bare_pelican(folder / "bare"))
        full = timed(lambda: full_build(folder / "output"))
        print(f"\nmedian of {RUNS} publish builds")
        print(f"  {'bare pelican':30} {bare:6.2f} s")
        print(f"  {'atomic, checked, compressed':30} {full:6.2f} s  ({full / bare:.2f}x)")
        print("\nbytes of the publish build, by file type")
        print(f"  {'type':8} {'stored':>9} {'gzip':>9} {'brotli':>9} {'br/stored':>10}")
        table = sizes(folder / "output")
        for suffix, (stored, gz, br) in sorted(table.items()):
            print(f"  {suffix:8} {stored:9} {gz:9} {br:9} {br / stored:10.2f}")
        stored, gz, br = (sum(row[i] for row in table.values()) for i in range(3))
        print(f"  {'all':8} {stored:9} {gz:9} {br:9} {br / stored:10.2f}")


if __name__ == "__main__":
    main()
