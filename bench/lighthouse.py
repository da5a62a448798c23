"""Lighthouse (mobile preset) on the article and the index: ours beside Pelican's default theme.

    .venv/bin/python -m bench.lighthouse [--runs N]

Builds the same content twice (our theme and plugins; Pelican's `notmyidea` theme without
them), serves both on 127.0.0.1 and audits the article and index of each N times (default 3),
printing the median of each figure side by side. Performance is noisy on a shared 2-core
machine, so it is a figure to watch (goal: 100), not a test.
"""

import argparse
import statistics
import tempfile
from pathlib import Path

import pelican

from tests.lighthouse import run_lighthouse, scores
from tests.localserver import served_folder
from tests.sitebuild import build_site, run_pelican

ARTICLE = "ketamine-vs-antidepressants/"
PAGES = {"article": ARTICLE, "index": ""}
DEFAULT_THEME = Path(pelican.__file__).parent / "themes" / "notmyidea"
METRICS = {
    "first-contentful-paint": "FCP ms",
    "largest-contentful-paint": "LCP ms",
    "total-blocking-time": "TBT ms",
    "cumulative-layout-shift": "CLS",
    "speed-index": "Speed Index ms",
    "total-byte-weight": "bytes",
    "network-requests": "requests",
}


def build_default_theme(output):
    """Build the same articles with Pelican's default theme, without our plugins or pages."""
    extra = [
        "-t",
        str(DEFAULT_THEME),
        "-e",
        "PLUGINS=[]",
        'DIRECT_TEMPLATES=["index"]',
        "PAGE_PATHS=[]",
    ]
    result = run_pelican(output, extra=extra)
    if result.returncode != 0:
        raise RuntimeError(result.stdout + result.stderr)
    return output


def figures(report):
    """Return the category scores and key metrics of one Lighthouse report."""
    values = dict(scores(report))
    for audit, label in METRICS.items():
        result = report["audits"][audit]
        if audit == "network-requests":
            values[label] = len(result["details"]["items"])
        else:
            values[label] = round(result["numericValue"], 3 if audit.endswith("shift") else 0)
    return values


def median_figures(url, runs):
    reports = [figures(run_lighthouse(url)) for _ in range(runs)]
    return {key: statistics.median(report[key] for report in reports) for key in reports[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as scratch:
        ours = build_site(Path(scratch) / "ours").root
        default = build_default_theme(Path(scratch) / "default")
        with served_folder(ours) as ours_url, served_folder(default) as default_url:
            results = {
                page: {
                    "ours": median_figures(ours_url + path, runs),
                    "default theme": median_figures(default_url + path, runs),
                }
                for page, path in PAGES.items()
            }
    for page, result in results.items():
        print(f"\nLighthouse, mobile preset, {page} page, median of {runs} runs")
        print(f"{'figure':<18}{'ours':>12}{'default theme':>16}{'ratio':>8}")
        for key in result["ours"]:
            mine, theirs = result["ours"][key], result["default theme"][key]
            ratio = f"{mine / theirs:.2f}" if theirs else "-"
            print(f"{key:<18}{mine:>12}{theirs:>16}{ratio:>8}")


if __name__ == "__main__":
    main()
