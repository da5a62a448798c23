"""A build on every core makes the same site as one in a single process, and fails the same way."""

import shutil
import subprocess
import sys

import pytest

from bench.plugin_overhead import write_content
from tests.projectcopy import snapshot
from tests.sitebuild import ROOT

ARTICLES = 80  # enough for two workers to share the Markdown files and the pages


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A folder with 80 generated articles, their FAQ files and images."""
    folder = tmp_path_factory.mktemp("parallel")
    write_content(folder / "content", ARTICLES)
    return folder


def build(folder, workers, theme=ROOT / "theme"):
    """Build the generated content with CLINIC_WORKERS=workers; return (process, output)."""
    settings = folder / f"settings_{workers}.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = {str(folder / 'content')!r}\nTHEME = {str(theme)!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nPLUGINS = ['clinic']\n"
        f"CACHE_PATH = {str(folder / f'cache_{workers}')!r}\nCLINIC_WORKERS = {workers}\n"
    )
    output = folder / f"output_{workers}"
    shutil.rmtree(output, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", str(settings), "-o", str(output), "-q"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    return result, output


def test_two_workers_write_the_same_files_as_one(generated):
    outputs = {}
    for workers in [1, 2]:
        result, output = build(generated, workers)
        assert result.returncode == 0, result.stdout + result.stderr
        outputs[workers] = snapshot(output)
    assert len(outputs[1]) > ARTICLES
    assert outputs[1] == outputs[2]


def test_a_template_that_fails_on_a_worker_stops_the_build_naming_its_line(generated):
    theme = generated / "theme"
    shutil.copytree(ROOT / "theme", theme, dirs_exist_ok=True)
    article = theme / "templates" / "article.html"
    lines = article.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "block content" in text)
    lines.insert(line, "{{ article.title.no_such_method() }}")
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, _ = build(generated, 2, theme=theme)
    assert result.returncode != 0
    assert f"article.html:{line + 1}" in result.stdout + result.stderr
