"""Tiny sites with the project's theme and plugin, built through the real publishing pipeline."""

import os
import re
import shutil
import subprocess
import sys
import textwrap

from tests.sitebuild import ROOT

PROBLEM_LINE = re.compile(
    r"^(?P<path>[^\s:]+):(?P<line>\d+): (?P<message>.*?)(?: \[(?P<kind>[a-z-]+)\])?$"
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>'
SETTINGS = f"""\
import sys
sys.path.insert(0, {str(ROOT)!r})
from pelicanconf import *
CLINIC_SOCIAL_IMAGE = ""
PATH = "content"
THEME = {str(ROOT / "theme")!r}
PLUGIN_PATHS = [{str(ROOT / "plugins")!r}]
"""
GOOD_SITE = {
    "content/articles/good.md": """\
        Title: A good article
        Slug: good
        Date: 2026-11-01 10:00
        FAQ: basics

        ## What it says {#says}

        Text, and the [about page]({filename}/pages/about.md#team).

        ![]({static}/images/dot.svg)
        """,
    "content/pages/about.md": """\
        Title: About
        Slug: about

        ## The team {#team}

        Who we are.
        """,
    "content/faq/basics.md": """\
        Title: Basics

        ## Is this a question?

        Yes, with an answer.
        """,
    "content/alt-text.toml": """\
        ["images/dot.svg"]
        alt = "A small grey rectangle standing in for an illustration."
        """,
    "content/images/dot.svg": SVG,
}
# Runs the same build as `invoke build --strict`, in the tiny site's folder.
BUILD = """
import sys
from pathlib import Path
from publishing import PublishingError
from publishing.pipeline import build_site
try:
    build_site(Path("settings.py"), Path("output"), strict=True)
except PublishingError as error:
    sys.exit(f"error: {error}")
"""


def write_files(folder, files):
    """Write {relative path: text or bytes} into `folder`; None deletes the file."""
    for name, text in files.items():
        file = folder / name
        if text is None:
            file.unlink()
            continue
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            file.write_bytes(text)
        else:
            file.write_text(textwrap.dedent(text), encoding="utf-8")


def make_site(folder, files=GOOD_SITE, settings=""):
    """Write a tiny site (the good one unless told) and its settings into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    write_files(folder, files)
    (folder / "settings.py").write_text(SETTINGS + settings, encoding="utf-8")
    return folder


def built_good_site(folder):
    """Write the good tiny site into `folder` and build it; fail if it does not build."""
    make_site(folder)
    result = build(folder)
    assert result.returncode == 0, result.stderr
    return folder


def copy_site(source, destination):
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns("cache", "__pycache__"))
    return destination


def build(folder):
    """Build a tiny site strictly through the publishing pipeline; return the process."""
    return run_python(BUILD, cwd=folder)


def run_python(script, *arguments, cwd):
    """Run `script` in a new Python process, the project importable; return the process."""
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, arguments)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=False,
    )


def problems(stderr, warnings=False):
    """Return (path, line, kind) of every `path:line: message [kind]` error line of a build.

    Warnings (`path:line: warning: ...`, such as an article not medically reviewed yet) are
    left out unless asked for: every article of a tiny site has one.
    """
    found = []
    for text in stderr.splitlines():
        match = PROBLEM_LINE.match(text)
        if match and match["message"].startswith("warning: ") and not warnings:
            continue
        if match and match["path"].startswith(("content/", "output/")):
            found.append((match["path"], int(match["line"]), match["kind"] or ""))
    return found
