"""Pelican runs apart from the build's process: forked where safe, its exit status kept."""

import gc
import json
import signal
import subprocess
import sys

import pytest

from publishing import pelicanrun
from publishing.pelicanrun import exit_status, run_pelican
from publishing.staging import terminate_as_interrupt
from tests.sitebuild import ROOT

SETTINGS = """\
PATH = "content"
PLUGINS = []
TIMEZONE = "UTC"
SITEURL = ""
CACHE_CONTENT = False
"""
ARTICLE = "Title: One\nDate: 2026-01-01\n\nA body.\n"


# Run in a process of one thread, as a build's is, under the pipeline's SIGTERM handler: only
# there does run_pelican fork (the test process may have other threads). Prints the status.
FORKED = """\
import sys
from publishing.pelicanrun import can_fork, run_pelican
from publishing.staging import terminate_as_interrupt
assert can_fork()
with terminate_as_interrupt():
    print(run_pelican(sys.argv[2:], sys.argv[1]))
"""


@pytest.fixture(params=["forked", "new process"])
def run(request, monkeypatch):
    """Return run_pelican's way of the parameter: (arguments, folder) -> exit status."""
    if request.param == "new process":
        monkeypatch.setattr(pelicanrun, "can_fork", lambda: False)

        def in_new_process(arguments, folder):
            with terminate_as_interrupt():
                return run_pelican(arguments, folder)

        return in_new_process

    def forked(arguments, folder):
        command = [sys.executable, "-c", FORKED, str(folder), *arguments]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        return int(result.stdout.split()[-1])

    return forked


def tiny_site(folder, settings=SETTINGS):
    (folder / "content").mkdir()
    (folder / "content" / "one.md").write_text(ARTICLE)
    (folder / "settings.py").write_text(settings)
    return ["-s", "settings.py", "-o", str(folder / "output"), "-q"]


def test_a_build_that_succeeds_writes_the_site_and_exits_0(tmp_path, run):
    assert run(tiny_site(tmp_path), tmp_path) == 0
    assert "A body." in (tmp_path / "output" / "one.html").read_text()


def test_a_build_that_fails_gives_a_non_zero_status(tmp_path, run):
    arguments = tiny_site(tmp_path, SETTINGS + "THEME = 'no-such-theme'\n")
    assert run(arguments, tmp_path) != 0
    assert not (tmp_path / "output" / "one.html").exists()


def test_a_killed_pelican_fails_the_build_and_not_the_process_that_started_it(tmp_path, run):
    # Under the pipeline's SIGTERM handler, as builds run; the settings kill their own process.
    kill_itself = "import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n"
    assert run(tiny_site(tmp_path, SETTINGS + kill_itself), tmp_path) == -signal.SIGTERM


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), ("error: a message", 1)])
def test_exit_codes_are_read_as_sys_exit_reads_them(code, status):
    assert exit_status(code) == status


def test_the_forked_pelican_collects_garbage_less_often_than_python_by_default(tmp_path):
    record = "import gc, json\nopen('gc.json', 'w').write(json.dumps("
    record += "[gc.get_threshold(), gc.get_freeze_count()]))\n"
    arguments = tiny_site(tmp_path, SETTINGS + record)
    # From a process of one thread, as a build's is (this one may have others: no fork here).
    run = "import sys\nfrom publishing.pelicanrun import can_fork, run_pelican\n"
    run += f"assert can_fork()\nsys.exit(run_pelican({arguments!r}, {str(tmp_path)!r}))\n"
    subprocess.run([sys.executable, "-c", run], cwd=ROOT, check=True)
    thresholds, frozen = json.loads((tmp_path / "gc.json").read_text())
    assert tuple(thresholds) == pelicanrun.GC_THRESHOLDS
    assert thresholds[0] > gc.get_threshold()[0]
    assert frozen > 0
