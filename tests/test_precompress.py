"""Precompressed copies: .gz and .br beside text files, the same bytes once decompressed."""

import gzip
import os

import brotli
import pytest

from plugins.speed.store import Store
from publishing.pipeline import build_site
from publishing.precompress import (
    DOCUMENT_QUALITY,
    MIN_SIZE,
    SHARED_QUALITY,
    precompress_folder,
)
from tests.sitebuild import FIXTURE_CONTENT, ROOT

PAGE = "<!doctype html><title>Ketamine</title>" + "<p>Ketamine-assisted psychotherapy.</p>" * 40


def test_text_files_get_gzip_and_brotli_copies_of_the_same_bytes(tmp_path):
    (tmp_path / "index.html").write_text(PAGE)
    precompress_folder(tmp_path)
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == PAGE.encode()
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()) == PAGE.encode()


def test_pages_are_compressed_fast_and_what_every_page_loads_at_brotlis_best(tmp_path):
    style = "body { margin: 0 auto; max-width: 40rem; }\n" * 20
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "site.css").write_text(style)
    precompress_folder(tmp_path)
    page = brotli.compress(PAGE.encode(), mode=brotli.MODE_TEXT, quality=DOCUMENT_QUALITY)
    shared = brotli.compress(style.encode(), mode=brotli.MODE_TEXT, quality=SHARED_QUALITY)
    assert (tmp_path / "index.html.br").read_bytes() == page
    assert (tmp_path / "site.css.br").read_bytes() == shared
    assert page != brotli.compress(PAGE.encode(), mode=brotli.MODE_TEXT, quality=SHARED_QUALITY)


def test_small_binary_and_incompressible_files_are_left_alone(tmp_path):
    (tmp_path / "tiny.css").write_text("a{}")
    (tmp_path / "photo.jpg").write_bytes(PAGE.encode())
    (tmp_path / "noise.svg").write_bytes(os.urandom(MIN_SIZE * 4))
    precompress_folder(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["noise.svg", "photo.jpg", "tiny.css"]


def test_the_copies_are_the_same_bytes_every_build(tmp_path):
    (tmp_path / "index.html").write_text(PAGE)
    precompress_folder(tmp_path)
    first = (tmp_path / "index.html.gz").read_bytes()
    precompress_folder(tmp_path)
    assert (tmp_path / "index.html.gz").read_bytes() == first


def test_copies_are_the_same_bytes_however_many_workers_make_them(tmp_path):
    one, many = tmp_path / "one", tmp_path / "many"
    for folder in (one, many):
        for number in range(12):
            (folder / f"p{number}").mkdir(parents=True)
            (folder / f"p{number}" / "index.html").write_text(PAGE + f"<p>Page {number}.</p>")
    written = precompress_folder(one, workers=1)
    assert [p.relative_to(many) for p in precompress_folder(many, workers=4)] == [
        p.relative_to(one) for p in written
    ]
    assert all((many / p.relative_to(one)).read_bytes() == p.read_bytes() for p in written)
    assert len(written) == 24


def test_an_unchanged_file_reuses_the_copies_an_earlier_build_stored(tmp_path):
    store = Store(tmp_path / "cache", "code version")
    last, new = tmp_path / "last", tmp_path / "new"
    for folder in (last, new):
        folder.mkdir()
        (folder / "same.html").write_text(PAGE)
    (last / "changed.html").write_text(PAGE)
    (new / "changed.html").write_text(PAGE + "<p>Edited.</p>")
    precompress_folder(last, store)
    key = store.key("precompressed", ".html", PAGE.encode())  # the last build's page, both of them
    store.put_object("precompressed", key, {".br": b"kept"})  # marks the stored copies
    precompress_folder(new, store)
    assert (new / "same.html.br").read_bytes() == b"kept"
    assert (
        brotli.decompress((new / "changed.html.br").read_bytes())
        == (PAGE + "<p>Edited.</p>").encode()
    )


def test_a_reused_copy_is_a_new_file_an_edit_of_the_site_leaves_the_store_alone(tmp_path):
    store = Store(tmp_path / "cache", "code version")
    last, new = tmp_path / "last", tmp_path / "new"
    for folder in (last, new):
        folder.mkdir()
        (folder / "index.html").write_text(PAGE)
    precompress_folder(last, store)
    (last / "index.html.br").write_bytes(b"edited in the site")
    precompress_folder(new, store)
    assert brotli.decompress((new / "index.html.br").read_bytes()) == PAGE.encode()
    assert (new / "index.html.br").stat().st_nlink == 1


@pytest.mark.parametrize("damage", [b"", b"garbage", b"speed-store-1 precompressed"])
def test_a_damaged_entry_is_compressed_afresh(tmp_path, damage):
    store = Store(tmp_path / "cache", "code version")
    (tmp_path / "index.html").write_text(PAGE)
    precompress_folder(tmp_path, store)
    store.path("precompressed", store.key("precompressed", ".html", PAGE.encode())).write_bytes(
        damage
    )
    precompress_folder(tmp_path, store)
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()) == PAGE.encode()
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == PAGE.encode()


def test_after_a_settings_change_every_copy_matches_its_rebuilt_file(tmp_path):
    """Reuse is keyed by the bytes: a change to settings (or templates, or code) is never stale."""
    output = tmp_path / "output"
    build_site(
        ROOT / "publishconf.py", output, strict=True, precompress=True, content=FIXTURE_CONTENT
    )
    changed = tmp_path / "changedconf.py"
    changed.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"
        f"PATH = {str(FIXTURE_CONTENT)!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nCACHE_PATH = {str(tmp_path / 'cache')!r}\n"
        'SITESUBTITLE = "A subtitle changed in the settings"\n'
    )
    build_site(changed, output, strict=True, precompress=True)
    index = (output / "index.html").read_bytes()
    assert b"A subtitle changed in the settings" in index
    assert brotli.decompress((output / "index.html.br").read_bytes()) == index
    for copy in output.rglob("*.br"):
        assert brotli.decompress(copy.read_bytes()) == copy.with_suffix("").read_bytes(), copy
    for copy in output.rglob("*.gz"):
        assert gzip.decompress(copy.read_bytes()) == copy.with_suffix("").read_bytes(), copy
