"""The publish build's last pass: each file minified, then compressed, on every core."""

import gzip
import os
import shutil

import brotli
import pytest

from plugins.speed.store import Store
from publishing.finish import finish_folder
from publishing.minify import minified

PAGE = "<!doctype html>\n<title>Ketamine</title>\n" + "<p>\n  Ketamine therapy.\n</p>\n" * 40
STYLE = "".join(f".note-{n} {{\n  margin: 0 auto;\n  max-width: {n}rem;\n}}\n" for n in range(40))


def write_site(folder):
    """Write pages, a stylesheet, a feed and files neither step takes; return the folder."""
    for number in range(40):
        (folder / f"p{number}").mkdir(parents=True)
        (folder / f"p{number}" / "index.html").write_text(PAGE + f"<p>Page {number}.</p>\n")
    (folder / "site.css").write_text(STYLE)
    (folder / "feed.xml").write_text("<feed>" + "<entry>Ketamine</entry>" * 40 + "</feed>")
    (folder / "photo.jpg").write_bytes(PAGE.encode())
    (folder / "pagefind").mkdir()
    (folder / "pagefind" / "pagefind.js").write_text("let  a =  1;\n" * 40)
    return folder


def files_of(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_each_file_is_minified_then_compressed_from_its_minified_bytes(tmp_path):
    site = write_site(tmp_path / "site")
    written = [p.relative_to(site) for p in finish_folder(site, workers=1)]
    assert len(written) == 2 * 43  # pages, CSS, feed, Pagefind's script: .gz and .br
    page = (site / "p0" / "index.html").read_text()
    assert page == minified(PAGE + "<p>Page 0.</p>\n", ".html")
    assert (site / "site.css").read_text() == minified(STYLE, ".css")
    assert (site / "pagefind" / "pagefind.js").read_text() == "let  a =  1;\n" * 40
    assert (site / "photo.jpg").read_bytes() == PAGE.encode()
    for copy in written:
        published = (site / copy.with_suffix("")).read_bytes()
        decompress = gzip.decompress if copy.suffix == ".gz" else brotli.decompress
        assert decompress((site / copy).read_bytes()) == published, copy


def test_the_files_are_the_same_bytes_however_many_workers_finish_them(tmp_path):
    one = write_site(tmp_path / "one")
    written = [p.relative_to(one) for p in finish_folder(one, workers=1)]
    for workers in (2, 4):
        site = write_site(tmp_path / f"pass-{workers}")
        copies = finish_folder(site, workers=workers)
        assert files_of(site) == files_of(one)
        assert [p.relative_to(site) for p in copies] == written


def finished_key(store, relative, folder):
    """Return the store's key for what the file at `relative` in `folder` becomes."""
    data = (folder / relative).read_bytes()
    minify = str(relative).endswith((".html", ".css"))
    return store.key("finished", os.path.splitext(relative)[1], minify, True, data)


def test_a_second_pass_takes_each_file_from_the_store(tmp_path):
    store = Store(tmp_path / "cache", "code version")
    first = finish_folder(write_site(tmp_path / "first"), store)
    second = write_site(tmp_path / "second")
    shutil.rmtree(tmp_path / "first")
    store.hits = 0
    assert len(finish_folder(second, store, workers=1)) == len(first)
    assert store.hits == 43  # pages, CSS, feed, script: one entry each, both steps in it
    assert len(list((tmp_path / "cache" / "finished").glob("??/*"))) == 43


def test_a_file_finished_once_is_taken_from_the_store_by_the_next_build(tmp_path):
    store = Store(tmp_path / "cache", "code version")
    last, new = write_site(tmp_path / "last"), write_site(tmp_path / "new")
    (new / "p1" / "index.html").write_text(PAGE + "<p>Edited.</p>\n")
    key = finished_key(store, "p0/index.html", last)
    finish_folder(last, store, workers=1)
    marked = (b"<!doctype html><title>from the store</title>", {".br": b"kept"})
    store.put_object("finished", key, marked)
    finish_folder(new, store, workers=1)
    assert (new / "p0" / "index.html").read_bytes() == marked[0]
    assert (new / "p0" / "index.html.br").read_bytes() == b"kept"
    assert not (new / "p0" / "index.html.gz").exists()
    edited = (new / "p1" / "index.html").read_bytes()
    assert edited == minified(PAGE + "<p>Edited.</p>\n", ".html").encode()
    assert brotli.decompress((new / "p1" / "index.html.br").read_bytes()) == edited


def test_a_file_the_minifier_leaves_as_it_is_is_not_stored_again(tmp_path):
    store = Store(tmp_path / "cache", "code version")
    site = write_site(tmp_path / "site")
    key = finished_key(store, "feed.xml", site)
    finish_folder(site, store, workers=1)
    kept, copies = store.get_object("finished", key)
    assert kept is None  # the file's own bytes: the key holds them
    assert set(copies) == {".gz", ".br"}


def test_a_copy_taken_from_the_store_is_a_new_file_an_edit_of_the_site_leaves_it_alone(
    tmp_path,
):
    store = Store(tmp_path / "cache", "code version")
    last, new = write_site(tmp_path / "last"), write_site(tmp_path / "new")
    finish_folder(last, store, workers=1)
    (last / "p0" / "index.html.br").write_bytes(b"edited in the site")
    (last / "p0" / "index.html").write_bytes(b"edited in the site")
    finish_folder(new, store, workers=1)
    page = (new / "p0" / "index.html").read_bytes()
    assert page == minified(PAGE + "<p>Page 0.</p>\n", ".html").encode()
    assert brotli.decompress((new / "p0" / "index.html.br").read_bytes()) == page
    assert (new / "p0" / "index.html.br").stat().st_nlink == 1


@pytest.mark.parametrize("damage", [b"", b"garbage", b"speed-store-1 finished"])
def test_a_damaged_entry_is_finished_afresh(tmp_path, damage):
    store = Store(tmp_path / "cache", "code version")
    first, second = write_site(tmp_path / "first"), write_site(tmp_path / "second")
    key = finished_key(store, "p0/index.html", first)
    finish_folder(first, store, workers=1)
    store.path("finished", key).write_bytes(damage)
    finish_folder(second, store, workers=1)
    assert files_of(second) == files_of(first)


def test_an_entry_holding_the_wrong_object_is_finished_afresh(tmp_path):
    store = Store(tmp_path / "cache", "code version")
    first, second = write_site(tmp_path / "first"), write_site(tmp_path / "second")
    key = finished_key(store, "p0/index.html", first)
    finish_folder(first, store, workers=1)
    for wrong in ({".br": b"a dict"}, (b"page", [b"a list"]), ("text", {}), (b"page", {1: b"x"})):
        store.put_object("finished", key, wrong)
        shutil.rmtree(second)
        finish_folder(write_site(second), store, workers=1)
        assert files_of(second) == files_of(first), wrong


def test_a_file_another_name_links_to_is_minified_as_a_new_file(tmp_path):
    site = write_site(tmp_path / "site")
    page, other = site / "p0" / "index.html", tmp_path / "elsewhere.html"
    os.link(page, other)
    lone = site / "p1" / "index.html"
    inode = lone.stat().st_ino
    finish_folder(site, workers=1)
    assert other.read_text() == PAGE + "<p>Page 0.</p>\n"  # the other name keeps its bytes
    assert page.read_bytes() != other.read_bytes()
    assert lone.stat().st_ino == inode  # rewritten in place: no other name to spare
