"""The publishing pipeline's own checks, run when the clinic plugin is off, keep their readings."""

import logging
import textwrap
import threading

import pytest

from publishing import checks
from publishing.pipeline import build_site, count_pages
from tests.sitebuild import ROOT

SETTINGS = f"""\
PATH = "content"
# The clinic plugin off, so the pipeline checks the built site itself; the speed plugin on.
PLUGINS = ["speed"]
PLUGIN_PATHS = [{str(ROOT / "plugins")!r}]
CACHE_PATH = "kept"
TIMEZONE = "America/Vancouver"
FEED_ALL_ATOM = None
"""
ARTICLE = """\
    Title: Fees
    Date: 2026-11-01 10:00

    See [the prices](/prices/).
    """


def test_without_the_clinic_plugin_the_pipeline_keeps_page_readings_in_the_store(
    tmp_path, monkeypatch, capsys
):
    (tmp_path / "settings.py").write_text(SETTINGS)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "fees.md").write_text(textwrap.dedent(ARTICLE))
    build_site(tmp_path / "settings.py", tmp_path / "output")
    first = capsys.readouterr().err
    assert "a href='/prices/': no such file in the build" in first
    assert len(list((tmp_path / "kept" / "checks").glob("??/*"))) == 1  # one table of readings
    parsed, reading = [], checks.read_page
    monkeypatch.setattr(checks, "read_page", lambda *page: parsed.append(page[0]) or reading(*page))
    build_site(tmp_path / "settings.py", tmp_path / "output")
    again = capsys.readouterr().err
    assert parsed == []  # every page the same: none parsed again
    assert [line for line in again.splitlines() if line.startswith("warning: ")] == [
        line for line in first.splitlines() if line.startswith("warning: ")
    ]


@pytest.mark.parametrize("damage", [b"", b"garbage", "truncated", "flipped"])
def test_damaged_kept_readings_are_read_afresh_with_a_warning(tmp_path, capsys, caplog, damage):
    (tmp_path / "settings.py").write_text(SETTINGS)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "fees.md").write_text(textwrap.dedent(ARTICLE))
    build_site(tmp_path / "settings.py", tmp_path / "output")
    first = capsys.readouterr().err
    [entry] = (tmp_path / "kept" / "checks").glob("??/*")
    data = entry.read_bytes()
    if damage == "truncated":
        damage = data[:-7]
    elif damage == "flipped":
        damage = data[:-1] + bytes([data[-1] ^ 1])
    entry.write_bytes(damage)
    with caplog.at_level(logging.WARNING):
        build_site(tmp_path / "settings.py", tmp_path / "output")
    again = capsys.readouterr().err
    assert "Traceback" not in again
    assert [line for line in again.splitlines() if line.startswith("warning: ")] == [
        line for line in first.splitlines() if line.startswith("warning: ")
    ]
    [warning] = [r.getMessage() for r in caplog.records if "were ignored" in r.getMessage()]
    assert str(tmp_path / "kept") in warning


def test_the_build_summary_counts_every_html_file_and_nothing_else(tmp_path):
    for name in ["index.html", "a/index.html", "a/b/page.html", "css/site.css", "feed.xml"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "empty").mkdir()
    assert count_pages(tmp_path) == 3


@pytest.mark.parametrize("precompress", [False, True])
def test_pelican_in_a_new_interpreter_builds_what_a_forked_one_does(tmp_path, precompress):
    """Another thread running makes a fork unsafe, so Pelican runs in a new interpreter, from
    the settings' folder: the speed plugin must still find the project's publishing/ there."""
    (tmp_path / "settings.py").write_text(SETTINGS)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "fees.md").write_text(textwrap.dedent(ARTICLE))
    build_site(tmp_path / "settings.py", tmp_path / "forked", precompress=precompress)
    waiting = threading.Event()
    thread = threading.Thread(target=waiting.wait)
    thread.start()
    try:
        build_site(tmp_path / "settings.py", tmp_path / "new", precompress=precompress)
    finally:
        waiting.set()
        thread.join()
    forked, new = (
        sorted(p.relative_to(tmp_path / name) for p in (tmp_path / name).rglob("*"))
        for name in ["forked", "new"]
    )
    assert forked == new
    assert count_pages(tmp_path / "new") == count_pages(tmp_path / "forked") > 0
