"""`python3 dev.py test`: the Debian packages the tests drive (installed as root, else the one
command to run), the locked Python packages, then the suite, which builds the fixture site, and
the strict publish build of the real content/ (`invoke check --publish`), so CI checks the content
by the same rules. `.ci/run` is that command and nothing else."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest

import dev
from tests.projectcopy import copy_project, invoke
from tests.sitebuild import ROOT

DRAFT = """\
Title: A later article
Slug: a-later-article
Date: 2026-11-01 09:00
Category: Treatment
Summary: Not published yet.
Status: draft

Text.
"""
SCHEDULED = DRAFT.replace("a-later-article", "in-the-future").replace("2026-11-01", "2099-01-01")
SCHEDULED = SCHEDULED.replace("Status: draft\n", "")
LINK_TO_THE_DRAFT = "\n\nSee [the next article]({filename}/articles/a-later-article.md).\n"
LINK_TO_THE_SCHEDULED = "\nAnd [the one after]({filename}in-the-future.md).\n"


def exits(status):
    return [sys.executable, "-c", f"import sys; sys.exit({status})"]


def test_the_test_command_runs_the_suite_then_the_publish_check():
    first, then = dev.commands_for("test", ["-x"])
    assert first[1:] == ["-m", "pytest", "-x"]
    assert then[1:] == ["check", "--publish"]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([0, 0], 0),
        ([5, 0], 5),  # pytest's "no tests ran": the publish check does not run, and it fails
        ([1, 0], 1),
        ([0, 1], 1),
    ],
)
def test_the_first_failing_command_stops_the_run_with_its_status(statuses, expected, tmp_path):
    marker = tmp_path / "second-ran"
    second = [sys.executable, "-c", f"open({str(marker)!r}, 'w'); raise SystemExit({statuses[1]})"]
    assert dev.run_in_order([exits(statuses[0]), second]) == expected
    assert marker.exists() == (statuses[0] == 0)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("check-publish") / "project")


def test_the_publish_check_builds_as_preview_does_and_leaves_no_trace(project):
    result = invoke(project, "check", "--publish")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "files precompressed" in result.stdout
    assert not (project / "output").exists()
    assert list(project.glob(".check-*")) == []


def test_a_link_to_a_draft_passes_the_dev_check_and_fails_the_publish_check_at_its_line(
    project, tmp_path
):
    """A draft, and an article dated in the future (a publish build makes it a draft), are
    left out of the published site: a link to either is named at its line, with the file it
    links to; and two such files never clash as pages writing the same (no) file."""
    copy = copy_project(tmp_path / "project")
    articles = copy / "content" / "articles"
    (articles / "a-later-article.md").write_text(DRAFT, encoding="utf-8")
    (articles / "in-the-future.md").write_text(SCHEDULED, encoding="utf-8")
    article = articles / "ketamine-vs-antidepressants.md"
    text = article.read_text(encoding="utf-8") + LINK_TO_THE_DRAFT + LINK_TO_THE_SCHEDULED
    article.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    dev_check = invoke(copy, "check")
    assert dev_check.returncode == 0, dev_check.stdout + dev_check.stderr
    publish_check = invoke(copy, "check", "--publish")
    assert publish_check.returncode != 0
    errors = [line for line in publish_check.stderr.splitlines() if line.endswith("]")]
    errors = [line for line in errors if "warning:" not in line]
    source = "content/articles/ketamine-vs-antidepressants.md"
    assert [line.split(": a href=")[0] for line in errors] == [
        f"{source}:{lines.index(LINK_TO_THE_DRAFT.strip()) + 1}",
        f"{source}:{lines.index(LINK_TO_THE_SCHEDULED.strip()) + 1}",
    ]
    for error, linked in zip(errors, ["a-later-article.md", "in-the-future.md"], strict=True):
        assert f"content/articles/{linked} is not published yet" in error
        assert error.endswith("[draft-link]")


def test_a_link_to_a_draft_in_a_summary_is_named_at_the_summary_line(tmp_path):
    """A summary shows on list pages only: the problem is traced back to the source that holds
    it, not left at the list pages' lines, and not put on a file whose name ends alike."""
    copy = copy_project(tmp_path / "project")
    articles = copy / "content" / "articles"
    (articles / "a-later-article.md").write_text(DRAFT, encoding="utf-8")
    alike = DRAFT.replace("a-later-article", "not-a-later-article").replace("Status: draft\n", "")
    alike = alike.replace("Not published yet.", "Not the same as not-a-later-article.md.")
    (articles / "not-a-later-article.md").write_text(alike, encoding="utf-8")
    article = articles / "ketamine-vs-antidepressants.md"
    text = article.read_text(encoding="utf-8")
    summary = "Summary: See [the next one]({filename}a-later-article.md)."
    text = re.sub(r"^Summary: .*$", summary, text, count=1, flags=re.M)
    article.write_text(text, encoding="utf-8")
    publish_check = invoke(copy, "check", "--publish")
    assert publish_check.returncode != 0
    errors = [line for line in publish_check.stderr.splitlines() if line.endswith("[draft-link]")]
    line = text.splitlines().index(summary) + 1
    assert [error.split(": a href=")[0] for error in errors] == [
        f"content/articles/ketamine-vs-antidepressants.md:{line}"
    ], publish_check.stderr


