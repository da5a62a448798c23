#!/usr/bin/env python3
"""What each speed mechanism saves: the same builds with one mechanism switched off at a time.

    .venv/bin/python bench/mechanisms.py                  # N=1000, 3 edits
    .venv/bin/python bench/mechanisms.py -n 300 -r 5 --only markdown --only spares

Each variant (all on, or one mechanism off) has output folders and a store of its own; it
builds the same articles cold (`invoke build`, then `invoke preview`), then, after each edit of
one article, both again. The variants take turns, in an order that rotates, so all see the
same load. A mechanism is switched off in the build's own process, before the build starts
(the Pelican run is a fork of it): its memo replaced by the plain function, its step skipped.
It earns its place if it saves at least 10% of the build it targets (issue 20); "saves" is
the build's median CPU seconds with it off, less all on, as a share of the build with it off.

A mechanism that saves wall time rather than CPU (the Markdown workers spread a cold build's
rendering over the cores) is measured by its wall time on cold publish builds:

    .venv/bin/python bench/mechanisms.py --cold-pairs 4 --only prefetch

builds all on and each variant in turns, each into an empty store and output folder, and
prints each pair's saving and their median.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_speed import write_site  # noqa: E402

# variant: what is off (all: nothing), and the builds it targets
VARIANTS = {
    "all on": "nothing off",
    "markdown": "rendered Markdown kept (MarkdownMemo), and so the workers that fill it",
    "prefetch": "Markdown and FAQ files rendered by forked workers (prefetch.py)",
    "faq": "parsed FAQ files kept (FaqMemo)",
    "checks": "each page's checks kept (KeptChecks)",
    "search": "the search bundle of an unchanged shard kept (plugins/theme_support)",
    "finished": "minified and compressed files kept (publishing/finish.py)",
    "spares": "the replaced site's files written over (spares.py)",
    "record": "the build record: a build with nothing changed does nothing (record.py)",
}
KINDS = {"dev": "pelicanconf", "publish": "publishconf"}  # invoke build, invoke preview


class Plain:
    """A memo switched off: the plain function, which keeps nothing."""

    def __init__(self, function, store, settings=None):
        self.function = function

    def __call__(self, *arguments):
        return self.function(*arguments)

    def kept(self, *arguments):
        return True  # nothing for the workers to render ahead


def switch_off(variant):
    """Switch one mechanism off in this process, before it builds."""
    sys.path.insert(0, str(ROOT / "plugins"))  # the plugins as Pelican imports them
    import speed.clinic
    import theme_support.wiring

    import publishing.pipeline as pipeline

    if variant == "markdown":
        speed.clinic.MarkdownMemo = Plain
    elif variant == "prefetch":
        speed.clinic.prefetch_markdown = lambda *arguments: None
    elif variant == "faq":
        speed.clinic.FaqMemo = Plain
    elif variant == "checks":
        speed.clinic.KeptChecks = Plain
    elif variant == "search":
        theme_support.wiring.open_store = lambda settings: None
    elif variant == "finished":
        finish = pipeline.finish_folder
        pipeline.finish_folder = lambda root, store, **options: finish(root, None, **options)
    elif variant == "spares":
        pipeline.spares_of = lambda output: None
    elif variant == "record":
        pipeline.build_record = lambda *arguments: None


def one_build(variant, kind, settings, output):
    """Build in this process with `variant` switched off; print wall and CPU seconds as JSON."""
    switch_off(variant)
    from publishing.pipeline import build_site

    start = time.perf_counter()
    publish = kind == "publish"
    build_site(Path(settings), Path(output), strict=publish, precompress=publish)
    wall = time.perf_counter() - start
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    print(json.dumps({"wall": wall, "cpu": sum(u.ru_utime + u.ru_stime for u in usage)}))


def measured(variant, kind, settings, output):
    command = [sys.executable, __file__, "--one", variant, kind, str(settings), str(output)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{variant} {kind} failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def settings_file(folder, variant, kind):
    """Write the settings of one variant's builds of one kind; return the file."""
    name = f"{variant.replace(' ', '-')}-{kind}"
    file = folder / f"settings-{name}.py"
    file.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom {KINDS[kind]} import *\n"
        f"PATH = {str(folder / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"CACHE_PATH = {str(folder / ('cache-' + name))!r}\n"
    )
    return file, folder / f"output-{name}"


