#!/usr/bin/env python3
"""A writer's edit and rebuild, this checkout beside an earlier one's, in one run.

    .venv/bin/python bench/edit_speed.py --before /tmp/before               # N=1000, 5 edits
    .venv/bin/python bench/edit_speed.py --before /tmp/before --task preview -r 7

`--before`: the folder of another checkout of the project (say `git worktree add /tmp/before
<commit>`, with .venv and node_modules linked in). Both build the same articles, each into an
output folder and a cache of its own: a first build, then one article edited and both rebuilt,
`-r` times, the order alternating so both see the same load. `--task build` is `invoke build`
(development settings), `--task preview` is `invoke preview` (publish settings, strict,
minified and compressed). At the end the two outputs are compared file by file. CPU seconds
(user + system, the build and its children) are the figure to compare on a shared machine.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_speed import write_site  # noqa: E402
from bench.cold_speed import measured, print_differences, print_medians  # noqa: E402

KINDS = {"build": "dev", "preview": "publish"}  # invoke task: build_speed.py's kind


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="another checkout")
    parser.add_argument("--task", choices=KINDS, default="build")
    parser.add_argument("-n", type=int, default=1000, help="number of articles")
    parser.add_argument("-r", "--runs", type=int, default=5, help="edits")
    args = parser.parse_args()
    roots = {"ours": ROOT, "before": args.before.resolve()}
    kind = KINDS[args.task]
    results = {name: [] for name in roots}
    with tempfile.TemporaryDirectory(prefix="clinic-edit-") as temp:
        folder = Path(temp)
        ours = write_site(folder, args.n)[kind].read_text()
        settings, outputs = {}, {}
        for name, root in roots.items():
            settings[name] = folder / f"settings_{name}.py"
            text = ours.replace(str(ROOT), str(root)).replace(f"cache_{kind}", f"cache_{name}")
            settings[name].write_text(text)
            outputs[name] = folder / f"output_{name}"
            measured(root, kind, settings[name], outputs[name])  # the first build, not counted
        article = folder / "content" / "articles" / "article-0.md"
        for run in range(args.runs):
            article.write_text(article.read_text() + f"\nEdited paragraph {run}.\n")
            for name in list(roots)[:: 1 if run % 2 == 0 else -1]:
                t = measured(roots[name], kind, settings[name], outputs[name])
                results[name].append(t)
                print(
                    f"  edit {run + 1} {name:>6}: {t['wall']:6.2f} s wall {t['cpu']:6.2f} s CPU"
                    f" (load {os.getloadavg()[0]:.1f})",
                    flush=True,
                )
        print_differences(outputs["ours"], outputs["before"])
    print(f"\nN={args.n}, invoke {args.task} after an edit, median of {args.runs}: CPU s, wall s")
    medians = print_medians(results)
    for key in ["cpu", "wall"]:
        saved = 1 - medians["ours"][key] / medians["before"][key]
        print(f"  ours saves {100 * saved:.1f}% of before's {key}")


if __name__ == "__main__":
    sys.exit(main())
