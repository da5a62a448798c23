"""The live preview's warm builder: one helper process builds every save, never with stale code."""

import importlib.util
import os
import time
from pathlib import Path

import pytest

from preview.freshness import (
    UNKNOWN,
    changed_paths,
    distrust_recent,
    module_files,
    snapshot,
    watched_paths,
)
from preview.warmbuilder import WarmBuilder
from tests.projectcopy import copy_project

ARTICLE = Path("content/articles/ketamine-vs-antidepressants.md")
PROBE = Path("plugins/live_probe/__init__.py")
ACTION = PROBE.with_name("action.txt")
PROBE_TIME_NS = (int(time.time()) - 100) * 1_000_000_000 + 100_000_000  # x.1 s, in the past
# A plugin the settings load, so the helper imports it before any build: it writes its MARK
# into the built site, and crashes a build when the action file beside it says so (in the
# plugin's folder, an input of every build: a build with an action never has nothing to do).
PROBE_SOURCE = """\
import os
import signal
from pathlib import Path

from pelican import signals

MARK = "probe one"


def act(pelican):
    action = Path(__file__).with_name("action.txt")
    if not action.exists():
        return
    if action.read_text() == "kill the build":
        os.kill(os.getppid(), signal.SIGKILL)  # Pelican runs in a child of the build's process
    elif action.read_text() == "kill the helper":
        os.kill(os.getpgid(0), signal.SIGKILL)  # the helper leads its own process group
    os._exit(1)


def write_mark(pelican):
    Path(pelican.output_path, "probe.txt").write_text(MARK)


def register():
    signals.initialized.connect(act)
    signals.finalized.connect(write_mark)
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project whose settings also load the probe plugin."""
    root = copy_project(tmp_path_factory.mktemp("warm") / "project")
    (root / PROBE).parent.mkdir()
    (root / PROBE).write_text(PROBE_SOURCE)
    os.utime(root / PROBE, ns=(PROBE_TIME_NS, PROBE_TIME_NS))
    with (root / "pelicanconf.py").open("a") as settings:
        settings.write('\nPLUGINS += ["live_probe"]\n')
    # Saved well before the helper starts: a file saved while it starts would restart it.
    os.utime(root / "pelicanconf.py", ns=(PROBE_TIME_NS, PROBE_TIME_NS))
    return root


@pytest.fixture(scope="module")
def builder(project):
    # Python writes compiled copies of modules, as it does by default, for the plugin edit test.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with WarmBuilder(project, project / "pelicanconf.py", env=env) as builder:
        assert builder.start()
        yield builder


def build(builder, project):
    """Build the project's site into its output/ through the warm builder; return the outcome."""
    return builder.build(project / "pelicanconf.py", project / "output")


def edit(path, old, new):
    source = path.read_text(encoding="utf-8")
    assert old in source
    path.write_text(source.replace(old, new, 1), encoding="utf-8")


def test_one_helper_builds_every_content_edit(builder, project):
    assert build(builder, project).status == 0
    helper = builder.pid
    edit(project / ARTICLE, "## Final Thoughts", "## Final Thoughts\n\nEdited once.")
    outcome = build(builder, project)
    assert outcome.status == 0, outcome.log
    assert "Edited once." in (project / "output/ketamine-vs-antidepressants/index.html").read_text()
    assert builder.pid == helper
    assert builder.starts == 1


def test_the_helper_imported_the_plugins_before_any_build(builder, project):
    assert str(project / PROBE) in builder.files
    assert str(project / "plugins/clinic/plugin.py") in builder.files


def test_the_helper_imported_no_tests_of_installed_plugins(builder):
    # pelican.tests, which they import, makes warnings from Pelican errors and logs the rest.
    tests = [path for path in builder.files if os.path.basename(path).startswith("test_")]
    assert tests == []
    assert not [path for path in builder.files if "/pelican/tests" in path]


def test_the_helper_has_one_thread_so_the_pipeline_forks_pelican(builder):
    assert builder.threads == 1


def test_an_edited_plugin_module_is_used_by_the_next_build(builder, project):
    assert build(builder, project).status == 0
    assert (project / "output/probe.txt").read_text() == "probe one"
    helper = builder.pid
    assert Path(importlib.util.cache_from_source(str(project / PROBE))).exists()
    edit(project / PROBE, 'MARK = "probe one"', 'MARK = "probe two"')
    # The same size and its old mtime put back, as cp -p does: only its bytes tell, and
    # Python's check of its compiled copy cannot.
    os.utime(project / PROBE, ns=(PROBE_TIME_NS, PROBE_TIME_NS))
    outcome = build(builder, project)
    assert outcome.status == 0, outcome.log
    assert (project / "output/probe.txt").read_text() == "probe two"
    assert builder.pid != helper


