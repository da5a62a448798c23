"""Plugins named in PLUGINS that Pelican would not find are named before the build starts."""

import sys

import pytest

from publishing.plugins import missing_plugins
from tests.sitebuild import ROOT

PLUGIN_PATHS = [str(ROOT / "plugins")]


@pytest.mark.parametrize(
    ("names", "missing"),
    [
        (["clinic", "reading_time", "assets"], []),  # in PLUGIN_PATHS
        (["pelican.plugins.neighbors"], []),  # installed
        (["reading_tme"], ["reading_tme"]),
        (["pelican.plugins.neighbours"], ["pelican.plugins.neighbours"]),
        (["no_such_package.plugin", "clinic"], ["no_such_package.plugin"]),
        ([sys], []),  # a module given as itself
    ],
)
def test_names_neither_in_the_plugin_paths_nor_installed_are_missing(names, missing):
    assert missing_plugins(names, PLUGIN_PATHS) == missing


def test_looking_imports_nothing(tmp_path):
    (tmp_path / "a_plugin_of_this_test.py").write_text("raise SystemExit('imported')\n")
    assert missing_plugins(["a_plugin_of_this_test"], [str(tmp_path)]) == []
    assert "a_plugin_of_this_test" not in sys.modules