# The Debian packages the tests drive: installed as root, else one command to run, at once.

NO_SUCH_PACKAGE = "clinic-site-no-such-package"


def test_a_package_is_missing_unless_dpkg_has_it_or_its_command_is_on_the_path():
    packages = {
        "dpkg": None,  # installed on every Debian machine
        NO_SUCH_PACKAGE: None,
        "clinic-site-no-such-package-either": "sh",  # a command stands in for it
    }
    assert dev.missing_system_packages(packages) == [NO_SUCH_PACKAGE]


@pytest.mark.parametrize(
    "package", ["chromium", "nginx", "libnginx-mod-http-brotli-static", "rsync"]
)
def test_the_test_command_installs_debian_s_own_build_of(package):
    # The tests use these by path (/usr/bin/chromium) or by module (nginx's brotli_static).
    assert package in dev.SYSTEM_PACKAGES
    assert dev.SYSTEM_PACKAGES[package] is None, "no other program stands in for it"


def test_the_build_command_needs_node_and_npm_only_and_the_tests_need_them_too():
    # The web editor's Decap CMS comes from package-lock.json into every build.
    assert dev.BUILD_PACKAGES == {"nodejs": "node", "npm": "npm"}
    assert dev.BUILD_PACKAGES.items() <= dev.SYSTEM_PACKAGES.items()


def test_every_package_the_tests_drive_is_there_after_the_test_command_ran():
    assert dev.missing_system_packages() == []


def test_as_root_with_apt_the_missing_packages_are_installed_after_one_update():
    ran = []

    def run(command, env):
        ran.append((command, env["DEBIAN_FRONTEND"]))
        return subprocess.CompletedProcess(command, 0)

    packages = {"dpkg": None, NO_SUCH_PACKAGE: None}
    dev.ensure_system_packages(packages, run=run, can_install=lambda: True)
    assert ran == [
        (["apt-get", "update", "-q"], "noninteractive"),
        (
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", NO_SUCH_PACKAGE],
            "noninteractive",
        ),
    ]


def test_a_failing_apt_command_stops_with_its_status():
    def run(command, env):
        return subprocess.CompletedProcess(command, 100)

    with pytest.raises(SystemExit) as stop:
        dev.ensure_system_packages({NO_SUCH_PACKAGE: None}, run=run, can_install=lambda: True)
    assert stop.value.code == "`apt-get update -q` failed with status 100"


def test_nothing_is_run_when_no_package_is_missing():
    dev.ensure_system_packages({"dpkg": None}, run=None, can_install=lambda: False)


STOP_MESSAGE = f"""\
python3 dev.py test needs Debian packages this machine lacks: {NO_SUCH_PACKAGE}.
Install them (Debian or Ubuntu), then run it again:
    sudo apt-get install {NO_SUCH_PACKAGE}
"""


