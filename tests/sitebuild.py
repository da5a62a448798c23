"""Build the fixture site (tests/site/) into a folder and read its pages back as parsed HTML.

The tests build and assert on a copy of the content kept under tests/site/content/, never on
the project's content/: a writer adding an article must not make a test fail. The project's
own settings files are used, with Pelican's content path pointed at the fixture.
"""

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
# The content every test builds and asserts on: a copy of the seed site, changed only by tests.
FIXTURE_CONTENT = ROOT / "tests" / "site" / "content"
# The web editor's folder of a build (plugins/editor): its page is not one of the site's.
EDITOR_DIR = "admin"


def run_pelican(output, settings="pelicanconf.py", extra=(), content=FIXTURE_CONTENT):
    """Build `content` with a settings file of the project into `output`; return the process."""
    # The positional path overrides the settings' PATH; the plugin finds the FAQ folder and
    # the alt-text file under it.
    arguments = ["-s", str(ROOT / settings), "-o", str(output), str(content), *extra]
    return subprocess.run(
        [sys.executable, "-m", "pelican", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@dataclass
class BuiltSite:
    root: Path
    log: str

    def path(self, url_path):
        """Return the file that serves a site-relative URL path such as `clinic/`."""
        target = self.root / url_path.lstrip("/")
        return target / "index.html" if url_path.endswith("/") or target.is_dir() else target

    def page(self, url_path):
        """Return the page at a site-relative URL path, parsed."""
        return BeautifulSoup(self.path(url_path).read_text(encoding="utf-8"), "html.parser")

    def html_files(self):
        """Return every page of the site, not the web editor's (a tool for writers)."""
        return sorted(
            file
            for file in self.root.rglob("*.html")
            if file.relative_to(self.root).parts[0] != EDITOR_DIR
        )

    def pages(self):
        """Yield (path relative to the site, parsed page) for every HTML file."""
        for file in self.html_files():
            yield (
                file.relative_to(self.root).as_posix(),
                BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser"),
            )


def build_site(output, content=FIXTURE_CONTENT):
    """Build `content` into `output`, failing loudly with Pelican's log if the build fails."""
    result = run_pelican(output, content=content)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"pelican exited {result.returncode}:\n{log}")
    return BuiltSite(Path(output), log)
