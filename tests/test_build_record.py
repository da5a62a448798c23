"""A build with nothing changed does nothing; a change of anything a build reads makes it build.

The speed layer records each successful build (plugins/speed/record.py). A project copy
(fixture content) is built as CI builds it, `invoke preview`, again and again in the same
folder, in an environment that stays the same from build to build (pytest's variable naming
the running test is left out). After each change, the warm build must have built (Pelican
ran) and left in output/ what a cold build of the same sources, in the same environment, does.
"""

import datetime
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from plugins.speed.record import next_midnight, tree_digest
from plugins.speed.store import Store
from tests.projectcopy import copy_project
from tests.warmcold import differences, fresh_copy, old_mtime, replace_same_size, sources_digest

STABLE_ENV = {name: value for name, value in os.environ.items() if name != "PYTEST_CURRENT_TEST"}
STABLE_ENV["COLUMNS"] = "200"  # Pelican's log unwrapped
NOTHING_CHANGED = "nothing changed since the last build"
PELICAN_RAN = "Done: Processed"
DAMAGED = "were ignored, removed and built again"
ARTICLE = "content/articles/ketamine-vs-antidepressants.md"
PAGE = "ketamine-vs-antidepressants/index.html"


def run(project, task, env):
    """Run an invoke task of the project; return the finished process, which must succeed."""
    result = subprocess.run(
        [sys.executable, "-m", "invoke", *task],
        cwd=project,
        env={**STABLE_ENV, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


class Project:
    """A project copy, built again and again with the same task and environment."""

    def __init__(self, root, cold_folder):
        self.root = copy_project(root)
        self.cold_folder = cold_folder
        self.cold = {}  # (sources, task, environment) -> output/ of a cold build of them
        self.task, self.env = ("preview",), {}
        self.first = self.build()

    def build(self):
        return run(self.root, self.task, self.env)

    def path(self, name):
        return self.root / name

    def edit(self, name, old, new):
        text = self.path(name).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        self.path(name).write_text(text.replace(old, new, 1), encoding="utf-8")

    def cold_output(self):
        """Return the output/ of a cold build of the sources as they are, same task and env."""
        key = (sources_digest(self.root), self.task, tuple(sorted(self.env.items())))
        if key not in self.cold:
            copy = fresh_copy(self.root, self.cold_folder / str(len(self.cold)))
            run(copy, self.task, self.env)
            self.cold[key] = copy / "output"
        return self.cold[key]

    def differences_from_cold(self):
        return differences(self.path("output"), self.cold_output())

    def records(self):
        return sorted(self.path("cache/build").glob("??/*"))


def files_status(folder):
    """Return {path: (inode, mtime)} of every file under `folder`, and of the folder itself."""
    status = {str(p.relative_to(folder)): p.stat() for p in Path(folder).rglob("*")}
    status["."] = Path(folder).stat()
    return {name: (s.st_ino, s.st_mtime_ns) for name, s in status.items()}


def assert_built(result):
    assert NOTHING_CHANGED not in result.stdout
    assert PELICAN_RAN in result.stdout


def assert_nothing_done(project):
    before = files_status(project.path("output"))
    result = project.build()
    assert NOTHING_CHANGED in result.stdout
    assert PELICAN_RAN not in result.stdout
    assert files_status(project.path("output")) == before
    return result


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """One project copy that every test builds again, in order, after a change of its own."""
    return Project(tmp_path_factory.mktemp("warm") / "project", tmp_path_factory.mktemp("cold"))


def test_a_build_with_nothing_changed_does_nothing_and_prints_the_same_report(project):
    result = assert_nothing_done(project)
    assert "warning: not medically reviewed yet" in project.first.stderr  # a report to repeat
    assert result.stderr == project.first.stderr
    assert project.differences_from_cold() == []


# Changes of what a build reads: each a function of the project ------------------------------


def edit_content(project):
    project.edit(ARTICLE, "has evolved significantly", "has changed a great deal")


def edit_content_same_size_old_mtime(project):
    with old_mtime(project.path(ARTICLE)):
        replace_same_size(project.path(ARTICLE), "a great deal", "a great many")


def add_content_file(project):
    project.path("content/pages/hours.md").write_text(
        "Title: Opening hours\nSlug: hours\n\nMonday to Friday, nine to five.\n", encoding="utf-8"
    )


def edit_theme_template(project):
    project.edit(
        "theme/templates/article.html",
        '<h2 class="article-footer-title">Topics',
        '<h2 class="article-footer-title">Topics here',
    )


def edit_theme_stylesheet(project):
    with project.path("theme/static/css/site.css").open("a", encoding="utf-8") as stylesheet:
        stylesheet.write("\n.article-footer-title { letter-spacing: 0.01em; }\n")


def edit_settings(project):
    project.edit(
        "pelicanconf.py", 'DEFAULT_DATE_FORMAT = "%B %-d, %Y"', 'DEFAULT_DATE_FORMAT = "%-d %B %Y"'
    )


def set_variable_the_settings_read(project):
    project.env["SITEURL"] = "https://clinic.example.org"  # publishconf.py reads it


def edit_headers_file(project):
    with project.path("deploy/_headers").open("a", encoding="utf-8") as headers:
        headers.write("\n/faq/*\n  X-Robots-Tag: noarchive\n")


def set_pagefind_variable(project):
    project.env["PAGEFIND_KEEP_INDEX_URL"] = "true"


def add_pagefind_configuration(project):
    project.path("pagefind.yml").write_text('exclude_selectors:\n  - "h2"\n', encoding="utf-8")


CHANGES = {
    "a content file edited": edit_content,
    "a content file edited, same size, its old mtime": edit_content_same_size_old_mtime,
    "a content file added": add_content_file,
    "a template of the theme": edit_theme_template,
    "a stylesheet of the theme": edit_theme_stylesheet,
    "a setting of a settings file": edit_settings,
    "an environment variable the settings read": set_variable_the_settings_read,
    "deploy/_headers": edit_headers_file,
    "a PAGEFIND_ variable": set_pagefind_variable,
    "a Pagefind configuration file": add_pagefind_configuration,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_of_an_input_builds_as_a_cold_build_does_then_nothing(project, change):
    assert_nothing_done(project)
    change(project)
    assert_built(project.build())
    assert project.differences_from_cold() == []
    assert_nothing_done(project)


def test_another_task_or_a_strict_build_builds(project):
    """The same sources built by `invoke build`, then `invoke build --strict` (-e CLINIC_STRICT)."""
    assert_nothing_done(project)
    for task in [("build",), ("build", "--strict"), ("preview",)]:
        project.task = task
        assert_built(project.build())
        assert project.differences_from_cold() == []
        assert_nothing_done(project)


def test_a_scheduled_article_is_built_when_it_comes_due(project):
    due = datetime.datetime.now(datetime.UTC).replace(microsecond=0) + datetime.timedelta(
        seconds=45
    )
    project.path("content/articles/soon.md").write_text(
        f"Title: Out soon\nSlug: soon\nDate: {due.isoformat()}\nCategory: Treatment\n"
        "Tags: aftercare\n\nNot out yet.\n",
        encoding="utf-8",
    )
    assert_built(project.build())
    assert datetime.datetime.now(datetime.UTC) < due, "the build took too long to test this"
    assert not project.path("output/soon/index.html").exists()
    assert_nothing_done(project)
    store = Store(project.path("cache"), "any")  # the key is in each entry's name
    newest = max(project.records(), key=lambda record: record.stat().st_mtime)
    record = store.get_object("build", newest.name)
    vancouver = ZoneInfo("America/Vancouver")  # the settings' TIMEZONE
    assert record.expires == min(due.timestamp(), next_midnight(record.built, vancouver))

    time.sleep(max(0, due.timestamp() - time.time()) + 1)
    assert_built(project.build())
    assert project.path("output/soon/index.html").is_file()
    assert project.differences_from_cold() == []


def test_a_record_expires_at_the_next_midnight_of_the_site_when_nothing_is_scheduled():
    vancouver = ZoneInfo("America/Vancouver")
    before_the_clocks_go_forward = datetime.datetime(2026, 3, 7, 23, 30, tzinfo=vancouver)
    midnight = datetime.datetime(2026, 3, 8, tzinfo=vancouver).timestamp()
    assert next_midnight(before_the_clocks_go_forward.timestamp(), vancouver) == midnight
    assert next_midnight(midnight, vancouver) - midnight == 23 * 3600  # a day of 23 hours


# output/ changed behind the build's back ------------------------------------------------


def edit_page(output):
    with (output / PAGE).open("a", encoding="utf-8") as page:
        page.write("<!-- edited in output/ -->\n")


def edit_page_same_size_old_mtime(output):
    with old_mtime(output / PAGE):
        replace_same_size(output / PAGE, "<html", "<HTML")


def delete_page(output):
    (output / PAGE).unlink()


def add_stray_file(output):
    (output / "stray.html").write_text("<p>left here by hand</p>\n", encoding="utf-8")


def make_page_executable(output):
    (output / PAGE).chmod(0o755)


TAMPERING = {
    "a page edited": edit_page,
    "a page edited, same size, its old mtime": edit_page_same_size_old_mtime,
    "a page deleted": delete_page,
    "a stray file added": add_stray_file,
    "a page's permissions changed": make_page_executable,
}


@pytest.mark.parametrize("tamper", TAMPERING.values(), ids=TAMPERING.keys())
def test_an_output_folder_changed_by_hand_is_built_again(project, tamper):
    assert_nothing_done(project)
    tamper(project.path("output"))
    assert_built(project.build())
    assert project.differences_from_cold() == []


# The record damaged --------------------------------------------------------------------


def truncated(record, _project):
    return record[: len(record) // 2]


def garbage(_record, _project):
    return b"\x00\xffnot a record\n" * 20


def foreign(_record, project):
    """Another entry of the store, well formed, stored under another kind and key."""
    return next(project.path("cache/finished").glob("??/*")).read_bytes()


def wrong_object(record, _project):
    """A well-formed entry under the record's own key that holds something else."""
    _format, kind, key, _digest = record.partition(b"\n")[0].decode().split()
    payload = pickle.dumps(["not", "a", "build", "record"])
    return Store("unused", "any").header(kind, key, payload) + payload


DAMAGE = [truncated, garbage, foreign, wrong_object]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda damage: damage.__name__)
def test_a_damaged_record_is_a_miss_with_a_warning_never_a_traceback(project, damage):
    assert_nothing_done(project)
    for record in project.records():
        record.write_bytes(damage(record.read_bytes(), project))
    result = project.build()
    assert_built(result)
    assert DAMAGED in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert project.differences_from_cold() == []
    assert_nothing_done(project)


def test_without_the_speed_plugin_no_record_is_kept(tmp_path):
    project = copy_project(tmp_path / "project")
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nPLUGINS = [name for name in PLUGINS if name != "speed"]\n')
    for _ in range(2):
        assert_built(run(project, ("preview",), {}))
    assert not (project / "cache" / "build").exists()


def test_the_pagefind_binary_a_variable_names_is_an_input_by_its_bytes(project):
    from pagefind_bin import get_executable

    wrapper = project.root.parent / "pagefind"
    wrapper.write_text(f'#!/bin/sh\nexec "{get_executable()}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    project.env["PAGEFIND_BINARY_PATH"] = str(wrapper)
    assert_built(project.build())
    assert_nothing_done(project)
    with old_mtime(wrapper):
        wrapper.write_text(wrapper.read_text(encoding="utf-8") + "# another Pagefind\n")
    assert_built(project.build())
    assert project.differences_from_cold() == []


def test_content_counts_by_its_bytes_and_by_its_times_only_where_pelican_dates_by_them(tmp_path):
    article = tmp_path / "content" / "article.md"
    article.parent.mkdir()
    article.write_text("Title: An article\n\nNo date: DEFAULT_DATE gives it one.\n")
    before = {times: tree_digest(tmp_path / "content", times) for times in (False, True)}
    os.utime(article, ns=(0, 0))
    assert tree_digest(tmp_path / "content") == before[False]
    assert tree_digest(tmp_path / "content", times=True) != before[True]
    (tmp_path / "content" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    assert tree_digest(tmp_path / "content", times=True) != before[True]  # and no exception


def test_a_module_the_settings_import_from_outside_the_project_is_code_of_the_build(
    tmp_path_factory,
):
    """A settings file may import from a folder outside the project (settings shared by
    several sites): an edit there, same size and with its old mtime, is a change of code."""
    shared = tmp_path_factory.mktemp("shared")
    module = shared / "clinic_shared.py"
    module.write_text('SITENAME = "Shared name one"\n', encoding="utf-8")
    project = Project(tmp_path_factory.mktemp("outside") / "project", tmp_path_factory.mktemp("c"))
    with project.path("publishconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f"\nsys.path.insert(0, {str(shared)!r})\nfrom clinic_shared import *\n")
    assert_built(project.build())
    assert "<title>Shared name one" in project.path("output/index.html").read_text("utf-8")
    assert_nothing_done(project)
    with old_mtime(module):
        replace_same_size(module, "one", "two")
    assert_built(project.build())
    assert "<title>Shared name two" in project.path("output/index.html").read_text("utf-8")
    assert_nothing_done(project)
