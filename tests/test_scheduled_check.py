"""The pull request's publish check builds each scheduled article's page: as of its own date,
where a publish on that day would build it, so its mistakes stop the pull request and not the
publish on its day (publishing/scheduled.py)."""

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from plugins.clinic.schedule import as_of_moment, is_scheduled, scheduled_moments
from tests.badsites import GOOD_SITE, ROOT, SETTINGS, make_site
from tests.projectcopy import copy_project, invoke

SOON, LATER = "content/articles/soon.md", "content/articles/later.md"
SCHEDULED = {
    # Goes live first: its links are checked on 1 June 2099, when `later` is not out yet.
    SOON: """\
        Title: Goes live first
        Slug: soon
        Date: 2099-06-01 09:00
        Category: Treatment

        Read [the article after this one]({filename}/articles/later.md).

        A [page that was never written]({filename}/articles/nowhere.md).

        [Team]({filename}/pages/about.md#no-such-heading), [good]({filename}/pages/about.md#team).
        """,
    # Goes live later: linking back to one already out by then is fine.
    LATER: """\
        Title: Goes live later
        Slug: later
        Date: 2099-09-01 09:00
        Category: Treatment

        Read [the one before]({filename}/articles/soon.md) and [about]({filename}/pages/about.md).
        """,
    # A draft dated later is no scheduled article: it is never checked as published.
    "content/articles/unfinished.md": """\
        Title: Not finished
        Slug: unfinished
        Date: 2099-12-01 09:00
        Status: draft

        A [link to nothing]({filename}/articles/nothing.md), fine in a draft.
        """,
}
CHECK = """
import sys
from pathlib import Path
from publishing import PublishingError
from publishing.scheduled import check_publish
try:
    check_publish(Path("settings.py"), Path(sys.argv[1]), precompress=False)
except PublishingError as error:
    sys.exit(f"error: {error}")
"""


def check(folder, files, settings=""):
    """Check a tiny site with the publish settings (and `settings`) as a pull request does;
    return the run."""
    publish = SETTINGS.replace("from pelicanconf import *", "from publishconf import *")
    make_site(folder, {**GOOD_SITE, **files})
    (folder / "settings.py").write_text(publish + settings, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-c", CHECK, str(folder / "scratch")],
        cwd=folder,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "SITEURL": "https://clinic.test"},
        capture_output=True,
        text=True,
        check=False,
    )


def problems_of(run, path):
    """Return the errors the run listed in the file at `path`, each once."""
    listed = run.stderr.splitlines()
    return sorted(
        {line for line in listed if line.startswith(f"{path}:") and ": warning:" not in line}
    )


@pytest.fixture(scope="module")
def scheduled_run(tmp_path_factory):
    return check(tmp_path_factory.mktemp("scheduled") / "site", SCHEDULED)


def test_a_scheduled_articles_mistakes_fail_the_check(scheduled_run):
    assert scheduled_run.returncode == 1, scheduled_run.stdout + scheduled_run.stderr
    assert scheduled_run.stderr.splitlines()[-1] == (
        "error: check failed as of June 1, 2099, 09:00: the problems are listed above; "
        "nothing was published"
    )


def test_each_scheduled_date_is_checked_once_in_date_order_naming_what_goes_live(scheduled_run):
    checked = re.findall(r"^Checking the site as it will be on (.*)$", scheduled_run.stdout, re.M)
    assert checked == [
        f"June 1, 2099, 09:00, when {SOON} goes live",
        f"September 1, 2099, 09:00, when {LATER} goes live",
    ]


def test_todays_site_passes_as_the_scheduled_articles_are_not_in_it(scheduled_run):
    first = scheduled_run.stdout.split("Checking the site as it will be on")[0]
    assert re.search(r"^Checked \d+ pages", first, re.MULTILINE)


def test_each_mistake_is_listed_once_though_it_spoils_both_dates(scheduled_run):
    listed = [line for line in scheduled_run.stderr.splitlines() if line.startswith("content/")]
    assert len(listed) == len(set(listed))
    assert len([line for line in listed if "nowhere.md" in line]) == 1


def test_its_dead_link_and_dead_anchor_are_named_at_their_lines(scheduled_run):
    found = problems_of(scheduled_run, SOON)
    assert any(line.startswith(f"{SOON}:8: ") and "nowhere.md" in line for line in found), found
    assert any(line.startswith(f"{SOON}:10: ") and "no-such-heading" in line for line in found)
    assert not any("#team" in line for line in found)


