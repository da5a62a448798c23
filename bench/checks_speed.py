#!/usr/bin/env python3
"""The checks of the built site after a writer's edit, kept readings beside none, in one run.

    .venv/bin/python bench/checks_speed.py              # N=1000, median of 5 runs
    .venv/bin/python bench/checks_speed.py -n 200 -r 3

A generated site (bench/build_speed.py's content) is built with the dev settings through the
publishing pipeline, one article is edited and the site built again: the two outputs differ
in that article's page and in the Pagefind files its text renamed. Then, alternating, on the
second output: `site_problems` keeping nothing; with readings kept from the first output (the
writer's rebuild); and with readings kept from the second (nothing changed). CPU seconds are
this process's; the machine is shared, so compare the figures of one run with each other.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_speed import write_site  # noqa: E402
from plugins.speed.store import Store  # noqa: E402
from plugins.speed.table import KeptTable  # noqa: E402
from publishing.checks import site_problems  # noqa: E402
from publishing.pipeline import build_site  # noqa: E402


def timed(function, *arguments):
    """Return (wall s, CPU s, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*arguments)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def kept_problems(site, site_url, folder):
    """Return site_problems with the readings kept in a store in `folder`, as a build does."""
    if folder is None:
        return site_problems(site, site_url)
    readings = KeptTable(Store(folder, "bench"), "checks", "page readings")
    problems = site_problems(site, site_url, readings)
    readings.save()
    return problems


def two_builds(folder, count):
    """Build N articles, edit one, build again; return the two outputs and the SITEURL."""
    settings = write_site(folder, count)["dev"]
    build_site(settings, folder / "output")
    shutil.copytree(folder / "output", folder / "before")
    article = folder / "content" / "articles" / "article-0.md"
    article.write_text(article.read_text() + "\nOne more paragraph.\n")
    build_site(settings, folder / "output")
    return folder / "before", folder / "output", ""  # the dev settings' SITEURL


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("-r", "--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clinic-checks-") as temp:
        folder = Path(temp)
        before, after, site_url = two_builds(folder, args.count)
        figures, found = {"none kept": [], "edit": [], "unchanged": []}, set()
        for run in range(args.runs):
            kept = folder / f"kept-{run}"
            kept_problems(before, site_url, kept)  # the readings the first build left
            kinds = ["none kept", "edit", "unchanged"]  # unchanged follows the edit's check
            for kind in kinds if run % 2 == 0 else [*kinds[1:], kinds[0]]:
                cache = None if kind == "none kept" else kept
                wall, cpu, problems = timed(kept_problems, after, site_url, cache)
                figures[kind].append((wall, cpu))
                found.add(tuple(map(str, problems)))
        size = sum(file.stat().st_size for file in kept.rglob("*") if file.is_file())
        pages = sum(1 for _ in after.rglob("*.html"))
    print(f"N={args.count}: site_problems after one article edited; median of each")
    print(f"  {'readings kept':26}{'wall s':>9}{'CPU s':>9}{'runs':>6}")
    for kind, label in [
        ("none kept", "none (every page parsed)"),
        ("edit", "from before the edit"),
        ("unchanged", "from this output"),
    ]:
        wall = statistics.median(w for w, _ in figures[kind])
        cpu = statistics.median(c for _, c in figures[kind])
        print(f"  {label:26}{wall:9.3f}{cpu:9.3f}{len(figures[kind]):6}")
    print(f"  kept readings: {size / 1024:.0f} KiB; pages: {pages}")
    print(f"  the same problems every time: {len(found) == 1}")


if __name__ == "__main__":
    main()