def cold_pairs(count, pairs, variants):
    """Cold publish builds, all on and each variant in turns (the order alternating), each
    into a store and output folder no build has used; print wall and CPU seconds, then each
    pair's saving of wall time (off less all on, as a share of off) and their median."""
    walls = {variant: [] for variant in variants}
    with tempfile.TemporaryDirectory(prefix="clinic-cold-pairs-") as temp:
        folder = Path(temp)
        write_site(folder, count)
        for number in range(pairs):
            run = folder / f"run-{number}"
            run.mkdir()
            (run / "content").symlink_to(folder / "content")
            for variant in variants if number % 2 == 0 else variants[::-1]:
                settings, output = settings_file(run, variant, "publish")
                t = measured(variant, "publish", settings, output)
                walls[variant].append(t["wall"])
                print(
                    f"  pair {number} {variant:>9}: {t['wall']:6.2f} s wall {t['cpu']:6.2f} s CPU"
                    f" (load {os.getloadavg()[0]:.1f})",
                    flush=True,
                )
    print(f"\nN={count}, cold publish builds: the wall time each variant saves, pair by pair")
    for variant in variants[1:]:
        saved = [(off - on) / off for on, off in zip(walls["all on"], walls[variant], strict=True)]
        pairs_text = ", ".join(f"{100 * share:.0f}%" for share in saved)
        print(f"  {variant:>9}: median {100 * statistics.median(saved):.0f}% ({pairs_text})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of articles")
    parser.add_argument("-r", "--runs", type=int, default=3, help="edits")
    parser.add_argument("--only", action="append", choices=list(VARIANTS)[1:], help="variants")
    parser.add_argument("--cold-pairs", type=int, help="cold publish builds' wall time, N pairs")
    parser.add_argument("--one", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return one_build(*args.one)
    variants = ["all on", *(args.only or list(VARIANTS)[1:])]
    if args.cold_pairs:
        return cold_pairs(args.n, args.cold_pairs, variants)
    phases = ("cold", "edit", "warm")
    times = {(v, phase, k): [] for v in variants for phase in phases for k in KINDS}
    with tempfile.TemporaryDirectory(prefix="clinic-mechanisms-") as temp:
        folder = Path(temp)
        write_site(folder, args.n)
        article = folder / "content" / "articles" / "article-0.md"
        # The cold builds, an edit and rebuild `runs` times, then a build with nothing changed.
        rounds = ["cold", *["edit"] * args.runs, "warm"]
        for number, phase in enumerate(rounds):
            if phase == "edit":
                article.write_text(article.read_text() + f"\nEdited paragraph {number}.\n")
            shift = number % len(variants)
            for variant in variants[shift:] + variants[:shift]:
                for kind in KINDS:
                    settings, output = settings_file(folder, variant, kind)
                    t = measured(variant, kind, settings, output)
                    times[(variant, phase, kind)].append(t)
                    print(
                        f"  {phase} {number} {variant:>9} {kind:>7}: {t['cpu']:6.2f} s CPU "
                        f"{t['wall']:6.2f} s wall (load {os.getloadavg()[0]:.1f})",
                        flush=True,
                    )
    cpu = {key: statistics.median(t["cpu"] for t in each) for key, each in times.items()}
    print(f"\nN={args.n}: CPU s (edit: median of {args.runs}); saved: off less all on, as a share")
    print("of the build with it off")
    print(f"  {'off':>9} {'kind':>7}" + "".join(f"{phase:>8} {'saved':>13}" for phase in phases))
    for variant in variants:
        for kind in KINDS:
            line = f"  {variant:>9} {kind:>7}"
            for phase in phases:
                off, on = cpu[(variant, phase, kind)], cpu[("all on", phase, kind)]
                saved = (
                    "" if variant == "all on" else f"{off - on:6.2f} {100 * (off - on) / off:5.1f}%"
                )
                line += f"{off:8.2f} {saved:>13}"
            print(line)
    for variant in variants:
        print(f"  {variant}: {VARIANTS[variant]}")


if __name__ == "__main__":
    sys.exit(main())
