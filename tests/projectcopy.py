"""A throwaway copy of the project, to break files in and run its real commands against."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.sitebuild import ROOT

NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "output",
    ".output*",
    "cache",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "bench",
)


def copy_project(destination):
    """Copy the project's sources (no .git, .venv or output) to `destination`; return it."""
    shutil.copytree(ROOT, destination, ignore=NOT_COPIED)
    return Path(destination)


def built_copy(destination, task="build"):
    """Copy the project to `destination` and run one of its build tasks; fail if it fails."""
    project = copy_project(destination)
    result = invoke(project, task)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def pelican(project, check=True):
    """Build a copied project with Pelican alone (no staging, no checks) into its output/."""
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", "output", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def invoke(project, *arguments, env=None):
    """Run an invoke task of the copied project with this environment's Python."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", *arguments],
        cwd=project,
        # Wide, so Pelican's log does not wrap a message the test looks for.
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def snapshot(folder):
    """Return {path: bytes} of every file under `folder`: equal snapshots, equal trees."""
    folder = Path(folder)
    return {
        file.relative_to(folder).as_posix(): file.read_bytes()
        for file in sorted(folder.rglob("*"))
        if file.is_file()
    }


def edit(project, path, old, new):
    """Replace the first `old` in a file of the project by `new`; fail if `old` is not there."""
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def break_template(project):
    """Give the article template a Jinja syntax error, so Pelican itself fails."""
    template = project / "theme" / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")


def break_link(project):
    """Add a link to a page that does not exist: Pelican succeeds, the link check fails."""
    article = project / "content" / "articles" / "ketamine-vs-antidepressants.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\n\nSee [our prices](/no-such-page/).\n", encoding="utf-8")


SLOW_PLUGIN = """
import time
from pelican import signals

def register():
    signals.finalized.connect(lambda pelican: time.sleep(60))
"""


def slow_down(project):
    """Make the build hang for a minute after writing every page, to interrupt it there."""
    (project / "plugins" / "slow").mkdir()
    (project / "plugins" / "slow" / "__init__.py").write_text(SLOW_PLUGIN, encoding="utf-8")
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nPLUGINS += ["slow"]\n')


def break_asset(project):
    """Ask for a theme file that does not exist: asset_url() fails the build, naming it."""
    base = project / "theme" / "templates" / "base.html"
    text = base.read_text(encoding="utf-8").replace("css/site.css", "css/missing.css")
    base.write_text(text, encoding="utf-8")
