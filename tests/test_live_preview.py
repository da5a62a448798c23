"""`invoke live`: serves the site, rebuilds on edits, refreshes browsers, survives mistakes."""

import contextlib
import functools
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from preview.live import is_source_change
from preview.problems import problems_from_log
from preview.reload import SCRIPT_TAG, reload_event, with_reload_script
from preview.server import BuildSignal
from tests.sitebuild import FIXTURE_CONTENT, ROOT

ARTICLE_SOURCE = Path("content/articles/ketamine-vs-antidepressants.md")
ARTICLE_URL = "ketamine-vs-antidepressants/"
TEMPLATE = Path("theme/templates/base.html")
PROJECT_PARTS = ["theme", "plugins", "pelicanconf.py"]  # and the fixture's content/
WAIT_SECONDS = 30  # a build on a loaded 2-core CI machine can take 10 s; a pass waits less


class LivePreview:
    """A running `python -m preview` on a copy of the project, with its terminal output."""

    def __init__(self, root):
        self.root = root
        self.lines = queue.Queue()
        self.transcript = []
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "preview", "--root", str(root), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            # As from a terminal, where Ctrl+C stops it: a suite started in the background
            # (`... &` in a script) ignores SIGINT, and the preview would inherit that.
            preexec_fn=functools.partial(signal.signal, signal.SIGINT, signal.SIG_DFL),
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_for_line(r"Previewing on (http://127\.0\.0\.1:\d+/)")[1]

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, pattern, seconds=WAIT_SECONDS):
        """Return the match of the first new terminal line that matches `pattern`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.transcript.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line matching {pattern!r} in:\n" + "\n".join(self.transcript))

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=5) as response:
            return response.status, response.read().decode()

    def wait_for_text(self, path, text, seconds=WAIT_SECONDS):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.get(path)[1]:
                return
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared on {path}")

    def edit(self, relative_path, old, new):
        path = self.root / relative_path
        source = path.read_text(encoding="utf-8")
        assert old in source
        path.write_text(source.replace(old, new, 1), encoding="utf-8")

    def warm_helpers(self):
        """Return the ids of the warm builders this preview started (its children, in /proc)."""
        children, command = [], b"preview.warmhelper"
        for task in Path(f"/proc/{self.process.pid}/task").glob("*"):
            with contextlib.suppress(FileNotFoundError):  # a thread that ended meanwhile
                children += [int(child) for child in (task / "children").read_text().split()]
        return [pid for pid in children if command in process_command(pid)]

    def stop(self, signal_number=signal.SIGTERM):
        self.process.send_signal(signal_number)
        self.process.wait(timeout=10)


def process_command(pid):
    """Return a process's command line, or b"" once it has ended."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""


def project_copy(root):
    """Copy the parts of the project a preview watches to `root`; return it."""
    for part in PROJECT_PARTS:
        copy = shutil.copytree if (ROOT / part).is_dir() else shutil.copy2
        copy(ROOT / part, root / part)
    shutil.copytree(FIXTURE_CONTENT, root / "content")
    return root


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    preview = LivePreview(project_copy(tmp_path_factory.mktemp("project")))
    yield preview
    preview.stop()


def test_serves_the_site_with_the_reload_script(live):
    status, html = live.get(ARTICLE_URL)
    assert status == 200
    assert "<h1>Ketamine-Assisted Psychotherapy" in html
    assert SCRIPT_TAG in html


def test_picks_up_an_article_edit(live):
    live.edit(ARTICLE_SOURCE, "## Final Thoughts", "## Final Thoughts\n\nEdited in preview.")
    live.wait_for_text(ARTICLE_URL, "Edited in preview.")


def test_rebuilds_in_the_same_warm_helper(live):
    helpers = live.warm_helpers()
    assert len(helpers) == 1
    live.edit(ARTICLE_SOURCE, "## Final Thoughts", "## Final Thoughts\n\nEdited warm.")
    live.wait_for_text(ARTICLE_URL, "Edited warm.")
    assert live.warm_helpers() == helpers


def test_picks_up_a_template_edit(live):
    live.edit(TEMPLATE, "</main>", "</main><p>Template edited.</p>")
    live.wait_for_text(ARTICLE_URL, "Template edited.")


def test_stays_up_after_a_broken_edit_and_reports_it(live):
    live.edit(TEMPLATE, "</main>", "</main>{% if %}")
    problem = live.wait_for_line(r"^(theme/templates/base\.html):(\d+): (.+)$")
    assert "TemplateSyntaxError" in problem[3]
    live.wait_for_line("Build failed: still showing the last good build")
    status, html = live.get(ARTICLE_URL)
    assert status == 200
    assert "<h1>Ketamine-Assisted Psychotherapy" in html
    live.edit(TEMPLATE, "</main>{% if %}", "</main><p>Fixed again.</p>")
    live.wait_for_text(ARTICLE_URL, "Fixed again.")


