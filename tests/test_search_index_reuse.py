"""A shard's search bundle is made again only when one of its pages, or the Pagefind that makes
it, changed; otherwise the bundle kept in the store is reused, as a copy, once verified.

Each test marks the kept bundle (a file added to its entry in the store), rebuilds, and sees
whether the site's index came from the store or was made afresh by Pagefind.
"""

import os
import pickle
import subprocess
import sys

import pytest

from plugins.speed.store import Store
from plugins.theme_support.index_reuse import KIND, bundle_key_parts
from tests.projectcopy import copy_project

MARK = "kept-by-the-last-build.txt"


def build(project):
    """Build the copy with Pelican, its warnings shown; return the index and the log."""
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", "output"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "400"},  # no message wrapped
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "output" / "pagefind", " ".join((result.stdout + result.stderr).split())


def kept_entries(project):
    return sorted((project / "cache" / KIND).glob("??/*"))


def mark(entry):
    """Add MARK to the bundle an entry of the store holds, keeping the entry valid."""
    header, _, payload = entry.read_bytes().partition(b"\n")
    _format, kind, key, _digest = header.decode().split()
    files = pickle.loads(payload)
    files[MARK] = b"marked\n"
    Store(entry.parents[2], "any").put_object(kind, key, files)


@pytest.fixture
def project(tmp_path):
    """A copy of the project (one shard), built once, with the bundle it kept marked."""
    project = copy_project(tmp_path / "project")
    build(project)
    [entry] = kept_entries(project)
    mark(entry)
    return project


def test_the_same_pages_reuse_the_kept_index(project):
    index, _ = build(project)
    assert (index / MARK).is_file()
    assert (index / "pagefind-entry.json").is_file()


def test_a_changed_page_is_indexed_again(project):
    article = project / "content" / "articles" / "ketamine-vs-antidepressants.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA new closing line.\n")
    index, _ = build(project)
    assert not (index / MARK).exists()
    assert (index / "pagefind-entry.json").is_file()


def test_a_change_of_the_settings_file_makes_the_index_again(project):
    # Even one that changes no page Pagefind reads: the settings files are code to the store.
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text() + '\nTAG_SAVE_AS = "topics/{slug}/index.html"\n')
    index, _ = build(project)
    assert not (index / MARK).exists()


def test_a_damaged_bundle_is_never_published_but_made_afresh_with_a_warning(project):
    # Every kind of damage, of every kind of entry: tests/test_damaged_cache.py.
    [entry] = kept_entries(project)
    data = bytearray(entry.read_bytes())
    data[-10] ^= 0x01
    entry.write_bytes(data)
    index, log = build(project)
    assert not (index / MARK).exists()
    assert (index / "pagefind-entry.json").is_file()
    assert "Traceback" not in log
    assert log.count("were ignored, removed and built again") == 1
    # The folder, as the settings name it.
    assert "warning: cache entries in cache that were damaged" in log
    assert str(entry.relative_to(project)) in log


@pytest.mark.parametrize(
    "change",
    [
        lambda pages, command: pages.update({"a.html": "other"}),
        lambda pages, command: pages.update({"b.html": pages.pop("a.html")}),
        lambda pages, command: pages.update({"c.html": "new page"}),
        lambda pages, command: command.append("--exclude-selectors=nav"),
        lambda pages, command: command.__setitem__(0, "/bin/sh"),
    ],
    ids=["a page's bytes", "a page's name", "a new page", "an option", "another binary"],
)
def test_the_key_changes_with_any_page_and_with_pagefind(change):
    pages, command = {"a.html": "page"}, ["/bin/true", "--site", "SITE", "--quiet"]
    before = bundle_key_parts(pages, True, command)
    change(pages, command)
    assert bundle_key_parts(pages, True, command) != before


def test_the_key_follows_the_bundles_role():
    pages, command = {"a.html": "page"}, ["/bin/true", "--quiet"]
    # A merged bundle keeps no scripts: the first one's files are not the same.
    assert bundle_key_parts(pages, True, command) != bundle_key_parts(pages, False, command)


@pytest.mark.parametrize(
    "configure",
    [
        lambda folder, monkeypatch: (folder / "pagefind.yml").write_text(
            "exclude_selectors: [nav]"
        ),
        lambda folder, monkeypatch: (folder / "pagefind.json").write_text('{"keep_index_url": 1}'),
        lambda folder, monkeypatch: monkeypatch.setenv("PAGEFIND_KEEP_INDEX_URL", "true"),
    ],
    ids=["pagefind.yml", "pagefind.json", "a PAGEFIND_ variable"],
)
def test_the_key_changes_with_what_pagefind_reads_besides_its_options(
    configure, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # Pagefind reads its configuration file where it runs
    pages, command = {"a.html": "page"}, ["/bin/true", "--quiet"]
    before = bundle_key_parts(pages, True, command)
    configure(tmp_path, monkeypatch)
    assert bundle_key_parts(pages, True, command) != before