def test_an_edited_pipeline_module_restarts_the_helper(builder, project):
    assert build(builder, project).status == 0
    helper = builder.pid
    with (project / "publishing/progress.py").open("a") as module:
        module.write("\n# edited\n")
    assert str(project / "publishing/progress.py") in builder.stale_files()
    assert build(builder, project).status == 0
    assert builder.pid != helper


def test_a_build_whose_process_dies_fails_and_the_next_save_builds(builder, project):
    assert build(builder, project).status == 0
    before = (project / "output/index.html").read_text()
    helper = builder.pid
    (project / ACTION).write_text("kill the build")
    outcome = build(builder, project)
    assert outcome.status != 0
    assert "error: the build's process died (killed by SIGKILL)" in outcome.log
    assert (project / "output/index.html").read_text() == before
    (project / ACTION).unlink()
    assert build(builder, project).status == 0
    assert builder.pid == helper


def test_a_helper_that_dies_during_a_build_fails_it_and_the_next_save_builds(builder, project):
    assert build(builder, project).status == 0
    helper = builder.pid
    (project / ACTION).write_text("kill the helper")
    outcome = build(builder, project)
    assert outcome.status != 0
    assert "error: the warm builder died during the build (killed by SIGKILL)" in outcome.log
    (project / ACTION).unlink()
    assert build(builder, project).status == 0
    assert builder.pid not in (None, helper)


def test_a_helper_that_died_between_builds_is_replaced_silently(builder, project):
    assert build(builder, project).status == 0
    helper = builder.pid
    os.kill(helper, 9)
    builder.process.wait()
    assert build(builder, project).status == 0
    assert builder.pid != helper


def test_stopping_the_builder_ends_its_helper(project):
    with WarmBuilder(project, project / "pelicanconf.py") as builder:
        assert builder.start()
        helper = builder.pid
        assert Path(f"/proc/{helper}").exists()
    assert not Path(f"/proc/{helper}").exists()


# The snapshot of what the helper imported.


def written(path, text, seconds_ago=10):
    """Write a file dated `seconds_ago`, as a file the helper found when it started."""
    path.write_text(text)
    past = time.time_ns() - seconds_ago * 1_000_000_000
    os.utime(path, ns=(past, past))
    return str(path)


def test_a_changed_module_file_is_stale(tmp_path):
    module = written(tmp_path / "module.py", "A = 1\n")
    states = distrust_recent(snapshot([module]), time.time_ns())
    assert changed_paths(states) == []
    Path(module).write_text("A = 22\n")
    assert changed_paths(states) == [module]


def test_a_same_size_edit_with_its_old_mtime_put_back_is_stale(tmp_path):
    module = written(tmp_path / "module.py", "A = 1\n")
    dated = os.stat(module).st_mtime_ns
    states = distrust_recent(snapshot([module]), time.time_ns())
    Path(module).write_text("A = 2\n")
    os.utime(module, ns=(dated, dated))
    assert changed_paths(states) == [module]


def test_a_module_saved_again_with_the_same_bytes_is_not_stale(tmp_path):
    module = written(tmp_path / "module.py", "A = 1\n")
    states = distrust_recent(snapshot([module]), time.time_ns())
    Path(module).write_text("A = 1\n")
    os.utime(module)  # a new mtime, as an editor's save gives it
    assert changed_paths(states) == []


def test_a_file_changed_while_the_helper_started_is_stale(tmp_path):
    module = written(tmp_path / "module.py", "A = 1\n", seconds_ago=0)
    states = distrust_recent(snapshot([module]), time.time_ns())
    assert states[module] is UNKNOWN
    assert changed_paths(states) == [module]


def test_a_removed_module_file_is_stale(tmp_path):
    module = written(tmp_path / "module.py", "A = 1\n")
    states = snapshot([module])
    os.remove(module)
    assert changed_paths(states) == [module]


@pytest.mark.parametrize(
    ("added", "stale"),
    [
        ("new_module.py", True),
        ("markdown-3.9.dist-info", True),
        ("extension.cpython-311-x86_64-linux-gnu.so", True),
        (".output.staging-x1y2", False),
        ("output", False),
        ("notes.txt", False),
    ],
)
def test_a_folder_is_stale_when_what_it_can_import_changes(tmp_path, added, stale):
    written(tmp_path / "module.py", "A = 1\n")
    states = distrust_recent(snapshot([str(tmp_path)]), time.time_ns())
    (tmp_path / added).mkdir()
    assert changed_paths(states) == ([str(tmp_path)] if stale else [])


def test_watched_paths_are_the_modules_files_their_folders_and_the_import_path(tmp_path):
    package = tmp_path / "package"
    package.mkdir()

    class Module:
        __file__ = str(package / "module.py")

    class Namespace:
        __file__ = None

    files = module_files([Module, Namespace])
    assert files == {str(package / "module.py")}
    assert watched_paths(files, import_folders=[str(tmp_path), "/no/such/folder"]) == sorted(
        [str(package / "module.py"), str(package), str(tmp_path)]
    )
