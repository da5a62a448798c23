"""The publishing pipeline's own checks, run when the clinic plugin is off, keep their readings."""

import textwrap

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


def test_the_build_summary_counts_every_html_file_and_nothing_else(tmp_path):
    for name in ["index.html", "a/index.html", "a/b/page.html", "css/site.css", "feed.xml"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "empty").mkdir()
    assert count_pages(tmp_path) == 3
