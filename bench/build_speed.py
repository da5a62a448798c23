#!/usr/bin/env python3
"""Our full publish build beside bare Pelican on the same generated content, in one run.

    .venv/bin/python bench/build_speed.py                    # cold, warm, edit at N=1000
    .venv/bin/python bench/build_speed.py -n 300 -r 2        # the same, a quick look
    .venv/bin/python bench/build_speed.py --compare          # N=100,1000,5000; 3 runs each
    .venv/bin/python bench/build_speed.py --compare -n 1000 -r 5
    .venv/bin/python bench/build_speed.py --edit             # a writer's edit at N=1000
    .venv/bin/python bench/build_speed.py --edit --instructions   # its instructions (valgrind)
    .venv/bin/python bench/build_speed.py --memory           # peak memory at N=10,000
    .venv/bin/python bench/build_speed.py --memory -n 2000   # the same against N=2000

"bare" is Pelican 4.12 with its default theme and default settings and no plugins, told only
where the articles and images are. "ours" is `invoke preview`: publish settings, every plugin,
strict, staging, checks of the built site, Pagefind, sitemap, feeds, minification and
precompression. The builds alternate (bare, ours, ours, bare, ...) so both see the same load;
the machine is shared, so the median CPU seconds (user + system, Pelican and its children)
are the figure to compare, with wall seconds beside them.
"""

import argparse
import json
import os
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

from bench.plugin_overhead import write_content  # noqa: E402
from tests.sitebuild import FIXTURE_CONTENT  # noqa: E402

TARGETS = {"ratio": 1.0, "edit": 2.5, "scale": 11.0, "memory_mib": 1024, "cold": 2.0, "warm": 1.0}
# Pelican's own cache of read content, for the warm reference: bare settings plus these.
PELICAN_CACHE = "CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n"


def write_site(folder, count):
    """Write N articles plus the fixture site's pages, images and alt text; return the settings.

    The fixture's (tests/site/content), not content/: figures stay comparable as writers publish.
    """
    content = folder / "content"
    write_content(content, count)
    fixture = FIXTURE_CONTENT
    shutil.copytree(fixture / "pages", content / "pages")
    for image in (fixture / "images").iterdir():
        shutil.copy(image, content / "images" / image.name)
    alt_text = content / "alt-text.toml"
    alt_text.write_text((fixture / "alt-text.toml").read_text() + "\n" + alt_text.read_text())
    bare = folder / "settings_bare.py"
    bare.write_text(
        f"PATH = {str(content)!r}\nARTICLE_PATHS = ['articles']\nSTATIC_PATHS = ['images']\n"
        "PAGE_PATHS = []  # the clinic page needs our theme\nTIMEZONE = 'America/Vancouver'\n"
        "PLUGINS = []  # else Pelican loads the installed plugins\n"
        f"CACHE_PATH = {str(folder / 'cache_bare')!r}\n"
    )
    ours = {}
    for name, base in [("publish", "publishconf"), ("dev", "pelicanconf")]:
        ours[name] = folder / f"settings_{name}.py"
        ours[name].write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom {base} import *\n"
            f"PATH = {str(content)!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
            f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
            f"CACHE_PATH = {str(folder / ('cache_' + name))!r}\n"
        )
    return {"bare": bare, **ours}


