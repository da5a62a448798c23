"""Spare files: a rebuild writes its files over those of the site it replaced, never over a
file another name links to, and the site is what new files would make (plugins/speed/spares.py).
"""

import os
import shutil
import stat

import pytest

from plugins.speed.spares import Spares, keep
from publishing.pipeline import build_site
from tests.projectcopy import built_copy, edit, invoke, snapshot

ARTICLE = "content/articles/ketamine-vs-antidepressants.md"


ARTICLE = "content/articles/ketamine-vs-antidepressants.md"


def inodes(folder):
    """{inode number: path} of the files under `folder`."""
    return {
        os.stat(os.path.join(root, name)).st_ino: os.path.join(root, name)
        for root, _, names in os.walk(folder)
        for name in names
    }


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def replaced_site(tmp_path):
    """A site as a build leaves it when replaced: pages in folders, one file linked from
    elsewhere (a static file Pelican hard-linked from the content) and one symbolic link."""
    site = tmp_path / "old-site"
    (site / "a-page").mkdir(parents=True)
    (site / "a-page" / "index.html").write_text("old page")
    (site / "index.html").write_text("old index")
    content_image = tmp_path / "content-photo.jpg"
    content_image.write_bytes(b"the writer's photo")
    os.link(content_image, site / "photo.jpg")
    (site / "link.html").symlink_to(site / "index.html")
    return site


def test_a_replaced_sites_files_become_spares_and_its_folders_stay(replaced_site, tmp_path):
    spares = tmp_path / "spares"
    keep(replaced_site, spares)
    assert len(os.listdir(spares)) == 2  # the two pages
    assert sorted(os.listdir(replaced_site)) == ["a-page"]
    assert os.listdir(replaced_site / "a-page") == []


def test_a_file_another_name_links_to_is_never_a_spare(replaced_site, tmp_path):
    spares = tmp_path / "spares"
    keep(replaced_site, spares)
    folder = tmp_path / "new-site"
    folder.mkdir()
    taker = Spares(spares)
    for number in range(3):
        target = folder / f"page-{number}.html"
        taker.take(target)
        target.write_text(f"new page {number}")
    assert (tmp_path / "content-photo.jpg").read_bytes() == b"the writer's photo"
    assert os.stat(tmp_path / "content-photo.jpg").st_nlink == 1
    assert snapshot(folder) == {f"page-{n}.html": f"new page {n}".encode() for n in range(3)}


def test_a_file_written_over_a_spare_has_only_its_new_bytes_and_a_new_files_mode(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    (old / "script.sh").write_bytes(b"a long old file " * 100)
    (old / "script.sh").chmod(0o700)
    keep(old, tmp_path / "spares")
    target = tmp_path / "page.html"
    assert Spares(tmp_path / "spares").take(target)
    target.write_bytes(b"short")
    assert target.read_bytes() == b"short"
    umask = os.umask(0)
    os.umask(umask)
    assert mode_of(target) == 0o666 & ~umask


def test_a_spare_is_never_put_where_a_file_is(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "spare").write_text("spare")
    keep(tmp_path / "old", tmp_path / "spares")
    written = tmp_path / "written.html"
    written.write_text("written by this build")
    assert not Spares(tmp_path / "spares").take(written)
    assert written.read_text() == "written by this build"
    assert len(os.listdir(tmp_path / "spares")) == 1


def test_a_spare_another_process_took_is_skipped(tmp_path):
    (tmp_path / "old").mkdir()
    for name in "ab":
        (tmp_path / "old" / name).write_text(name)
    keep(tmp_path / "old", tmp_path / "spares")
    spares = Spares(tmp_path / "spares")
    spares.names = spares.list_names()
    os.unlink(tmp_path / "spares" / spares.names[-1])  # taken by another build meanwhile
    assert spares.take(tmp_path / "page.html")
    assert not spares.take(tmp_path / "other.html")  # none left: a new file, as without spares


def test_without_spares_nothing_is_taken(tmp_path):
    assert not Spares(tmp_path / "no-such-folder").take(tmp_path / "page.html")
    assert not (tmp_path / "page.html").exists()


def test_the_spares_a_build_did_not_take_are_deleted_at_the_next_keep(tmp_path):
    for number in range(2):
        site = tmp_path / f"site-{number}"
        site.mkdir()
        for page in range(5 - 3 * number):  # five files, then two
            (site / f"{page}.html").write_text("page")
        keep(site, tmp_path / "spares")
    assert len(os.listdir(tmp_path / "spares")) == 2


@pytest.fixture(scope="module", params=["build", "preview"])
def rebuilt_project(request, tmp_path_factory):
    """A project copy built three times by `invoke TASK`, an article edited before each
    rebuild (else the build record would spare it): (project, task, the spares before the
    last build)."""
    task = request.param
    project = built_copy(tmp_path_factory.mktemp("spares") / "project", task)
    spares = set()
    for edited in ["Ketamine (edited)", "Ketamine (edited twice)"]:
        if (project / ".output.spare").is_dir():
            spares = {os.stat(e.path).st_ino for e in os.scandir(project / ".output.spare")}
        edit(project, ARTICLE, "Ketamine", edited)
        result = invoke(project, task)  # the first leaves the first site's files as spares
        assert result.returncode == 0, result.stdout + result.stderr
    return project, task, spares


def test_a_rebuild_writes_its_pages_search_files_and_compressed_copies_over_spares(
    rebuilt_project,
):
    """Pelican opens each page through Writer._open_w (the one part of Pelican's writer the
    speed layer relies on): if it stopped, the pages would be new files and this would fail.
    Copied files (the theme's, the editor's, images) and a few small ones are new files still.
    """
    project, task, spares = rebuilt_project
    output = project / "output"
    files = {os.path.relpath(path, output): ino for ino, path in inodes(output).items()}
    written = [
        path
        for path in files
        if (path.endswith(".html") and not path.startswith("admin/"))
        or (path.startswith("pagefind/") and path != "pagefind/shards.json")
        or path.endswith((".gz", ".br"))
    ]
    assert len(written) >= 20
    if task == "preview":
        assert any(path.endswith(".br") for path in written)
    assert [path for path in written if files[path] not in spares] == []


def test_a_rebuild_over_spares_is_the_site_new_files_make(rebuilt_project, tmp_path):
    project, task, _ = rebuilt_project
    settings = "publishconf.py" if task == "preview" else "pelicanconf.py"
    build_site(project / settings, tmp_path / "new", strict=True, precompress=task == "preview")
    assert snapshot(project / "output") == snapshot(tmp_path / "new")


@pytest.mark.parametrize("rebuilt_project", ["build"], indirect=True)
def test_invoke_clean_removes_the_spares_and_the_folders_kept_for_the_next_build(
    rebuilt_project, tmp_path
):
    project, _, _ = rebuilt_project
    copy = tmp_path / "project"
    shutil.copytree(project, copy, symlinks=True)
    assert (copy / ".output.spare").is_dir()
    assert (copy / ".output.skeleton").is_dir()
    result = invoke(copy, "clean")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [path.name for path in copy.iterdir() if path.name.startswith(("output", ".output"))]