def test_a_link_to_an_article_going_live_later_is_a_mistake_on_the_day_before_it(scheduled_run):
    found = problems_of(scheduled_run, SOON)
    assert any(line.startswith(f"{SOON}:6: ") and "later" in line for line in found), found


def test_a_link_to_an_article_already_out_by_then_is_fine_and_a_draft_is_not_checked(
    scheduled_run,
):
    assert problems_of(scheduled_run, LATER) == []
    assert problems_of(scheduled_run, "content/articles/unfinished.md") == []


def test_a_site_with_sound_scheduled_articles_passes(tmp_path):
    sound = {
        LATER: SCHEDULED[LATER],
        SOON: SCHEDULED[SOON].split("Read [the article")[0] + "Sound.\n",
    }
    run = check(tmp_path / "site", sound)
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(re.findall(r"^Checked \d+ pages", run.stdout, re.MULTILINE)) == 3


def test_the_pull_requests_command_checks_scheduled_articles_and_marks_their_lines(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / SOON).write_text(
        "Title: Goes live first\nSlug: soon\nDate: 2099-06-01 09:00\nCategory: Treatment\n\n"
        "A [page that was never written]({filename}/articles/nowhere.md).\n",
        encoding="utf-8",
    )
    run = invoke(project, "check", "--publish", "--annotate")
    assert run.returncode == 1, run.stdout + run.stderr
    marks = [line for line in run.stdout.splitlines() if line.startswith("::error ")]
    assert [mark for mark in marks if f"file={SOON}" in mark and "nowhere.md" in mark]
    assert all(f"file={SOON},line=6," in mark for mark in marks if f"file={SOON}" in mark)


def test_as_of_a_date_an_article_dated_later_is_left_out_and_one_due_is_not_marked():
    vancouver = timezone(timedelta(hours=-8))
    as_of = datetime(2099, 6, 1, 9, tzinfo=vancouver)
    assert is_scheduled(datetime(2099, 6, 1, 9, 1, tzinfo=vancouver), as_of)
    assert not is_scheduled(datetime(2099, 6, 1, 9, tzinfo=vancouver), as_of)
    assert not is_scheduled(datetime(2099, 6, 1, 16, 59, tzinfo=UTC), as_of)


def test_an_as_of_date_without_an_offset_is_in_the_sites_time_zone_as_a_date_is():
    zone = ZoneInfo("America/Vancouver")
    assert as_of_moment("2099-06-01 09:00", "America/Vancouver") == datetime(
        2099, 6, 1, 9, tzinfo=zone
    )
    assert as_of_moment("2099-06-01T09:00:00+00:00", "America/Vancouver").utcoffset() == timedelta(
        0
    )
    assert as_of_moment("next Tuesday", "America/Vancouver") is None


def test_the_scheduled_dates_are_of_articles_not_due_yet_and_not_drafts_in_date_order():
    vancouver = timezone(timedelta(hours=-8))
    june = datetime(2099, 6, 1, 9, tzinfo=vancouver)

    class Draft:
        def __init__(self, name, date, status=None):
            self.source_path, self.date = name, date
            self.metadata = {"status": status} if status else {}

    drafts = [
        Draft("b.md", june),
        Draft("c.md", june - timedelta(days=1)),
        Draft("a.md", june),
        Draft("unfinished.md", june, "draft"),
        Draft("old.md", datetime(2000, 1, 1, tzinfo=vancouver)),  # past: a draft by Status only
    ]
    assert scheduled_moments(drafts, datetime(2099, 1, 1, tzinfo=vancouver)) == [
        {"date": "2099-05-31T09:00:00-08:00", "files": ["c.md"]},
        {"date": "2099-06-01T09:00:00-08:00", "files": ["a.md", "b.md"]},
    ]


STOPS = """\
from pelican import signals


def stop(pelican):
    raise RuntimeError("a plugin's own mistake")


def register():
    signals.finalized.connect(stop)
"""


def test_when_pelican_stops_on_its_own_error_the_scheduled_dates_are_not_checked(tmp_path):
    folder = tmp_path / "site"
    (folder / "extra" / "stops").mkdir(parents=True)
    (folder / "extra" / "stops" / "__init__.py").write_text(STOPS, encoding="utf-8")
    plugin = f'PLUGIN_PATHS += [{str(folder / "extra")!r}]\nPLUGINS += ["stops"]\n'
    run = check(folder, {SOON: SCHEDULED[SOON]}, plugin)
    assert run.returncode == 1
    assert "Checking the site as it will be on" not in run.stdout
    assert run.stderr.count("a plugin's own mistake") == 1, run.stderr