def one_build(kind, settings, output):
    """Run one build in this process's children; print its wall, CPU and peak memory as JSON."""
    start = time.perf_counter()
    if kind.startswith("bare"):
        command = [sys.executable, "-m", "pelican", "-s", settings, "-o", output, "-q"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    else:
        from publishing.pipeline import build_site

        publish = kind == "publish"
        build_site(Path(settings), Path(output), strict=publish, precompress=publish)
    wall = time.perf_counter() - start
    own, children = (
        resource.getrusage(who) for who in [resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN]
    )
    cpu = sum(u.ru_utime + u.ru_stime for u in [own, children])
    print(
        json.dumps(
            {"wall": wall, "cpu": cpu, "peak_mib": max(own.ru_maxrss, children.ru_maxrss) / 1024}
        )
    )


def measured(kind, settings, output):
    """Run one build in a fresh process; return {wall, cpu, peak_mib}."""
    command = [sys.executable, __file__, "--one", kind, str(settings), str(output)]
    result = subprocess.run(command, check=False, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"{kind} build failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def largest_html(output):
    """Return (bytes, path) of the largest HTML file of a build."""
    size, path = max((p.stat().st_size, p) for p in Path(output).rglob("*.html"))
    return size, path.relative_to(output).as_posix()


def compare(count, runs):
    """Build N articles bare and ours `runs` times each, alternating; print and return medians."""
    with tempfile.TemporaryDirectory(prefix="clinic-speed-") as temp:
        folder = Path(temp)
        settings = write_site(folder, count)
        outputs = {kind: folder / f"output_{kind}" for kind in ["bare", "publish"]}
        # The first build of each (empty caches, no earlier output to reuse) is shown apart.
        first = {kind: measured(kind, settings[kind], outputs[kind]) for kind in outputs}
        times = {kind: [] for kind in outputs}
        for run in range(runs):
            for kind in ["bare", "publish"] if run % 2 == 0 else ["publish", "bare"]:
                times[kind].append(measured(kind, settings[kind], outputs[kind]))
                t = times[kind][-1]
                print(
                    f"  N={count} run {run + 1} {kind:>7}: "
                    f"{t['wall']:6.2f} s wall {t['cpu']:6.2f} s CPU",
                    flush=True,
                )
        largest = {kind: largest_html(outputs[kind]) for kind in outputs}
    medians = {
        kind: {key: statistics.median(t[key] for t in times[kind]) for key in times[kind][0]}
        for kind in times
    }
    bare, ours = medians["bare"], medians["publish"]
    print(f"N={count}: median of {runs} builds each (bare Pelican: default theme and settings)")
    print(f"  {'':14}{'bare':>10}{'ours':>10}{'ratio':>8}")
    fb, fo = first["bare"], first["publish"]
    print(f"  {'first, CPU s':14}{fb['cpu']:10.2f}{fo['cpu']:10.2f}{fo['cpu'] / fb['cpu']:8.3f}")
    print(
        f"  {'first, wall s':14}{fb['wall']:10.2f}{fo['wall']:10.2f}{fo['wall'] / fb['wall']:8.3f}"
    )
    print(f"  then the median of {runs} more builds each:")
    for key, label in [("cpu", "CPU s"), ("wall", "wall s"), ("peak_mib", "peak MiB")]:
        print(f"  {label:14}{bare[key]:10.2f}{ours[key]:10.2f}{ours[key] / bare[key]:8.3f}")
    for kind, (size, path) in largest.items():
        print(f"  largest HTML file, {kind}: {path} {size / 1024:.0f} KiB")
    return medians


def cold_settings(settings, kind, number):
    """Write settings for a cold build: a cache folder no build has used yet; return the file."""
    file = settings[kind].with_name(f"settings_{kind}_cold{number}.py")
    file.write_text(
        settings[kind].read_text().replace(f"cache_{kind}", f"cache_{kind}_cold{number}")
    )
    return file


def medians_of(results):
    return {key: statistics.median(r[key] for r in results) for key in ["wall", "cpu"]}


def spread_of(results):
    values = [r["cpu"] for r in results]
    return f"{min(values):.2f}-{max(values):.2f}"


def acceptance(count, runs):
    """The issue's three figures in one run: cold, warm and edit-and-rebuild; print them.

    cold: our publish build (`invoke preview`) and bare Pelican, each time with a cache folder
    and an output folder of its own that no build has used. warm: our publish build again,
    nothing changed, beside bare Pelican with its own content cache (CACHE_CONTENT,
    LOAD_CONTENT_CACHE) warm. edit: one article edited, then `invoke build` (development
    settings, a new process; --edit times `invoke live`'s warm builder beside it) and
    `invoke preview` again, and bare Pelican with its cache as the reference. Every kind takes
    its turns alternating with the others, so all see the same load; CPU seconds (user +
    system, the build and its children) are the figure to compare, wall seconds beside them.
    """
    with tempfile.TemporaryDirectory(prefix="clinic-acceptance-") as temp:
        folder = Path(temp)
        settings = write_site(folder, count)
        settings["bare-cached"] = folder / "settings_bare-cached.py"
        bare = settings["bare"].read_text().replace("cache_bare", "cache_bare-cached")
        settings["bare-cached"].write_text(bare + PELICAN_CACHE)
        article = folder / "content" / "articles" / "article-0.md"
        results = {}

        def turns(phase, kinds, before=None):
            results[phase] = {kind: [] for kind in kinds}
            for run in range(runs):
                for kind in kinds[run % len(kinds) :] + kinds[: run % len(kinds)]:
                    settings_file, output = settings[kind], folder / f"output_{kind}"
                    if phase == "cold":
                        settings_file = cold_settings(settings, kind, run)
                        output = folder / f"output_{kind}_cold{run}"
                    if phase == "edit":
                        article.write_text(article.read_text() + f"\nEdit {run} of {kind}.\n")
                    t = measured(kind, settings_file, output)
                    results[phase][kind].append(t)
                    print(
                        f"  {phase} {run + 1} {kind:>12}: {t['wall']:6.2f} s wall "
                        f"{t['cpu']:6.2f} s CPU",
                        flush=True,
                    )
                    if phase == "cold":  # the disk is not to fill up with cold builds
                        shutil.rmtree(folder / f"cache_{kind}_cold{run}", ignore_errors=True)
                        shutil.rmtree(output, ignore_errors=True)

        turns("cold", ["bare", "publish"])
        for kind in ["publish", "bare-cached", "dev"]:  # each one's first build, not counted
            measured(kind, settings[kind], folder / f"output_{kind}")
        turns("warm", ["publish", "bare-cached"])
        turns("edit", ["dev", "publish", "bare-cached"])
        for kind in ["dev", "publish"]:
            edited = folder / f"output_{kind}" / "article-0" / "index.html"
            if f"Edit {runs - 1} of {kind}" not in edited.read_text():
                raise SystemExit(f"the {kind} rebuild did not show the edit")
    labels = {
        "bare": "bare Pelican",
        "bare-cached": "bare Pelican, its cache on",
        "publish": "ours: invoke preview",
        "dev": "ours: invoke build (dev)",
    }
    print(f"\nN={count}: median of {runs} builds each; CPU s (min-max), wall s")
    for phase, kinds in results.items():
        for kind, each in kinds.items():
            m = medians_of(each)
            print(
                f"  {phase:5} {labels[kind]:28}{m['cpu']:8.2f} ({spread_of(each):>11})"
                f"{m['wall']:8.2f}"
            )
    cold = {kind: medians_of(each) for kind, each in results["cold"].items()}
    warm = {kind: medians_of(each) for kind, each in results["warm"].items()}
    edit = {kind: medians_of(each) for kind, each in results["edit"].items()}
    cold_ratio = cold["publish"]["cpu"] / cold["bare"]["cpu"]
    warm_ratio = warm["publish"]["cpu"] / warm["bare-cached"]["cpu"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nN={count}, the targets (CPU s; wall s in brackets; load average now {load})")
    print(
        f"  cold publish vs bare Pelican cold: {cold_ratio:.2f}x "
        f"({cold['publish']['wall'] / cold['bare']['wall']:.2f}x wall), target <= "
        f"{TARGETS['cold']}x: {'met' if cold_ratio <= TARGETS['cold'] else 'NOT met'}"
    )
    print(
        f"  warm publish vs bare Pelican with its cache: {warm_ratio:.2f}x "
        f"({warm['publish']['wall'] / warm['bare-cached']['wall']:.2f}x wall), target <= "
        f"{TARGETS['warm']}x: {'met' if warm_ratio <= TARGETS['warm'] else 'NOT met'}"
    )
    # A run's two builds come one after the other, the runs over many minutes: on a machine
    # whose speed drifts (bench/README.md), the median of each run's ratio is the steadier one.
    for phase, ours, reference in [("cold", "publish", "bare"), ("warm", "publish", "bare-cached")]:
        pairs = zip(results[phase][ours], results[phase][reference], strict=True)
        ratios = [(o["cpu"] / r["cpu"], o["wall"] / r["wall"]) for o, r in pairs]
        cpu, wall = (statistics.median(ratio[i] for ratio in ratios) for i in (0, 1))
        each = ", ".join(f"{w:.2f}" for _, w in ratios)
        print(f"  {phase}, each run's own ratio: median {cpu:.2f}x CPU, {wall:.2f}x wall ({each})")
    for kind in ["dev", "publish"]:
        seconds = edit[kind]["wall"]
        met = "met" if seconds < TARGETS["edit"] else "NOT met"
        print(
            f"  edit and rebuild, {labels[kind]}: {seconds:.2f} s wall ({edit[kind]['cpu']:.2f} s "
            f"CPU), target < {TARGETS['edit']} s: {met}"
        )
    return results


def warm_build(builder, settings, output):
    """Rebuild through the live preview's warm builder; return {wall, cpu}."""
    start = time.perf_counter()
    own = resource.getrusage(resource.RUSAGE_SELF)
    outcome = builder.build(settings, output)
    wall = time.perf_counter() - start
    if outcome.status != 0:
        raise SystemExit(f"warm build failed:\n{outcome.log}")
    after = resource.getrusage(resource.RUSAGE_SELF)
    # The build's processes, and this process's look at the files the helper imported.
    checked = after.ru_utime + after.ru_stime - own.ru_utime - own.ru_stime
    return {"wall": wall, "cpu": outcome.cpu + checked}


def edit_and_rebuild(count, runs):
    """After a first build, edit one article and rebuild, `runs` times; print the medians.

    Each run edits the article and rebuilds every kind in turn (the order rotating), so all
    kinds see the same load. "warm" is `invoke live`'s rebuild: development settings, through
    the warm builder that the preview keeps (its first build includes starting it).
    """
    from preview.warmbuilder import WarmBuilder

    with tempfile.TemporaryDirectory(prefix="clinic-edit-") as temp:
        folder = Path(temp)
        settings = write_site(folder, count)
        settings["warm"] = folder / "settings_warm.py"
        settings["warm"].write_text(settings["dev"].read_text().replace("cache_dev", "cache_warm"))
        article = folder / "content" / "articles" / "article-0.md"
        kinds = ["dev", "warm", "publish", "bare"]
        outputs = {kind: folder / f"output_{kind}" for kind in kinds}
        with WarmBuilder(ROOT, settings["warm"]) as builder:

            def rebuilt(kind):
                if kind == "warm":
                    return warm_build(builder, settings[kind], outputs[kind])
                return measured(kind, settings[kind], outputs[kind])

            results = {kind: (rebuilt(kind), []) for kind in kinds}
            for run in range(runs):
                for kind in kinds[run % len(kinds) :] + kinds[: run % len(kinds)]:
                    edit = f"\nEdited paragraph {run} of {kind}.\n"
                    article.write_text(article.read_text() + edit)
                    results[kind][1].append(rebuilt(kind))
                    t = results[kind][1][-1]
                    print(
                        f"  run {run + 1} {kind:>7}: {t['wall']:6.2f} s wall {t['cpu']:6.2f} s CPU",
                        flush=True,
                    )
        for kind in kinds[:3]:
            edited = outputs[kind] / "article-0" / "index.html"
            if f"Edited paragraph {runs - 1} of {kind}" not in edited.read_text():
                raise SystemExit(f"the {kind} rebuild did not show the edit")
    print(f"\nN={count}: one article edited, then rebuilt; median of {runs} rebuilds")
    print(f"  {'build':34}{'first':>9}{'rebuild':>9}{'CPU':>9}")
    labels = {
        "dev": "invoke build (dev)",
        "warm": "invoke live (dev, warm builder)",
        "publish": "invoke preview (publish)",
        "bare": "bare Pelican",
    }
    walls = {}
    for kind, (first, edits) in results.items():
        walls[kind] = statistics.median(e["wall"] for e in edits)
        cpu = statistics.median(e["cpu"] for e in edits)
        print(f"  {labels[kind]:34}{first['wall']:9.2f}{walls[kind]:9.2f}{cpu:9.2f}")
    for kind in ["dev", "warm"]:
        met = "met" if walls[kind] < TARGETS["edit"] else "NOT met"
        print(f"target: writer's rebuild < {TARGETS['edit']} s, {labels[kind]} ({met})")


# A forked child starts with its parent's counts so far; dumped and zeroed before each fork,
# every process's files count its own instructions once, and they can be added up.
CALLGRIND = ["valgrind", "--tool=callgrind", "--trace-children=yes", "--dump-before=fork"]


def counted(folder, but_pid=None):
    """Return the instructions callgrind's files in `folder` count, but one process's."""
    total = 0
    for file in folder.glob("callgrind.*"):
        if file.name.split(".")[1] != str(but_pid):
            with file.open() as lines:
                total += next(int(line.split()[1]) for line in lines if line.startswith("summary:"))
    return total


def edit_instructions(count):
    """Count the instructions of a rebuild after an edit: a new process, then the warm builder."""
    from preview.warmbuilder import WarmBuilder

    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind: sudo apt-get install valgrind")
    with tempfile.TemporaryDirectory(prefix="clinic-edit-") as temp:
        folder = Path(temp)
        settings, output = write_site(folder, count)["dev"], folder / "output"
        article = folder / "content" / "articles" / "article-0.md"
        measured("dev", settings, output)  # the first build, not counted
        counts = {}
        for kind in ["new process", "warm builder"]:
            calls = folder / f"callgrind-{kind.replace(' ', '-')}"
            calls.mkdir()
            article.write_text(article.read_text() + f"\nEdited for the {kind}.\n")
            wrapper = [*CALLGRIND, f"--callgrind-out-file={calls}/callgrind.%p"]
            if kind == "new process":  # as the live preview ran every build before
                command = [*wrapper, sys.executable, "-m", "publishing", str(settings), str(output)]
                subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
                counts[kind] = counted(calls)
                continue
            with WarmBuilder(ROOT, settings, wrapper=wrapper) as builder:
                if (outcome := builder.build(settings, output)).status != 0:
                    raise SystemExit(f"warm build failed:\n{outcome.log}")
                helper = builder.pid
            counts[kind] = counted(calls, but_pid=helper)  # its imports are done before the edit
    print(f"\nN={count}: instructions of one rebuild after an edit (callgrind, dev settings)")
    labels = {"new process": "python -m publishing", "warm builder": "invoke live's warm builder"}
    for kind, instructions in counts.items():
        ratio = instructions / counts["new process"]
        print(f"  {labels[kind]:32}{instructions / 1e9:8.2f}e9{ratio:8.3f}")


def process_peaks(root_pid):
    """Return {process name: peak MiB} of a process and its descendants, read from /proc now."""
    peaks, todo = {}, [root_pid]
    while todo:
        pid = todo.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue  # it exited meanwhile; its peak was read on an earlier round
        hwm = [line for line in status.splitlines() if line.startswith("VmHWM:")]
        name = Path(command[0].decode()).name
        if b"pelican" in command:
            name = "Pelican"
        elif name == "pagefind":  # the binary; `python -m pagefind` is only its small launcher
            name = "Pagefind"
        elif b"pagefind" in command:
            name = "Pagefind's launcher (python -m pagefind)"
        elif pid == root_pid:
            name = "pipeline (staging, checks, minify, precompress)"
        if hwm:
            peaks[name] = max(peaks.get(name, 0), int(hwm[0].split()[1]) / 1024)
    return peaks


def measured_per_process(kind, settings, output):
    """Run one build in a fresh process; return {wall, cpu, peak_mib, peaks: {process: MiB}}."""
    # VmHWM is each process's own peak resident memory; sampled every 0.1 s until it exits, it
    # misses only growth in a process's last 0.1 s. ru_maxrss (peak_mib) is the exact maximum.
    command = [sys.executable, __file__, "--one", kind, str(settings), str(output)]
    peaks = {}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT) as run:
        while run.poll() is None:
            for name, mib in process_peaks(run.pid).items():
                peaks[name] = max(peaks.get(name, 0), mib)
            time.sleep(0.1)
        stdout, stderr = run.communicate()
    if run.returncode != 0:
        raise SystemExit(f"{kind} build failed:\n{stdout.decode()}{stderr.decode()}")
    return {**json.loads(stdout.decode().strip().splitlines()[-1]), "peaks": peaks}


def memory(runs, count=10_000):
    """Build N=1000 and N=10,000 (ours); print time scaling and each process's peak memory."""
    small = compare(1000, runs)["publish"]
    with tempfile.TemporaryDirectory(prefix="clinic-memory-") as temp:
        folder = Path(temp)
        settings = write_site(folder, count)
        # The first build (nothing kept) apart, as compare() shows it; the scale compares the
        # builds after it with N=1000's, which keep their caches and output too.
        first, *builds = [
            measured_per_process("publish", settings["publish"], folder / "output")
            for _ in range(runs + 1)
        ]
    large = {key: statistics.median(b[key] for b in builds) for key in ["wall", "cpu", "peak_mib"]}
    print(f"\nN={count} (ours, publish build): median of {runs} builds after the first")
    print(f"  {'':10}{'N=1000':>10}{f'N={count}':>10}{'scale':>8}")
    for key, label in [("wall", "wall s"), ("cpu", "CPU s")]:
        print(f"  {label:10}{small[key]:10.2f}{large[key]:10.2f}{large[key] / small[key]:8.2f}x")
    print(f"  first build at N={count}: {first['wall']:.2f} s wall, {first['cpu']:.2f} s CPU")
    builds = [first, *builds]
    print(f"  peak memory of each process at N={count} (largest of {len(builds)} builds):")
    names = sorted({name for b in builds for name in b["peaks"]})
    for name in names:
        print(f"    {max(b['peaks'].get(name, 0) for b in builds):8.0f} MiB  {name}")
    peak = max(b["peak_mib"] for b in builds)
    print(f"    {peak:8.0f} MiB  largest of them (ru_maxrss of the build and its children)")
    scale = large["wall"] / small["wall"]
    met = scale <= TARGETS["scale"] and peak < TARGETS["memory_mib"]
    print(
        f"target: <= {TARGETS['scale']}x and < {TARGETS['memory_mib']} MiB "
        f"({'met' if met else 'NOT met'}: {scale:.2f}x wall, {peak:.0f} MiB)"
    )


def main():
    if sys.argv[1:2] == ["--one"]:
        return one_build(*sys.argv[2:5])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="number of articles (repeatable)")
    parser.add_argument("-r", "--runs", type=int, default=3, help="builds of each kind")
    parser.add_argument(
        "--compare", action="store_true", help="ours beside bare at each N (100, 1000, 5000)"
    )
    parser.add_argument("--edit", action="store_true", help="time a writer's edit at N=1000")
    parser.add_argument("--memory", action="store_true", help="peak memory at N=10,000")
    parser.add_argument(
        "--instructions", action="store_true", help="with --edit: count instructions instead"
    )
    args = parser.parse_args()
    if args.edit and args.instructions:
        return edit_instructions(1000)
    if args.edit:
        return edit_and_rebuild(1000, args.runs)
    if args.memory:
        return memory(args.runs, *(args.n or [])[:1])
    if not args.compare:
        acceptance((args.n or [1000])[0], args.runs)
        return None
    for count in args.n or [100, 1000, 5000]:
        medians = compare(count, args.runs)
        ratio = medians["publish"]["cpu"] / medians["bare"]["cpu"]
        if count == 1000:
            met = "met" if ratio <= TARGETS["ratio"] else "NOT met"
            print(f"target: ours <= {TARGETS['ratio']}x bare at N=1000 (CPU {ratio:.3f}: {met})")
        print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
