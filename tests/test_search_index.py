"""The Pagefind index reads only the files articles and pages are saved as, and misses none."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pelican.settings import read_settings

from plugins.theme_support.search_index import (
    content_patterns,
    pagefind_command,
    pagefind_program,
    pages_glob,
    searchable_pages,
)
from tests.sitebuild import ROOT


def test_the_patterns_follow_the_article_and_page_save_as_settings():
    settings = {"ARTICLE_SAVE_AS": "{slug}/index.html", "PAGE_SAVE_AS": "pages/{slug}.html"}
    assert content_patterns(settings) == ["*/index.html", "pages/*.html"]
    assert content_patterns({**settings, "PAGE_SAVE_AS": "{slug}/index.html"}) == ["*/index.html"]
    assert content_patterns({**settings, "PAGE_SAVE_AS": ""}) == ["*/index.html"]


def test_the_indexer_reads_one_folder_and_writes_the_bundle_where_told():
    command = pagefind_command("pages", "bundle")
    assert command[command.index("--site") + 1] == "pages"
    assert command[command.index("--output-path") + 1] == "bundle"


def test_the_indexer_is_the_shipped_binary_not_another_interpreter():
    program = pagefind_command("pages", "bundle")[0]
    assert Path(program).name == "pagefind"
    assert Path(program).is_file()
    assert os.access(program, os.X_OK)
    assert Path(program).resolve() != Path(sys.executable).resolve()


def test_the_indexer_honours_the_binary_path_override(monkeypatch):
    pagefind_program.cache_clear()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/opt/pagefind/pagefind")
    try:
        assert pagefind_command("pages", "bundle")[0] == "/opt/pagefind/pagefind"
    finally:
        pagefind_program.cache_clear()


@pytest.mark.parametrize(
    ("paths", "glob"),
    [
        (["b/index.html", "a/index.html"], "{a/index.html,b/index.html}"),
        (["pages/about us.html", "été/index.html"], "{pages/about us.html,été/index.html}"),
        ([], None),
        (["a/index.html", "b[1]/index.html"], None),
        (["a/index.html", "b,c/index.html"], None),
        (["{a}/index.html"], None),
        (["a*/index.html"], None),
        ([f"article-{n:06}/index.html" for n in range(5000)], None),  # over 100 KB
    ],
)
def test_a_shard_is_named_to_pagefind_by_a_glob_only_when_the_glob_is_exact(paths, glob):
    assert pages_glob(paths) == glob


def test_the_glob_makes_pagefind_index_those_pages_and_no_other(tmp_path):
    for name in ["one", "two", "three"]:
        (tmp_path / "site" / name).mkdir(parents=True)
        (tmp_path / "site" / name / "index.html").write_text(
            f"<html lang=en><body><main data-pagefind-body><p>Page {name}</p></main></body></html>"
        )
    glob = pages_glob(["one/index.html", "three/index.html"])
    command = pagefind_command(tmp_path / "site", tmp_path / "bundle", glob)
    subprocess.run(command, check=True, capture_output=True)
    assert len(list((tmp_path / "bundle" / "fragment").iterdir())) == 2


def test_every_searchable_file_of_the_build_is_indexed_and_no_listing(site):
    pages = searchable_pages(
        site.root, content_patterns(read_settings(str(ROOT / "pelicanconf.py")))
    )
    searchable = {
        path.relative_to(site.root).as_posix()
        for path in site.root.rglob("*.html")
        if "data-pagefind-body" in path.read_text()
    }
    assert searchable, "the build marked nothing for search"
    assert set(pages) == searchable
    assert not [path for path in pages if path.startswith("tag/")]


def test_without_any_marked_page_every_matching_page_is_indexed(tmp_path):
    # As Pagefind does: data-pagefind-body narrows the index only once some page has it.
    for name in ["a", "b"]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(f"<p>{name}</p>")
    assert list(searchable_pages(tmp_path, ["*/index.html"])) == ["a/index.html", "b/index.html"]
    (tmp_path / "b" / "index.html").write_text("<main data-pagefind-body>b</main>")
    assert list(searchable_pages(tmp_path, ["*/index.html"])) == ["b/index.html"]


def test_the_site_ships_only_the_index_files_the_search_scripts_load(site):
    bundle = {path.name for path in (site.root / "pagefind").iterdir()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= bundle
    assert not [name for name in bundle if "-ui." in name or "highlight" in name]
