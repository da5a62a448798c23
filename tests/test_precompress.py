"""Precompressed copies: .gz and .br beside text files, the same bytes once decompressed."""

import gzip
import os

import brotli

from publishing.precompress import MIN_SIZE, precompress_folder

PAGE = "<!doctype html><title>Ketamine</title>" + "<p>Ketamine-assisted psychotherapy.</p>" * 40


def test_text_files_get_gzip_and_brotli_copies_of_the_same_bytes(tmp_path):
    (tmp_path / "index.html").write_text(PAGE)
    precompress_folder(tmp_path)
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == PAGE.encode()
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()) == PAGE.encode()


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
