#!/usr/bin/env python3
"""Where a cold publish build's time goes, by stage, at N=1000: py-spy over every process.

    .venv/bin/python bench/profile_cold.py --py-spy /path/to/py-spy      # N=1000
    .venv/bin/python bench/profile_cold.py --py-spy py-spy -n 300 --keep /tmp/profile

py-spy is not one of the project's packages: install it anywhere but .venv (for instance
`python3 -m venv /tmp/spy && /tmp/spy/bin/pip install py-spy`) and name it. It samples the
build (`invoke preview`, as bench/build_speed.py runs it, on write_site's content) and every
process it forks; a sample's stage is the first of STAGES whose pattern one of its frames
matches. Pagefind is a binary py-spy cannot see into, so after the build its shards are
indexed again from the built site and their CPU seconds printed apart.
"""

import argparse
import collections
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_speed import write_site  # noqa: E402

# (stage, substrings of a frame): a sample's stage is that of its innermost frame matching one.
STAGES = [
    ("imports", ["_find_and_load", "exec_module"]),
    ("Pagefind (Python side)", ["search_index.py", "index_reuse.py", "index_for_search"]),
    ("minify", ["publishing/minify.py"]),
    ("precompress", ["precompress.py"]),
    ("checks", ["publishing/checks.py", "traced_site_problems"]),
    ("staging", ["staging.py"]),
    ("renditions", ["renditions.py", "clinic/images.py"]),
    ("reading/Markdown", ["markdown/", "readers.py", "clinic/reader.py", "readcache.py"]),
    ("template rendering", ["jinja2/"]),
    ("writing", ["writers.py", "clinic/writer.py", "rendercache.py"]),
    ("plugin work (other)", ["plugins/"]),
    ("Pelican (other)", ["pelican/"]),
]


def stage_of(frames):
    for frame in reversed(frames):
        for stage, patterns in STAGES:
            if any(pattern in frame for pattern in patterns):
                return stage
    return "other"


def summary(raw_file, rate, top, cpu):
    """Print the samples by stage, by project function (inclusive) and by leaf.

    py-spy counts a thread that runs or waits for a core (not one blocked), so on a shared
    machine samples overstate CPU; each stage's share of them is applied to `cpu` as well.
    """
    stages, functions, leaves = (collections.Counter() for _ in range(3))
    for line in Path(raw_file).read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        stages[stage_of(frames)] += int(count)
        project = {f for f in frames if any(p in f for p in ("plugins/", "publishing/", "theme/"))}
        for frame in project:
            functions[frame] += int(count)
        leaves[frames[-1]] += int(count)
    total = sum(stages.values())
    print(f"\nby stage: sampled s ({total / rate:.1f} s in all), share, share of {cpu:.1f} s CPU")
    for stage, count in stages.most_common():
        share = count / total
        print(f"  {count / rate:7.2f} s {100 * share:5.1f}% {share * cpu:6.2f} s  {stage}")
    print(f"\nproject functions, inclusive (top {top})")
    for frame, count in functions.most_common(top):
        print(f"  {count / rate:7.2f} s  {frame}")
    print(f"\nleaf functions, own time (top {top})")
    for frame, count in leaves.most_common(top):
        print(f"  {count / rate:7.2f} s  {frame}")


def pagefind_cpu(site, settings_file):
    """Index the built site's shards again as the build did; return Pagefind's CPU seconds."""
    from pelican.settings import read_settings

    from plugins.theme_support.search_index import (
        content_patterns,
        pagefind_command,
        pages_glob,
        searchable_pages,
        split_into_shards,
    )

    settings = read_settings(str(settings_file))
    pages = searchable_pages(site, content_patterns(settings))
    shards = split_into_shards(
        list(pages), settings["CLINIC_SEARCH_PAGES_PER_SHARD"], settings["CLINIC_SEARCH_MAX_SHARDS"]
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as out:
        for number, paths in enumerate(shards):
            command = pagefind_command(site, Path(out) / str(number), pages_glob(paths))
            subprocess.run(command, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return cpu, len(shards), len(pages)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--py-spy", required=True, help="the py-spy program")
    parser.add_argument("-n", type=int, default=1000, help="number of articles")
    parser.add_argument("--rate", type=int, default=100, help="samples a second")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--keep", help="a folder to build in and keep (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clinic-profile-") as temp:
        folder = Path(args.keep or temp)
        folder.mkdir(parents=True, exist_ok=True)
        settings = write_site(folder, args.n)["publish"]
        raw, output = folder / "py-spy.txt", folder / "output"
        build = [sys.executable, str(ROOT / "bench" / "build_speed.py"), "--one", "publish"]
        spy = [args.py_spy, "record", "--subprocesses", "--nonblocking", "--format", "raw"]
        spy += ["--rate", str(args.rate), "-o", str(raw), "--"]
        result = subprocess.run(
            [*spy, *build, str(settings), str(output)], capture_output=True, text=True, cwd=ROOT
        )
        if result.returncode != 0:
            raise SystemExit(f"the build failed:\n{result.stdout}{result.stderr}")
        measured = json.loads([x for x in result.stdout.splitlines() if x.startswith("{")][-1])
        print(f"N={args.n}, cold publish build under py-spy: {measured}")
        cpu, shards, pages = pagefind_cpu(output, settings)
        print(f"Pagefind (the binary), {pages} pages in {shards} shard(s): {cpu:.2f} s CPU")
        summary(raw, args.rate, args.top, measured["cpu"] - cpu)


if __name__ == "__main__":
    sys.exit(main())
