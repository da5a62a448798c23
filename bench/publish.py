"""Measure what publishing costs and saves, side by side in one run.

    .venv/bin/python bench/publish.py

Prints the time of a bare Pelican build and of the full atomic build (staging, checks,
precompression, swap), the bytes of the publish build as stored, as gzip and as brotli, and
what a reader downloads for the article: the first render and the whole page.
"""

import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publishing.pipeline import build_site, pelican_arguments  # noqa: E402

RUNS = 5
ARTICLE = "ketamine-vs-antidepressants/index.html"


def timed(action):
    """Return the median wall time of `action` over RUNS runs, in seconds."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_pelican(output):
    arguments = pelican_arguments(ROOT / "publishconf.py", output, strict=False)
    command = [sys.executable, "-m", "pelican", *arguments]
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


def blocks_rendering(script):
    """Whether the page waits for a script element before it renders.

    Not with `defer` or `async`, nor for a module script, which the browser defers anyway.
    """
    deferred = script.has_attr("defer") or script.has_attr("async")
    return not (deferred or script.get("type") == "module")


def first_render(root, page):
    """Return [(file, brotli bytes)] of a page and the stylesheets and head scripts it loads."""
    html = (root / page).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    urls = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    scripts = soup.find_all("script", src=True)  # minified pages have no <head> tag to look in
    urls += [s["src"] for s in scripts if blocks_rendering(s)]
    files = [root / page] + [root / urlsplit(url).path.lstrip("/") for url in urls]
    return [(f.relative_to(root).as_posix(), brotli_size(f)) for f in files]


def brotli_size(file):
    """Return the bytes of a file as served to a browser that accepts brotli."""
    copy = file.with_name(file.name + ".br")
    return copy.stat().st_size if copy.exists() else file.stat().st_size


def page_weight(root, page):
    """Return the brotli bytes of a page, its stylesheets and scripts, and every image it shows."""
    soup = BeautifulSoup((root / page).read_text(encoding="utf-8"), "html.parser")
    urls = {tag.get("src") or tag.get("href") for tag in soup.find_all(["img", "script"])}
    urls |= {link["href"] for link in soup.find_all("link", rel=["stylesheet", "icon"])}
    files = {root / urlsplit(url).path.lstrip("/") for url in urls if url}
    return brotli_size(root / page) + sum(brotli_size(f) for f in files if f.is_file())


def reader_figures(root):
    """Print what a reader downloads for the article: first render and the whole page."""
    print(f"\nthe article as a reader gets it (brotli): {ARTICLE}")
    files = first_render(root, ARTICLE)
    for name, size in files:
        print(f"  {name:50} {size:7} bytes")
    html, total = files[0][1], sum(size for _, size in files)
    print(f"  HTML {html} bytes (target <= 14336); first render {total} bytes (target <= 20480)")
    print(f"  render-blocking requests besides the page: {len(files) - 1} (target: 1 stylesheet)")
    weight = page_weight(root, ARTICLE)
    print(f"  page weight with every image: {weight} bytes (target <= 153600 at 375 px)")


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
        reader_figures(folder / "output")


if __name__ == "__main__":
    main()
