#!/usr/bin/env python3
"""The search index in shards: build time, Pagefind's memory and what a reader downloads.

    .venv/bin/python bench/search_shards.py                 # N=1000; one shard, 500, 250, 100
    .venv/bin/python bench/search_shards.py -n 3000 -s 0 -s 1000

For each pages-per-shard setting (0: all pages in one shard, as before sharding) on the same
built site: indexing from nothing, indexing again after one article changed (the other shards'
bundles reused), Pagefind's peak memory, and, in Chromium on 127.0.0.1, the requests and bytes
under /pagefind/ that one query costs a reader with an empty cache, and whether its results
match those of one shard. CPU is user + system of the indexing process and its children.
"""

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build_speed import write_site  # noqa: E402

ALL_IN_ONE = 10**9
# A word every synthetic article has, and a title only one article has.
QUERIES = ["harbour", "Synthetic article 517"]


def index_once(output, settings_file, per_shard):
    """Index a built site (this process); print wall, CPU and the largest child's peak."""
    from pelican.settings import read_settings

    from plugins.theme_support.wiring import index_for_search

    settings = read_settings(str(settings_file))
    settings["CLINIC_SEARCH_PAGES_PER_SHARD"] = per_shard
    settings["CLINIC_SEARCH_MAX_SHARDS"] = 1000  # the bench sets the count by the size alone
    start = time.perf_counter()
    index_for_search(SimpleNamespace(output_path=output, settings=settings))
    wall = time.perf_counter() - start
    own, children = (
        resource.getrusage(w) for w in [resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN]
    )
    cpu = sum(u.ru_utime + u.ru_stime for u in [own, children])
    print(json.dumps({"wall": wall, "cpu": cpu, "pagefind_mib": children.ru_maxrss / 1024}))


def indexed(output, settings_file, per_shard):
    """Index in a fresh process; return {wall, cpu, pagefind_mib}."""
    command = [sys.executable, __file__, "--one", str(output), str(settings_file), str(per_shard)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout.splitlines()[-1])


def reader_costs(browser, url, query):
    """Return what one query costs under /pagefind/ with an empty cache, and what it found:
    {requests, code (bytes of scripts and WebAssembly), index (bytes of the rest), status,
    links}."""
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{url}search/?q={query}")
    page.wait_for_selector("#search-results li")
    page.wait_for_load_state("networkidle")
    links = page.locator("#search-results li a").evaluate_all(
        "links => links.map((link) => link.getAttribute('href'))"
    )
    status = page.locator("#search-status").inner_text()
    ours = [r for r in responses if "/pagefind/" in r.url]
    code = [r for r in ours if r.url.endswith((".js", "wasm.en.pagefind"))]
    size = {r.url: r.request.sizes()["responseBodySize"] for r in ours}
    context.close()
    return {
        "requests": len(ours),
        "code": sum(size[r.url] for r in code),
        "index": sum(size.values()) - sum(size[r.url] for r in code),
        "status": status,
        "links": links,
    }


def main():
    if sys.argv[1:2] == ["--one"]:
        return index_once(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of articles")
    parser.add_argument(
        "-s", "--size", type=int, action="append", help="pages per shard; 0 is one shard"
    )
    parser.add_argument("-r", "--runs", type=int, default=3, help="edits per size")
    args = parser.parse_args()
    sizes = [size or ALL_IN_ONE for size in (args.size or [0, 500, 250, 100])]

    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.localserver import served_folder

    with tempfile.TemporaryDirectory(prefix="clinic-shards-") as temp:
        folder = Path(temp)
        settings = write_site(folder, args.n)["dev"]
        output = folder / "output"
        command = [sys.executable, "-m", "pelican", "-s", str(settings), "-o", str(output), "-q"]
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        article = output / "article-0" / "index.html"
        rows, baseline = [], {}
        with sync_playwright() as playwright, served_folder(output) as url:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for size in sizes:
                shutil.rmtree(folder / "cache_dev" / "search-index", ignore_errors=True)
                cold = indexed(output, settings, size)
                edits = []
                for run in range(args.runs):
                    html = article.read_text().replace("</main>", f"<p>edit {run}</p></main>", 1)
                    article.write_text(html)
                    edits.append(indexed(output, settings, size))
                edit = sorted(edits, key=lambda e: e["wall"])[len(edits) // 2]
                shards = 1 + len(json.loads((output / "pagefind/shards.json").read_text())["merge"])
                costs = {query: reader_costs(browser, url, query) for query in QUERIES}
                for query, cost in costs.items():
                    baseline.setdefault(query, cost)
                rows.append((size, shards, cold, edit, costs))
                print(f"  {shards} shard(s) done", flush=True)
            browser.close()
    print(f"\nN={args.n}: search index by pages per shard (median of {args.runs} edits)")
    print("  index: all shards from nothing; edit: again after one article changed")
    print("  a query: requests and KiB under /pagefind/ with an empty cache (code: Pagefind's")
    print("  scripts and WebAssembly; index: the rest), as the test server sends them (no gzip)")
    head = f"  {'per shard':>10}{'shards':>7}{'index s':>8}{'CPU s':>7}{'edit s':>8}{'CPU s':>7}"
    print(head + f"{'Pagefind MiB':>13}")
    for size, shards, cold, edit, costs in rows:
        label = "all" if size == ALL_IN_ONE else str(size)
        print(
            f"  {label:>10}{shards:>7}{cold['wall']:8.2f}{cold['cpu']:7.2f}"
            f"{edit['wall']:8.2f}{edit['cpu']:7.2f}{cold['pagefind_mib']:13.0f}"
        )
        for query, cost in costs.items():
            one = baseline[query]
            same = len(set(cost["links"]) & set(one["links"]))
            print(
                f"{'':14}{query!r:26} {cost['requests']:3} requests, code "
                f"{cost['code'] / 1024:4.0f} KiB, index {cost['index'] / 1024:5.0f} KiB; "
                f"{'same status' if cost['status'] == one['status'] else cost['status']!r}, "
                f"top {len(cost['links'])}: {same} as one shard's, "
                f"first {'the same' if cost['links'][:1] == one['links'][:1] else 'NOT the same'}"
            )


if __name__ == "__main__":
    sys.exit(main())
