"""The Nu HTML validator (vnu-jar, on the system Java) finds no error in any HTML or CSS file."""

import json
import subprocess

import pytest

from tests.nodetools import VNU_JAR, executable, node_file


def vnu_errors(files, mode):
    """Validate files with vnu in one run; return its errors as 'file:line: message' strings."""
    java = executable("java", "default-jre-headless")
    command = [java, "-jar", str(node_file(VNU_JAR)), "--format", "json", "--exit-zero-always"]
    result = subprocess.run(
        [*command, mode, *map(str, files)], capture_output=True, text=True, check=True
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


@pytest.mark.parametrize(("suffix", "mode"), [("*.html", "--html"), ("*.css", "--css")])
def test_every_built_file_is_valid(site, suffix, mode):
    files = sorted(site.root.rglob(suffix))
    assert files
    assert vnu_errors(files, mode) == []


def test_the_validator_catches_an_error(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text('<!doctype html><html lang="en"><title>t</title><p><div></p></html>')
    assert vnu_errors([broken], "--html")


def test_sample_site_pages_are_valid(sample_site):
    """Review lines, previous/next links, pagination and author pages validate too."""
    assert vnu_errors(sample_site.html_files(), "--html") == []
