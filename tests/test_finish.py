"""The publish build's last pass: each file minified, then compressed, on every core."""

import os
import shutil

from plugins.speed.store import Store
from publishing.finish import finish_ahead, finish_file, finish_folder
from publishing.minify import minify_folder
from publishing.precompress import precompress_folder

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


def test_one_pass_writes_what_minifying_then_compressing_write(tmp_path):
    steps = write_site(tmp_path / "steps")
    minify_folder(steps)
    written = [p.relative_to(steps) for p in precompress_folder(steps)]
    assert len(written) == 2 * 43  # pages, CSS, feed, Pagefind's script: .gz and .br
    for workers in (1, 2, 4):
        site = write_site(tmp_path / f"pass-{workers}")
        copies = finish_folder(site, workers=workers)
        assert files_of(site) == files_of(steps)
        assert [p.relative_to(site) for p in copies] == written


def test_a_second_pass_takes_both_from_the_store(tmp_path):
    store = Store(tmp_path / "cache", "code version")
    first = finish_folder(write_site(tmp_path / "first"), store)
    second = write_site(tmp_path / "second")
    shutil.rmtree(tmp_path / "first")
    store.hits = 0
    assert len(finish_folder(second, store, workers=1)) == len(first)
    assert store.hits == 41 + 43  # minified: pages and CSS; compressed: those, feed, script


def test_a_page_finished_ahead_leaves_the_pass_only_to_take_it_from_the_store(tmp_path):
    store = Store(tmp_path / "cache", "code version")
    site = write_site(tmp_path / "site")
    page = site / "p0" / "index.html"
    finish_ahead(page, "p0/index.html", store)
    assert page.read_text() == PAGE + "<p>Page 0.</p>\n"  # nothing of the site written
    store.hits = store.misses = 0
    finish_file((page, True, True), store)
    assert (store.hits, store.misses) == (2, 0)


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
