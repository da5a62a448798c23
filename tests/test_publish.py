"""`invoke publish`: a build that fails any check deploys nothing; a good one is deployed."""

import os
import shlex

import pytest

from tests.projectcopy import break_link, break_template, copy_project, invoke, snapshot

FAKE_RSYNC = """#!/bin/sh
# Stands in for rsync: records how it was called instead of copying anything anywhere.
printf '%s\\n' "$*" >> "{record}"
"""


@pytest.fixture
def fake_rsync(tmp_path, monkeypatch):
    """Put a recording `rsync` first on PATH; return the file that records its calls."""
    bin_dir, record = tmp_path / "bin", tmp_path / "rsync-calls"
    bin_dir.mkdir()
    (bin_dir / "rsync").write_text(FAKE_RSYNC.format(record=record))
    (bin_dir / "rsync").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return record


RSYNC_ENV = {
    "SITEURL": "https://clinic.test",
    "CLINIC_RSYNC_HOST": "deploy@clinic.test",
    "CLINIC_RSYNC_PATH": "/srv/clinic",
}


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [(break_template, "TemplateSyntaxError"), (break_link, "'/no-such-page/'")],
)
def test_publish_with_a_failing_check_deploys_nothing(tmp_path, fake_rsync, breakage, reason):
    project = copy_project(tmp_path / "project")
    breakage(project)
    result = invoke(project, "publish", "--target", "rsync", env=RSYNC_ENV)
    assert result.returncode != 0
    assert reason in result.stderr
    assert not fake_rsync.exists()
    assert not (project / "output").exists()


def test_publish_of_a_good_build_deploys_the_checked_output(tmp_path, fake_rsync):
    project = copy_project(tmp_path / "project")
    result = invoke(project, "publish", "--target", "rsync", env=RSYNC_ENV)
    assert result.returncode == 0, result.stderr
    calls = [shlex.split(call) for call in fake_rsync.read_text().splitlines()]
    assert len(calls) == 4  # new files, changed files, the files naming them, deletions
    for arguments in calls:
        assert arguments[-2:] == [f"{project / 'output'}/", "deploy@clinic.test:/srv/clinic/"]
    deployed = snapshot(project / "output")
    assert "ketamine-vs-antidepressants/index.html.br" in deployed
    assert "ketamine-vs-antidepressants/index.html.gz" in deployed


def test_publish_without_a_target_names_the_settings_and_builds_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    result = invoke(project, "publish", env={"CLINIC_DEPLOY_TARGET": ""})
    assert result.returncode != 0
    for needed in [
        "CLINIC_DEPLOY_TARGET",
        "CLINIC_RSYNC_HOST",
        "CLINIC_RSYNC_PATH",
        "CLINIC_S3_BUCKET",
    ]:
        assert needed in result.stderr
    assert not (project / "output").exists()


def test_publish_to_rsync_without_its_settings_says_which_and_builds_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    env = {"SITEURL": "", "CLINIC_RSYNC_HOST": "", "CLINIC_RSYNC_PATH": ""}
    result = invoke(project, "publish", "--target", "rsync", env=env)
    assert result.returncode != 0
    for needed in ["SITEURL", "CLINIC_RSYNC_HOST", "CLINIC_RSYNC_PATH"]:
        assert needed in result.stderr
    assert not (project / "output").exists()
