#!/usr/bin/env python3
"""What each speed mechanism saves, at N=1000: all on beside that one off, in one run.

    .venv/bin/python bench/mechanisms.py              # N=1000, 3 runs of each variant
    .venv/bin/python bench/mechanisms.py -n 300 -r 2  # a quick look
    .venv/bin/python bench/mechanisms.py --only render,read

It measures the code of the commit it belongs to: the mechanisms it switches off are named in
MECHANISMS, and those without a setting are switched off the way each one's code allows today
(see MECHANISMS), so after the speed layer's redesign it is history, not a tool.

Every variant is the publish build (`invoke preview`: publish settings, strict, precompressed),
with its own settings file, CACHE_PATH and output folder, all on the same generated content.
Each starts from a copy of one cold build's cache and output, builds once unmeasured, then the
variants take turns: `runs` warm builds (nothing changed) each, then `runs` rounds of "edit one
article, rebuild" each. Bare Pelican (default theme and settings) without and with its own
content cache (CACHE_CONTENT, LOAD_CONTENT_CACHE) takes its turns beside them as the reference.
CPU seconds are user + system of the build's process and its children.
"""

import argparse
import glob
import json
import resource
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

# name: (what it is, settings lines, cache paths removed before each build, patch)
MECHANISMS = {
    "on": ("all on", "", (), None),
    "read": ("rendered Markdown kept", "CLINIC_READ_CACHE = False", (), None),
    "render": ("rendered pages kept", "CLINIC_RENDER_CACHE = False", (), None),
    "template": ("compiled templates kept", "CLINIC_TEMPLATE_CACHE = False", (), None),
    "faq": ("parsed FAQ files kept", "CLINIC_FAQ_CACHE = False", (), None),
    "image": ("image renditions kept", "CLINIC_IMAGE_CACHE = False", (), None),
    "workers": ("forked workers", "CLINIC_WORKERS = 1", (), None),
    "index": ("search index reused by shard", "", ("search-index",), None),
    "minified": ("minified files kept", "", ("minified",), None),
    "compressed": ("compressed copies reused", "", (), "compressed"),
    "checks": ("checks kept by page", "", ("clinic-checks",), None),
    "minutes": ("reading minutes kept", "", ("reading-minutes-*.pickle",), None),
    "fork": ("Pelican run in a fork", "", (), "fork"),
}
BARE = {"bare": "", "bare-cached": "CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n"}


def patch(name):
    """Switch off, in this process, a mechanism that has no setting."""
    if name == "compressed":
        import publishing.precompress

        publishing.precompress.reusable_copies = lambda data, previous: None
    elif name == "fork":
        import publishing.pelicanrun

        publishing.pelicanrun.can_fork = lambda: False


