"""Write screenshots of the article at 375px and 1280px, light and dark, for review.

    .venv/bin/python -m bench.screenshots [URL_PATH ...]

Builds the site, serves it on 127.0.0.1, and writes full-page PNGs to bench/results/screenshots/.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.localserver import built_and_served

RESULTS = Path(__file__).parent / "results" / "screenshots"
WIDTHS = (375, 1280)
SCHEMES = ("light", "dark")
DEFAULT_PATHS = ["ketamine-vs-antidepressants/"]


def screenshot_name(url_path, width, scheme):
    """Return the file name of one screenshot, e.g. ketamine-vs-antidepressants-375-dark.png."""
    stem = url_path.strip("/").replace("/", "-") or "index"
    return f"{stem}-{width}-{scheme}.png"


def main(url_paths):
    RESULTS.mkdir(parents=True, exist_ok=True)
    with built_and_served() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for url_path in url_paths:
            for width in WIDTHS:
                for scheme in SCHEMES:
                    context = browser.new_context(
                        viewport={"width": width, "height": 900}, color_scheme=scheme
                    )
                    page = context.new_page()
                    page.goto(base + url_path, wait_until="networkidle")
                    target = RESULTS / screenshot_name(url_path, width, scheme)
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                    context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:] or DEFAULT_PATHS)
