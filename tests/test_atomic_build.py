"""Atomic builds: output/ is replaced whole by a build that succeeded, and otherwise untouched."""

import shutil
import signal
import subprocess
import sys
import time

import pytest

from publishing import PublishingError
from publishing.staging import build_atomically, exchange, skeleton_of
from tests.projectcopy import (
    break_asset,
    break_link,
    break_template,
    built_copy,
    copy_project,
    invoke,
    slow_down,
    snapshot,
)


def write_site(folder, text):
    (folder / "index.html").write_text(text)
    (folder / "css").mkdir(exist_ok=True)
    (folder / "css" / "site.css").write_text(f"/* {text} */")


@pytest.fixture
def output(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    write_site(output, "old")
    (output / "only-in-old.html").write_text("old page")
    return output


def leftovers(output):
    """Staging folders, or replaced sites with their files, left beside output/."""
    return [
        path.name
        for path in output.parent.iterdir()
        if path.name.startswith(".output") and path != skeleton_of(output)
    ] + [f"file in the skeleton: {file}" for file in files_under(skeleton_of(output))]


def files_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())


def folders_under(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir())


def test_a_successful_build_replaces_output_whole(output):
    build_atomically(output, lambda staging: write_site(staging, "new"))
    assert snapshot(output) == {"index.html": b"new", "css/site.css": b"/* new */"}
    assert leftovers(output) == []


def test_the_replaced_sites_folders_are_kept_empty_for_the_next_build(output):
    (output / "deleted-article").mkdir()
    (output / "deleted-article" / "index.html").write_text("old page")
    build_atomically(output, lambda staging: write_site(staging, "new"))
    assert folders_under(skeleton_of(output)) == ["css", "deleted-article"]
    assert files_under(skeleton_of(output)) == []


def test_the_next_build_renders_into_those_folders_and_drops_the_ones_it_leaves_empty(output):
    (output / "deleted-article" / "figures").mkdir(parents=True)
    build_atomically(output, lambda staging: write_site(staging, "new"))
    seen = []

    def render(staging):
        seen.append(folders_under(staging))
        write_site(staging, "newer")

    build_atomically(output, render)
    assert seen == [["css", "deleted-article", "deleted-article/figures"]]
    assert snapshot(output) == {"index.html": b"newer", "css/site.css": b"/* newer */"}
    assert folders_under(output) == ["css"]
    assert leftovers(output) == []


def test_a_failed_build_keeps_no_skeleton_it_may_have_written_into(output):
    build_atomically(output, lambda staging: write_site(staging, "new"))

    def render(staging):
        write_site(staging, "half-written")
        raise PublishingError("check failed")

    with pytest.raises(PublishingError):
        build_atomically(output, render)
    assert not skeleton_of(output).exists()
    assert snapshot(output) == {"index.html": b"new", "css/site.css": b"/* new */"}


def test_the_build_renders_beside_output_on_the_same_filesystem(output):
    seen = []

    def render(staging):
        seen.append((staging.parent, staging.stat().st_dev))
        write_site(staging, "new")

    build_atomically(output, render)
    assert seen == [(output.parent, output.stat().st_dev)]


@pytest.mark.parametrize("failure", [PublishingError("check failed"), KeyboardInterrupt()])
def test_a_failed_or_interrupted_build_leaves_output_as_it_was(output, failure):
    before = snapshot(output)

    def render(staging):
        write_site(staging, "half-written")
        raise failure

    with pytest.raises(type(failure)):
        build_atomically(output, render)
    assert snapshot(output) == before
    assert leftovers(output) == []


def test_on_linux_output_and_staging_swap_in_one_step(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "name").write_text("first")
    assert exchange(first, second)
    assert [(p.parent.name, p.read_text()) for p in tmp_path.rglob("name")] == [("second", "first")]


def test_where_the_system_cannot_swap_two_renames_do(output, monkeypatch):
    monkeypatch.setattr("publishing.staging.exchange", lambda first, second: False)
    build_atomically(output, lambda staging: write_site(staging, "new"))
    assert snapshot(output) == {"index.html": b"new", "css/site.css": b"/* new */"}
    assert leftovers(output) == []


def test_the_first_build_creates_output(tmp_path):
    build_atomically(tmp_path / "output", lambda staging: write_site(staging, "new"))
    assert snapshot(tmp_path / "output")["index.html"] == b"new"


def test_the_new_output_is_readable_by_a_web_server(output):
    build_atomically(output, lambda staging: write_site(staging, "new"))
    assert output.stat().st_mode & 0o005 == 0o005


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    """A copy of the project, built once with `invoke build`."""
    return built_copy(tmp_path_factory.mktemp("atomic") / "project", "build")


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        (break_template, "TemplateSyntaxError"),
        (break_asset, "asset_url('css/missing.css')"),
        (break_link, "'/no-such-page/'"),
    ],
)
def test_a_broken_strict_build_leaves_the_previous_output_byte_for_byte(
    built_project, tmp_path, breakage, reason
):
    project = copy_project(tmp_path / "project")
    shutil.copytree(built_project / "output", project / "output")
    before = snapshot(project / "output")
    breakage(project)
    result = invoke(project, "build", "--strict")
    assert result.returncode != 0
    assert reason in result.stdout + result.stderr  # Pelican logs to stdout
    assert "output is unchanged" in result.stderr
    assert snapshot(project / "output") == before
    assert not [path for path in project.iterdir() if path.name.startswith(".output")]


def test_a_build_killed_halfway_leaves_output_and_cleans_up(built_project, tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(built_project / "output", project / "output")
    before = snapshot(project / "output")
    slow_down(project)
    build = subprocess.Popen(
        [sys.executable, "-m", "invoke", "build"], cwd=project, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while not list(project.glob(".output.staging-*/index.html")):
        assert time.monotonic() < deadline, "the build never wrote its pages"
        time.sleep(0.05)
    build.send_signal(signal.SIGTERM)
    assert build.wait(timeout=30) != 0
    assert snapshot(project / "output") == before
    assert not [path for path in project.iterdir() if path.name.startswith(".output")]


def test_a_working_build_does_replace_the_output(built_project):
    stale = built_project / "output" / "stale.html"
    stale.write_text("left over from an old build")
    result = invoke(built_project, "build")
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert (built_project / "output" / "ketamine-vs-antidepressants" / "index.html").is_file()
