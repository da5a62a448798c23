#!/usr/bin/env python3
"""Time builds with and without the compiled-template cache (CLINIC_TEMPLATE_CACHE), side by side.

    .venv/bin/python bench/template_cache.py                    # N=1000, 3 runs each
    .venv/bin/python bench/template_cache.py -n 200 --instructions

On the plugin overhead bench's content (bench/plugin_overhead.py), two pairs, each build of a
pair with its own cache folder, warm, the builds alternating so both see the same load:
- work: that bench's "work" variant (one process, articles rendered every build);
- edit: one article edited, then a dev build as `invoke build` runs it (every cache, every core).
CPU seconds are user + system, children included. --instructions also counts the instructions
of one more build of each (valgrind's callgrind, forked workers included): a figure the
machine's load does not change (slow: about 50 times a build).
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.plugin_overhead import build_instructions, build_seconds, write_site

PAIRS = {"work": "work", "edit": "with"}  # pair -> the plugin overhead bench's variant


def variants(folder, settings):
    """Write a settings file per pair and switch; return {(pair, on): settings file}."""
    files = {}
    for pair, base in PAIRS.items():
        for on in (True, False):
            name = f"{pair}_{'on' if on else 'off'}"
            files[pair, on] = folder / f"settings_{name}.py"
            files[pair, on].write_text(
                settings[base].read_text()
                + f"CACHE_PATH = {str(folder / ('cache_' + name))!r}\n"
                + f"CLINIC_TEMPLATE_CACHE = {on}\n"
            )
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of articles")
    parser.add_argument("-r", "--runs", type=int, default=3, help="builds of each kind")
    parser.add_argument("--instructions", action="store_true", help="count instructions (valgrind)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clinic-templates-") as temp:
        folder = Path(temp)
        files = variants(folder, write_site(folder, args.n))
        outputs = {key: folder / f"output_{key[0]}_{key[1]}" for key in files}
        for key in files:  # fill every cache
            build_seconds(files[key], outputs[key])
        article = folder / "content" / "articles" / "article-0.md"
        cpu = {key: [] for key in files}
        for run in range(args.runs):
            for on in (True, False) if run % 2 == 0 else (False, True):
                cpu["work", on].append(build_seconds(files["work", on], outputs["work", on])[1])
                article.write_text(article.read_text() + f"\nEdit {run} {on}.\n")
                cpu["edit", on].append(build_seconds(files["edit", on], outputs["edit", on])[1])
            print(
                f"run {run + 1}: "
                + ", ".join(f"{k[0]} {k[1]}: {v[-1]:.2f} s" for k, v in cpu.items())
            )
        counts = {}
        if args.instructions:
            for pair in PAIRS:
                for on in (True, False):
                    article.write_text(article.read_text() + f"\nCounted {pair} {on}.\n")
                    counts[pair, on] = build_instructions(
                        files[pair, on], outputs[pair, on], folder / f"callgrind_{pair}_{on}"
                    )
    print(f"\nN={args.n}; median CPU seconds of {args.runs} builds (user + system, children)")
    print(f"  {'':24}{'cache off':>10}{'cache on':>10}{'saved':>8}{'on/off':>8}")
    for pair, label in [("work", "work (one process)"), ("edit", "edit and rebuild (dev)")]:
        off, on = (statistics.median(cpu[pair, state]) for state in (False, True))
        print(f"  {label:24}{off:10.2f}{on:10.2f}{off - on:8.2f}{on / off:8.3f}")
    for pair in PAIRS if counts else ():
        off, on = counts[pair, False] / 1e9, counts[pair, True] / 1e9
        label = f"{pair}, 10^9 instructions"
        print(f"  {label:24}{off:10.3f}{on:10.3f}{off - on:8.3f}{on / off:8.3f}")


if __name__ == "__main__":
    main()
