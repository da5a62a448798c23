"""A throwaway copy of the project, to break files in and run its real commands against.

The copy's content/ is the fixture's (tests/site/content), unless asked for the real one: what
a test breaks or counts then never depends on what the writers have published.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.sitebuild import FIXTURE_CONTENT, ROOT

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


CONTENT_COPIES = ("fixture", "real")


def copy_project(destination, content="fixture"):
    """Copy the project's sources (no .git, .venv or output) to `destination`; return it.

    node_modules is a link to the project's own.

    `content`: "fixture" makes the copy's content/ the fixture's, "real" keeps the project's.
    """
    if content not in CONTENT_COPIES:
        raise ValueError(f"content must be one of {CONTENT_COPIES}, not {content!r}")

    def not_copied(folder, names):
        ignored = NOT_COPIED(folder, names)
        # Only the top-level content/: tests/site/content is the fixture itself.
        if content == "fixture" and Path(folder) == ROOT:
            ignored.add("content")
        return ignored

    shutil.copytree(ROOT, destination, ignore=not_copied)
    link_node_modules(destination)
    if content == "fixture":
        shutil.copytree(FIXTURE_CONTENT, Path(destination) / "content")
    return Path(destination)


def link_node_modules(project):
    """Link the project's node_modules into a copy: the build reads the web editor's files
    from it (plugins/editor), and it is too big to copy."""
    if (ROOT / "node_modules").is_dir():
        (Path(project) / "node_modules").symlink_to(ROOT / "node_modules")


def built_copy(destination, task="build"):
    """Copy the project (fixture content) to `destination` and run one of its build tasks."""
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