def one_build(variant, settings, output):
    """Run one build in this process and its children; print {wall, cpu} as JSON."""
    start = time.perf_counter()
    if variant.startswith("bare"):
        command = [sys.executable, "-m", "pelican", "-s", settings, "-o", output, "-q"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    else:
        patch(MECHANISMS[variant][3])
        from publishing.pipeline import build_site

        build_site(Path(settings), Path(output), strict=True, precompress=True)
    wall = time.perf_counter() - start
    usage = [resource.getrusage(w) for w in [resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN]]
    print(json.dumps({"wall": wall, "cpu": sum(u.ru_utime + u.ru_stime for u in usage)}))


def measured(variant, settings, output, cache):
    """Remove the caches the variant goes without, then build in a fresh process."""
    for pattern in MECHANISMS.get(variant, ("", "", ()))[2]:
        for path in glob.glob(str(cache / pattern)):
            shutil.rmtree(path) if Path(path).is_dir() else Path(path).unlink()
    command = [sys.executable, __file__, "--one", variant, str(settings), str(output)]
    result = subprocess.run(command, check=False, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"{variant} build failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def variants_of(folder, settings, names):
    """Write each variant's settings; return {name: (settings, output, cache)}."""
    made = {}
    publish = settings["publish"].read_text()
    for name in names:
        cache, output = folder / f"cache_{name}", folder / f"output_{name}"
        file = folder / f"settings_{name}.py"
        if name in BARE:
            text = settings["bare"].read_text().replace("cache_bare", f"cache_{name}")
            file.write_text(text + BARE[name])
        else:
            text = publish.replace("cache_publish", f"cache_{name}")
            file.write_text(text + MECHANISMS[name][1] + "\n")
        made[name] = (file, output, cache)
    return made


def median(results, key):
    return statistics.median(r[key] for r in results)


def spread(results, key):
    values = [r[key] for r in results]
    return f"{min(values):.2f}-{max(values):.2f}"


def run(count, runs, names):
    with tempfile.TemporaryDirectory(prefix="clinic-mechanisms-") as temp:
        folder = Path(temp)
        settings = write_site(folder, count)
        article = folder / "content" / "articles" / "article-0.md"
        variants = variants_of(folder, settings, [*names, *BARE])
        first = measured("on", *variants["on"])
        print(f"first (cold) publish build: {first['wall']:.2f} s wall {first['cpu']:.2f} s CPU")
        for name, (_, output, cache) in variants.items():
            if name != "on" and name not in BARE:
                shutil.copytree(variants["on"][2], cache, symlinks=True)
                shutil.copytree(variants["on"][1], output, symlinks=True)
        for name in variants:  # each variant's own first build: its settings, its caches
            measured(name, *variants[name])
        order = list(variants)
        results = {phase: {name: [] for name in order} for phase in ["warm", "edit"]}
        for phase in ["warm", "edit"]:
            for round_ in range(runs):
                turn = order[round_ % len(order) :] + order[: round_ % len(order)]
                for name in turn:
                    if phase == "edit":
                        article.write_text(article.read_text() + f"\nEdit {round_} {name}.\n")
                    results[phase][name].append(t := measured(name, *variants[name]))
                    print(
                        f"  {phase} {round_ + 1} {name:>11}: {t['wall']:6.2f} s wall "
                        f"{t['cpu']:6.2f} s CPU",
                        flush=True,
                    )
    print(f"\nN={count}: median (min-max) of {runs} builds, CPU s then wall s")
    print(f"{'variant':30}{'warm CPU':>18}{'edit CPU':>18}{'warm wall':>11}{'edit wall':>11}")
    on = {phase: median(results[phase]["on"], "cpu") for phase in results}
    for name in order:
        label = f"{name} off" if name in MECHANISMS and name != "on" else name
        cells = ""
        for phase in ["warm", "edit"]:
            cpu = median(results[phase][name], "cpu")
            cells += f"{cpu:7.2f} ({spread(results[phase][name], 'cpu'):>9})"
        walls = "".join(f"{median(results[p][name], 'wall'):11.2f}" for p in ["warm", "edit"])
        print(f"{label:30}{cells}{walls}")
    print("\nsaved by each mechanism (that one off minus all on, median CPU s; % of the off build)")
    for name in order:
        if name in BARE or name == "on":
            continue
        row = []
        for phase in ["warm", "edit"]:
            off = median(results[phase][name], "cpu")
            row.append(f"{phase} {off - on[phase]:6.2f} s {100 * (off - on[phase]) / off:5.1f}%")
        print(f"  {MECHANISMS[name][0]:32}{'   '.join(row)}")


def main():
    if sys.argv[1:2] == ["--one"]:
        return one_build(*sys.argv[2:5])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of articles")
    parser.add_argument("-r", "--runs", type=int, default=3, help="builds of each variant")
    parser.add_argument("--only", help="comma-separated variants (besides 'on' and bare)")
    args = parser.parse_args()
    names = ["on", *(args.only.split(",") if args.only else [n for n in MECHANISMS if n != "on"])]
    run(args.n, args.runs, names)


if __name__ == "__main__":
    sys.exit(main())
