#!/usr/bin/env python3
"""Cold publish builds beside bare Pelican cold, and beside an earlier commit's, in one run.

    .venv/bin/python bench/cold_speed.py                              # N=1000, 3 each
    .venv/bin/python bench/cold_speed.py -r 5 --before /tmp/before    # and another checkout

`--before`: the folder of another checkout of the project (say `git archive <commit> | tar -x
-C /tmp/before`, with .venv and node_modules linked in), whose build runs on the same articles;
its output is then compared with this one's file by file, as the byte-for-byte check of a
speed change. Every build is cold: a cache folder and an output folder no build has used. The
kinds take turns (bare, ours, before; then ours, before, bare; ...) so all see the same load;
CPU seconds (user + system, the build and its children) are the figure to compare on a shared
machine, with wall seconds and the load average beside them.
"""

import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_speed import write_site  # noqa: E402


def measured(root, kind, settings, output):
    """Run one build with the project at `root`, in a new process; return {wall, cpu, ...}."""
    command = [sys.executable, str(root / "bench" / "build_speed.py"), "--one", kind]
    result = subprocess.run(
        [*command, str(settings), str(output)], capture_output=True, text=True, cwd=root
    )
    if result.returncode != 0:
        raise SystemExit(f"{kind} build failed ({root}):\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def differences(first, second):
    """Return the site paths whose bytes differ between two built folders, or that one lacks."""
    found = []
    compared = filecmp.dircmp(first, second)
    stack = [(compared, Path())]
    while stack:
        node, path = stack.pop()
        found += [str(path / name) for name in node.left_only + node.right_only]
        found += [str(path / name) for name in node.common_files if not same(node, name)]
        stack += [(sub, path / name) for name, sub in node.subdirs.items()]
    return sorted(found)


def print_differences(ours, before):
    differing = differences(ours, before)
    print(f"\nours against before, file by file: {len(differing)} differ")
    for path in differing[:20]:
        print(f"  {path}")


def print_medians(results):
    """Print each kind's median CPU (range) and wall seconds; return {kind: {cpu, wall}}."""
    medians = {}
    for kind, each in results.items():
        cpu = [t["cpu"] for t in each]
        medians[kind] = {k: statistics.median(t[k] for t in each) for k in ["cpu", "wall"]}
        m = medians[kind]
        print(f"  {kind:7}{m['cpu']:8.2f} ({min(cpu):.2f}-{max(cpu):.2f}){m['wall']:8.2f}")
    return medians


def same(node, name):
    return filecmp.cmp(Path(node.left, name), Path(node.right, name), shallow=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of articles")
    parser.add_argument("-r", "--runs", type=int, default=3, help="cold builds of each kind")
    parser.add_argument("--before", type=Path, help="another checkout of the project")
    args = parser.parse_args()
    roots = {"bare": ROOT, "ours": ROOT}
    if args.before:
        roots["before"] = args.before.resolve()
    kinds = list(roots)
    results = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory(prefix="clinic-cold-") as temp:
        folder = Path(temp)
        settings = write_site(folder, args.n)
        publish = settings["publish"].read_text()
        files = {"bare": settings["bare"], "ours": settings["publish"]}
        if args.before:
            files["before"] = folder / "settings_before.py"
            files["before"].write_text(publish.replace(str(ROOT), str(roots["before"])))
        for run in range(args.runs):
            for kind in kinds[run % len(kinds) :] + kinds[: run % len(kinds)]:
                cold = folder / f"settings_{kind}_cold{run}.py"
                cache = folder / f"cache_{kind}_{run}"
                text = files[kind].read_text()
                cold.write_text(f"{text}\nCACHE_PATH = {str(cache)!r}\n")
                output = folder / f"output_{kind}_{run}"
                t = measured(roots[kind], "bare" if kind == "bare" else "publish", cold, output)
                results[kind].append(t)
                load = os.getloadavg()[0]
                print(
                    f"  run {run + 1} {kind:>6}: {t['wall']:6.2f} s wall {t['cpu']:6.2f} s CPU"
                    f" (load {load:.1f})",
                    flush=True,
                )
                shutil.rmtree(cache, ignore_errors=True)
                if run > 0 or kind == "bare":
                    shutil.rmtree(output, ignore_errors=True)
        if args.before:
            print_differences(folder / "output_ours_0", folder / "output_before_0")
    print(f"\nN={args.n}, cold, median of {args.runs} builds each: CPU s (min-max), wall s")
    medians = print_medians(results)
    for kind in kinds[1:]:
        cpu = medians[kind]["cpu"] / medians["bare"]["cpu"]
        wall = medians[kind]["wall"] / medians["bare"]["wall"]
        print(f"  {kind} / bare: {cpu:.2f}x CPU, {wall:.2f}x wall")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"  load average at the end: {load}")


if __name__ == "__main__":
    sys.exit(main())
