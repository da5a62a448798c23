"""The speed layer (plugins/speed) is optional: without it the site is byte for byte the same.

The fixture site is built with the publish settings three ways: with the speed layer and an
empty store, again with the store the first build filled, and without the speed layer. Every
file of the three outputs is compared; compressed copies are compared decompressed. The same
with the development settings (`invoke build`: drafts written, relative URLs, nothing
minified). A site large enough for the speed layer's workers (prefetch.py) to render its
Markdown is built with and without it too.
"""

import gzip
import os
import shutil
import subprocess
import sys

import brotli
import pytest

from bench.build_speed import write_site
from plugins.speed.prefetch import MIN_FILES_PER_WORKER
from tests.projectcopy import copy_project, invoke
from tests.sitebuild import FIXTURE_CONTENT, ROOT

SETTINGS = f"""\
import sys
sys.path.insert(0, {str(ROOT)!r})
from {{settings}} import *
THEME = {str(ROOT / "theme")!r}
PLUGIN_PATHS = [{str(ROOT / "plugins")!r}]
CACHE_PATH = "cache"
"""
WITHOUT_SPEED = 'PLUGINS = [name for name in PLUGINS if name != "speed"]\n'
BUILD = """
import sys
from pathlib import Path
from publishing.pipeline import build_site
publish = sys.argv[1] == "publishconf"
build_site(Path("settings.py"), Path("output"), strict=publish, precompress=publish)
"""
DECOMPRESS = {".gz": gzip.decompress, ".br": brotli.decompress}


def build(folder, speed=True, content=FIXTURE_CONTENT, base="publishconf"):
    """Build `content` in `folder` with the settings of `base` (publishconf: as `invoke preview`,
    pelicanconf: as `invoke build`); return its files' bytes."""
    folder.mkdir(exist_ok=True)
    settings = SETTINGS.replace("{settings}", base) + f"PATH = {str(content)!r}\n"
    settings += "" if speed else WITHOUT_SPEED
    (folder / "settings.py").write_text(settings, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", BUILD, base],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return files_of(folder / "output")


def files_of(output):
    """Return {path: bytes} of every file of a built site, compressed copies decompressed."""
    return {
        path.relative_to(output).as_posix(): compared_bytes(path)
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def compared_bytes(path):
    data = path.read_bytes()
    decompress = DECOMPRESS.get(path.suffix)
    return decompress(data) if decompress else data


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speed")
    cold = build(folder / "with")
    # A real warm build: with nothing changed, the build record (plugins/speed/record.py)
    # would leave the cold build's output/ as it is.
    shutil.rmtree(folder / "with" / "cache" / "build")
    warm = build(folder / "with")
    assert any((folder / "with" / "cache").rglob("*")), "the speed layer kept nothing"
    return {"cold": cold, "warm": warm, "without": build(folder / "without", speed=False)}


@pytest.mark.parametrize("variant", ["cold", "warm"])
def test_the_site_is_the_same_without_the_speed_layer(builds, variant):
    with_speed, without = builds[variant], builds["without"]
    assert sorted(with_speed) == sorted(without)
    different = [name for name in without if with_speed[name] != without[name]]
    assert different == []


def test_a_site_rendered_by_the_workers_is_the_same_without_the_speed_layer(tmp_path):
    write_site(tmp_path, 3 * MIN_FILES_PER_WORKER)  # generated articles, FAQ files and images
    content = tmp_path / "content"
    with_speed = build(tmp_path / "with", content=content)
    assert with_speed == build(tmp_path / "without", speed=False, content=content)


def test_the_development_build_is_the_same_without_the_speed_layer_cold_and_warm(tmp_path):
    cold = build(tmp_path / "with", base="pelicanconf")
    shutil.rmtree(tmp_path / "with" / "cache" / "build")  # a real warm build, as above
    warm = build(tmp_path / "with", base="pelicanconf")
    without = build(tmp_path / "without", speed=False, base="pelicanconf")
    assert not any(name.endswith(".gz") for name in without), "compressed: not `invoke build`"
    assert cold == without
    assert warm == without


@pytest.mark.parametrize("task", ["build", "preview"])
def test_the_project_builds_the_same_site_with_the_speed_layer_deleted(tmp_path, task):
    """Not only left out of PLUGINS: with plugins/speed deleted, no other code needs it."""
    with_speed = copy_project(tmp_path / "with")
    without = copy_project(tmp_path / "without")
    shutil.rmtree(without / "plugins" / "speed")
    # As `git rm` leaves it: the bytecode folder, which git ignores (an empty namespace package).
    (without / "plugins" / "speed" / "__pycache__").mkdir(parents=True)
    settings = without / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8")
    assert 'PLUGINS += ["speed"]\n' in text
    settings.write_text(text.replace('PLUGINS += ["speed"]\n', ""), encoding="utf-8")
    for project in (with_speed, without):
        result = invoke(project, task)
        assert result.returncode == 0, result.stdout + result.stderr
    assert any((with_speed / "cache").rglob("*")), "the speed layer kept nothing"
    assert not (without / "cache").exists() or not any((without / "cache").rglob("*"))
    assert files_of(with_speed / "output") == files_of(without / "output")
