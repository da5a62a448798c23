"""Precompressed copies: .gz and .br beside text files, the same bytes once decompressed."""

import gzip
import os

import brotli

from publishing.finish import finish_folder
from publishing.pipeline import build_site
from publishing.precompress import DOCUMENT_QUALITY, MIN_SIZE, SHARED_QUALITY
from tests.sitebuild import FIXTURE_CONTENT, ROOT

PAGE = "<!doctype html><title>Ketamine</title>" + "<p>Ketamine-assisted psychotherapy.</p>" * 40


def finished_folder(folder):
    """Finish `folder` as a publish build does, on one worker: minified, then compressed."""
    return finish_folder(folder, workers=1)


def test_text_files_get_gzip_and_brotli_copies_of_the_same_bytes(tmp_path):
    (tmp_path / "index.html").write_text(PAGE)
    finished_folder(tmp_path)
    published = (tmp_path / "index.html").read_bytes()
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == published
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()) == published


def test_pages_are_compressed_fast_and_what_every_page_loads_at_brotlis_best(tmp_path):
    style = "".join(f".note-{n} {{ margin: 0 auto; max-width: {n}rem; }}\n" for n in range(40))
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "site.css").write_text(style)
    finished_folder(tmp_path)
    page, style = (tmp_path / "index.html").read_bytes(), (tmp_path / "site.css").read_bytes()
    compressed_page = brotli.compress(page, mode=brotli.MODE_TEXT, quality=DOCUMENT_QUALITY)
    shared = brotli.compress(style, mode=brotli.MODE_TEXT, quality=SHARED_QUALITY)
    assert (tmp_path / "index.html.br").read_bytes() == compressed_page
    assert (tmp_path / "site.css.br").read_bytes() == shared
    assert compressed_page != brotli.compress(page, mode=brotli.MODE_TEXT, quality=SHARED_QUALITY)


def test_small_binary_and_incompressible_files_are_left_alone(tmp_path):
    (tmp_path / "tiny.css").write_text("a{}")
    (tmp_path / "photo.jpg").write_bytes(PAGE.encode())
    (tmp_path / "noise.txt").write_bytes(os.urandom(MIN_SIZE * 4))
    finished_folder(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["noise.txt", "photo.jpg", "tiny.css"]


def test_the_copies_are_the_same_bytes_every_build(tmp_path):
    (tmp_path / "index.html").write_text(PAGE)
    finished_folder(tmp_path)
    first = (tmp_path / "index.html.gz").read_bytes()
    finished_folder(tmp_path)
    assert (tmp_path / "index.html.gz").read_bytes() == first


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