@pytest.fixture
def lone_dev_py():
    """Return a folder holding dev.py and the files it reads, no .venv, writable by nobody."""
    # Not in tmp_path: pytest's base folder lets its owner alone in.
    folder = Path(tempfile.mkdtemp(prefix="clinic-dev-py-"))
    for name in ("dev.py", "pyproject.toml", "requirements.lock"):
        shutil.copy(ROOT / name, folder / name)
    if os.geteuid() == 0:
        shutil.chown(folder, NOBODY, NOGROUP)
    yield folder
    shutil.rmtree(folder)


NOBODY, NOGROUP = "nobody", "nogroup"
CANNOT_INSTALL = {
    # As nobody when the tests run as root: anyone else is not root already.
    "not root": lambda: (
        {"user": NOBODY, "group": NOGROUP, "extra_groups": []} if os.geteuid() == 0 else {}
    ),
    "no apt-get": lambda: {"env": {**os.environ, "PATH": "/no-such-folder"}},
}


@pytest.mark.parametrize("why", CANNOT_INSTALL)
def test_where_it_cannot_install_the_test_command_stops_at_once_with_the_command(why, lone_dev_py):
    packages = {NO_SUCH_PACKAGE: None}
    script = f"import sys, dev; sys.exit(dev.main(['test'], system_packages={packages!r}))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=lone_dev_py,
        capture_output=True,
        text=True,
        check=False,
        **CANNOT_INSTALL[why](),
    )
    assert (result.returncode, result.stdout, result.stderr) == (1, "", STOP_MESSAGE)
    assert not (lone_dev_py / ".venv").exists(), "it stopped only after creating the venv"


# Every Python package pinned with its hashes, installed by the build command.


def locked():
    return {(name, version): hashes for name, version, hashes in dev.locked_packages(LOCK_TEXT)}


LOCK_TEXT = dev.LOCK.read_text(encoding="utf-8")
LIST_DISTRIBUTIONS = """
from importlib.metadata import distributions
for distribution in distributions():
    print(distribution.metadata["Name"], distribution.version)
"""


def test_every_distribution_in_the_venv_is_locked_with_its_hashes():
    listing = subprocess.run(
        [str(dev.BIN / "python"), "-c", LIST_DISTRIBUTIONS],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installed = {
        (dev.canonical_name(name), version)
        for name, version in map(str.split, listing.splitlines())
    }
    pins = locked()
    assert installed - pins.keys() == set()
    assert [pin for pin in installed if not pins[pin]] == []


def test_the_lock_pins_each_direct_dependency_at_the_version_pyproject_gives():
    versions = {name: version for name, version in locked()}
    for requirement in pinned_in_pyproject():
        name, version = re.fullmatch(r"([\w.-]+)(?:\[[\w,-]+\])?==(\S+)", requirement).groups()
        assert versions.get(dev.canonical_name(name)) == version, requirement


def pinned_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["dependencies"] + [
        requirement for group in project["optional-dependencies"].values() for requirement in group
    ]


def test_a_lock_entry_is_read_with_its_name_version_and_hashes():
    text = """\
--index-url https://pypi.org/simple

pyyaml==6.0.3 \\
    --hash=sha256:{a} \\
    --hash=sha256:{b}
    # via pre-commit
ruamel-yaml==0.19.1 ; python_full_version < '3.14' \\
    --hash=sha256:{a}
""".format(a="a" * 64, b="b" * 64)
    assert dev.locked_packages(text) == [
        ("pyyaml", "6.0.3", [f"sha256:{'a' * 64}", f"sha256:{'b' * 64}"]),
        ("ruamel-yaml", "0.19.1", [f"sha256:{'a' * 64}"]),
    ]


# CI is the README's test command and nothing else.


def test_ci_runs_the_test_command_and_nothing_else():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line and not line.startswith("#")]
    assert commands == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', "python3 dev.py test"]
