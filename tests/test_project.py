"""The project keeps its promises to a newcomer: two commands, pinned packages, CI = README."""

import re
import tomllib

import pytest

from tests.sitebuild import ROOT


def quick_start_commands():
    """Return the lines of the first fenced code block under the README's Quick start."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```[^\n]*\n(.*?)```", section, re.DOTALL)
    return [line.strip() for line in block[1].splitlines() if line.strip()]


def test_quick_start_has_the_build_then_the_test_command():
    assert quick_start_commands() == ["python3 dev.py build", "python3 dev.py test"]


def test_ci_runs_exactly_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines() if line.strip()]
    assert quick_start_commands()[1] in commands


def requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"].values()
    return project["dependencies"] + [req for group in extras for req in group]


@pytest.mark.parametrize("requirement", requirements())
def test_every_python_dependency_is_pinned(requirement):
    assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", requirement), requirement


def test_built_and_cached_files_are_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    for entry in ["/output/", "/.venv", "__pycache__/"]:
        assert entry in ignored
