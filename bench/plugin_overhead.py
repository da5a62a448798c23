#!/usr/bin/env python3
"""Time full builds of N synthetic articles with and without the clinic plugin, side by side.

    .venv/bin/python bench/plugin_overhead.py            # N=1000, 3 runs each
    .venv/bin/python bench/plugin_overhead.py -n 200 -r 5

Each article has about 600 words, a FAQ file of its own and an image; the builds alternate
(with, without, with, ...) so both see the same machine load, and the median of each is
compared. The target: the plugin adds at most 5% to the build at N=1000.
"""

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = 20
TARGET = 1.05
# Neutral filler: the bench must not write anything that reads as a health claim.
WORDS = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "river",
    "stone",
    "window",
    "garden",
    "morning",
    "table",
    "paper",
    "light",
    "quiet",
    "street",
    "blue",
    "small",
    "long",
    "open",
    "road",
    "chair",
    "music",
    "letter",
    "evening",
    "field",
    "cloud",
    "bridge",
    "lamp",
    "map",
    "corner",
    "book",
    "kitchen",
    "square",
    "path",
    "wall",
    "door",
    "green",
    "station",
    "harbour",
    "market",
    "autumn",
]


def sentence(rng, length):
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def paragraph(rng, words):
    sentences, count = [], 0
    while count < words:
        length = rng.randint(8, 18)
        sentences.append(sentence(rng, length))
        count += length
    return " ".join(sentences)


def article(number, rng):
    """Return an article of about 600 words with a FAQ marker and one image."""
    sections = []
    for section in range(4):
        sections.append(f"## Section {section + 1}\n\n{paragraph(rng, 70)}\n\n{paragraph(rng, 70)}")
    image = f"![]({{static}}/images/figure-{number % IMAGES}.svg)"
    return (
        f"Title: Synthetic article {number}\nSlug: article-{number}\n"
        f"Date: 2026-01-01 09:{number % 60:02d}\nCategory: Bench\nTags: bench\n"
        f"Summary: {sentence(rng, 20)}\nFAQ: topic-{number}\n\n"
        f"{paragraph(rng, 40)}\n\n{image}\n\n" + "\n\n".join(sections) + "\n\n## FAQ\n\n[FAQ]\n"
    )


def faq(number, rng):
    """Return a FAQ file of three questions with short answers."""
    questions = "\n\n".join(
        f"## Question {q} of topic {number}?\n\n{paragraph(rng, 25)}" for q in range(1, 4)
    )
    return f"Title: Topic {number}\nSlug: topic-{number}\n\n{questions}\n"


def write_content(content, count):
    """Write N synthetic articles, their FAQ files, the images and their alt text."""
    rng = random.Random(1)
    for sub in ["articles", "faq", "images"]:
        (content / sub).mkdir(parents=True)
    alt_text = []
    for number in range(IMAGES):
        (content / "images" / f"figure-{number}.svg").write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{640 + number}" height="360">'
            '<rect width="100%" height="100%" fill="#eef5f3"/></svg>\n'
        )
        alt_text.append(f'["images/figure-{number}.svg"]\nalt = "Pale green panel {number}."\n')
    (content / "alt-text.toml").write_text("\n".join(alt_text))
    for number in range(count):
        (content / "articles" / f"article-{number}.md").write_text(article(number, rng))
        (content / "faq" / f"topic-{number}.md").write_text(faq(number, rng))


def write_site(folder, count):
    """Write the synthetic content and one settings file per variant; return the settings."""
    content = folder / "content"
    write_content(content, count)
    settings = {}
    for variant, plugins in [("with", ["clinic"]), ("without", [])]:
        settings[variant] = folder / f"settings_{variant}.py"
        settings[variant].write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
            f"PATH = {str(content)!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
            f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nPLUGINS = {plugins!r}\n"
        )
    return settings


def build_seconds(settings, output):
    """Run one full build in a fresh process; return its (wall, CPU) time in seconds."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(settings), "-o", str(output), "-q"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of articles")
    parser.add_argument("-r", "--runs", type=int, default=3, help="builds of each variant")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as temp:
        folder = Path(temp)
        settings = write_site(folder, args.n)
        outputs = {variant: folder / f"output_{variant}" for variant in settings}
        # The first build of each fills the plugin's FAQ cache and the disk cache: shown apart.
        cold = {variant: build_seconds(settings[variant], outputs[variant]) for variant in settings}
        times = {"with": [], "without": []}
        for run in range(args.runs):
            for variant in ["with", "without"] if run % 2 == 0 else ["without", "with"]:
                times[variant].append(build_seconds(settings[variant], outputs[variant]))
                wall, cpu = times[variant][-1]
                print(f"run {run + 1} {variant:>7} plugin: {wall:6.2f} s wall {cpu:6.2f} s CPU")
    print(f"\nN={args.n} articles (600 words, a 3-question FAQ file and an image each)")
    print(
        f"first build (empty FAQ cache): with {cold['with'][0]:.2f} s, without "
        f"{cold['without'][0]:.2f} s wall; ratio {cold['with'][0] / cold['without'][0]:.3f}"
    )
    print(f"median of {args.runs} further builds each:")
    print(f"{'':18}{'without':>9}{'with':>9}{'ratio':>8}")
    ratios = {}
    for index, measure in enumerate(["wall", "CPU"]):
        without = statistics.median(t[index] for t in times["without"])
        with_plugin = statistics.median(t[index] for t in times["with"])
        ratios[measure] = with_plugin / without
        print(f"  {measure + ' seconds':16}{without:9.2f}{with_plugin:9.2f}{ratios[measure]:8.3f}")
    met = ratios["CPU"] <= TARGET
    print(f"target: CPU ratio <= {TARGET} ({'met' if met else 'NOT met'})")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