def test_reports_a_content_problem_with_its_file_and_line_and_keeps_building(live):
    live.edit(ARTICLE_SOURCE, "## Final Thoughts", "![](/images/no-alt.svg)\n\n## Final Thoughts")
    problem = live.wait_for_line(
        r"^(content/articles/ketamine-vs-antidepressants\.md):(\d+): (?!warning: )(.+)$"
    )
    live.wait_for_line(r"^clinic: \d+ problems? in \d+ files?: [1-9]\d* errors?, \d+ warnings?$")
    source = (live.root / ARTICLE_SOURCE).read_text(encoding="utf-8").splitlines()
    assert source[int(problem[2]) - 1] == "![](/images/no-alt.svg)"
    live.edit(ARTICLE_SOURCE, "![](/images/no-alt.svg)\n\n", "")
    live.wait_for_line(r"^Built in ")


@pytest.mark.browser
def test_refreshes_the_open_page_after_an_edit(live, browser_page):
    browser_page.goto(live.url + ARTICLE_URL)
    browser_page.wait_for_load_state("load")
    live.edit(ARTICLE_SOURCE, "## Final Thoughts", "## Final Thoughts\n\nSeen without reloading.")
    browser_page.get_by_text("Seen without reloading.").wait_for(timeout=WAIT_SECONDS * 1000)


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_preview_stops_its_warm_helper(tmp_path, signal_number):
    preview = LivePreview(project_copy(tmp_path))
    helpers = preview.warm_helpers()
    assert len(helpers) == 1
    preview.stop(signal_number)
    assert not Path(f"/proc/{helpers[0]}").exists()  # stopped, and reaped by the preview


def test_ctrl_c_in_a_terminal_stops_the_preview_quietly(tmp_path):
    """Ctrl+C signals the whole foreground group: the preview and its warm helper alike."""
    root = project_copy(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "preview", "--root", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
        preexec_fn=lambda: (signal.signal(signal.SIGINT, signal.SIG_DFL), os.setpgrp()),
    )
    lines = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Previewing on"):
            break
    os.killpg(process.pid, signal.SIGINT)
    rest = process.communicate(timeout=WAIT_SECONDS)[0].splitlines()
    assert process.returncode == 0, lines + rest
    assert rest == ["Stopped."], lines + rest


def test_a_killed_preview_leaves_no_warm_helper_running(tmp_path):
    preview = LivePreview(project_copy(tmp_path))
    helpers = preview.warm_helpers()
    assert len(helpers) == 1
    preview.stop(signal.SIGKILL)
    deadline = time.monotonic() + WAIT_SECONDS
    while is_running(helpers[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not is_running(helpers[0])


def is_running(pid):
    """Whether a process exists and has not exited (an exited orphan may wait to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<html><body><p>x</p></body></html>", f"<html><body><p>x</p>{SCRIPT_TAG}</body></html>"),
        ("<p>fragment</p>", f"<p>fragment</p>{SCRIPT_TAG}"),
        ("<BODY>a</BODY>", f"<BODY>a{SCRIPT_TAG}</BODY>"),
    ],
)
def test_reload_script_goes_before_the_end_of_body(html, expected):
    assert with_reload_script(html) == expected


def test_reload_event_is_a_named_server_sent_event():
    assert reload_event(3) == b"event: reload\nid: 3\ndata: 3\n\n"


@pytest.mark.parametrize(
    ("path", "relevant"),
    [
        ("/p/content/articles/a.md", True),
        ("/p/theme/static/css/site.css", True),
        ("/p/content/images/photo.png", True),
        ("/p/content/articles/.#a.md", False),
        ("/p/content/articles/a.md~", False),
        ("/p/content/articles/.a.md.swp", False),
        ("/p/plugins/clinic/__pycache__/faq.cpython-311.pyc", False),
    ],
)
def test_editor_scratch_files_do_not_trigger_builds(path, relevant):
    assert is_source_change(path) is relevant


def test_build_signal_wakes_waiters_with_the_newest_build():
    signal = BuildSignal()
    threading.Timer(0.05, signal.announce).start()
    assert signal.wait_after(0, timeout=5) == 1
    assert signal.wait_after(1, timeout=0.01) == 1


def test_problems_from_pelican_log_are_located_and_relative():
    log = "\n".join(
        [
            "[12:00:00] ERROR    Skipping /site/content/a.md: could not find 'date'  c.py:1",
            "content/faq/b.md:3: question has no answer: 'Q?'",
            "           CRITICAL TemplateSyntaxError: Expected an expression   __init__.py:683",
            '  File "/site/theme/templates/base.html", line 21, in template',
            "content/faq/b.md:3: question has no answer: 'Q?'",
            "clinic: 2 problems in 2 files: 2 errors, 0 warnings",
            "error: build failed: the problems are listed above; /site/.output.x is unchanged",
        ]
    )
    problems, count = problems_from_log(log, "/site")
    assert count == "clinic: 2 problems in 2 files: 2 errors, 0 warnings"
    assert problems == [
        "error: Skipping content/a.md: could not find 'date'",
        "content/faq/b.md:3: question has no answer: 'Q?'",
        "theme/templates/base.html:21: TemplateSyntaxError: Expected an expression",
    ]
