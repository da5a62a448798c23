"""Spare files: a rebuild writes its files over those of the site it replaced, never over a
file another name links to, and the site is what new files would make (plugins/speed/spares.py).
"""

import os
import shutil
import stat

import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.writers import FileOverwriteFailedError

from plugins.speed.spares import Spares, keep
from plugins.speed.writer import SpareWriter
from publishing.pipeline import build_site
from tests.projectcopy import built_copy, edit, invoke, snapshot

ARTICLE = "content/articles/ketamine-vs-antidepressants.md"


def files_of(folder):
    """{path in `folder`: inode number} of the files under `folder`."""
    return {
        os.path.relpath(os.path.join(root, name), folder): os.stat(os.path.join(root, name)).st_ino
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
    (site / "a-page" / "index.html").write_text("old page, longer than the new one")
    (site / "index.html").write_text("old index")
    content_image = tmp_path / "content-photo.jpg"
    content_image.write_bytes(b"the writer's photo")
    os.link(content_image, site / "photo.jpg")
    (site / "link.html").symlink_to(site / "index.html")
    return site


@pytest.fixture
def new_site(tmp_path, replaced_site):
    """An empty staging folder with the replaced site's folders, its files kept as spares."""
    keep(replaced_site, tmp_path / "spares")
    return replaced_site  # now the skeleton a build renders into


def test_a_replaced_sites_files_become_spares_and_its_folders_stay(new_site, tmp_path):
    assert len(os.listdir(tmp_path / "spares")) == 2  # the two pages
    assert sorted(os.listdir(new_site)) == ["a-page"]
    assert os.listdir(new_site / "a-page") == []


def test_a_file_is_written_over_its_own_spare_and_holds_only_its_new_bytes(new_site, tmp_path):
    spares = Spares(tmp_path / "spares", new_site)
    spares.write_bytes(new_site / "a-page" / "index.html", b"new page")
    with spares.open_text(new_site / "index.html", "utf-8") as stream:
        stream.write("new index")
    assert snapshot(new_site) == {"a-page/index.html": b"new page", "index.html": b"new index"}
    assert os.listdir(tmp_path / "spares") == []  # both taken


def test_a_file_new_to_the_site_is_a_new_file(new_site, tmp_path):
    spares = Spares(tmp_path / "spares", new_site)
    spares.write_bytes(new_site / "new.html", b"new")
    assert (new_site / "new.html").read_bytes() == b"new"
    assert len(os.listdir(tmp_path / "spares")) == 2


def test_a_file_another_name_links_to_is_never_a_spare(new_site, tmp_path):
    spares = Spares(tmp_path / "spares", new_site)
    spares.write_bytes(new_site / "photo.jpg", b"a rendition written where the photo was")
    assert (tmp_path / "content-photo.jpg").read_bytes() == b"the writer's photo"
    assert os.stat(tmp_path / "content-photo.jpg").st_nlink == 1


def test_a_file_written_over_a_spare_has_a_new_files_mode(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "page.html").write_bytes(b"an old file")
    (tmp_path / "old" / "page.html").chmod(0o700)
    keep(tmp_path / "old", tmp_path / "spares")
    Spares(tmp_path / "spares", tmp_path / "old").write_bytes(tmp_path / "old" / "page.html", b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert mode_of(tmp_path / "old" / "page.html") == 0o666 & ~umask


def test_a_spare_is_never_put_where_a_file_is(new_site, tmp_path):
    spares = Spares(tmp_path / "spares", new_site)
    (new_site / "index.html").write_text("written by this build")
    assert not spares.take(new_site / "index.html")
    assert (new_site / "index.html").read_text() == "written by this build"


def test_a_spare_another_process_took_is_no_spare(new_site, tmp_path):
    for name in os.listdir(tmp_path / "spares"):
        os.unlink(tmp_path / "spares" / name)  # taken by another build meanwhile
    spares = Spares(tmp_path / "spares", new_site)
    spares.write_bytes(new_site / "index.html", b"new index")
    assert (new_site / "index.html").read_bytes() == b"new index"


def test_the_spares_a_build_did_not_take_are_deleted_at_the_next_keep(tmp_path):
    for number in range(2):
        site = tmp_path / f"site-{number}"
        site.mkdir()
        for page in range(5 - 3 * number):  # five files, then two
            (site / f"{number}-{page}.html").write_text("page")
        keep(site, tmp_path / "spares")
    assert len(os.listdir(tmp_path / "spares")) == 2


def test_a_spare_folder_that_is_a_link_is_refused_and_what_it_points_to_left_alone(
    replaced_site, tmp_path
):
    elsewhere = tmp_path / "notes"
    elsewhere.mkdir()
    (elsewhere / "notes.md").write_text("a writer's notes")
    (tmp_path / "spares").symlink_to(elsewhere)
    with pytest.raises(OSError, match="symbolic link"):
        keep(replaced_site, tmp_path / "spares")
    assert snapshot(elsewhere) == {"notes.md": b"a writer's notes"}
    assert not Spares(tmp_path / "spares", replaced_site).take(replaced_site / "new.html")


def test_pelicans_refusal_of_a_second_write_holds_for_files_written_over_spares(new_site, tmp_path):
    """SpareWriter records a file written over its spare as Pelican's Writer does: if
    Pelican's bookkeeping changed under it, the second write would pass and this fail."""
    writer = SpareWriter(
        str(new_site), settings={**DEFAULT_CONFIG, "SPEED_SPARE_FILES": str(tmp_path / "spares")}
    )
    page = str(new_site / "index.html")
    with writer._open_w(page, "utf-8") as stream:
        stream.write("first")
    assert len(os.listdir(tmp_path / "spares")) == 1  # it was written over its spare
    with pytest.raises(FileOverwriteFailedError):
        writer._open_w(page, "utf-8")
    os.unlink(page)  # gone from the disk, still written in this run
    with pytest.raises(FileOverwriteFailedError):
        writer._open_w(page, "utf-8")
    (new_site / "index.html").write_text("first")
    other = str(new_site / "a-page" / "index.html")
    with writer._open_w(other, "utf-8", override=True) as stream:
        stream.write("overriding")
    with writer._open_w(other, "utf-8") as stream:  # skipped: Pelican writes to os.devnull
        stream.write("not written")
    with pytest.raises(FileOverwriteFailedError):
        writer._open_w(other, "utf-8", override=True)
    assert snapshot(new_site) == {"index.html": b"first", "a-page/index.html": b"overriding"}


@pytest.fixture(scope="module", params=["build", "preview"])
def rebuilt_project(request, tmp_path_factory):
    """A project copy built three times by `invoke TASK`, an article edited before each
    rebuild (else the build record would spare it): (project, task, {path: inode} of the first
    build's files, which the second keeps as spares and the third writes over)."""
    task = request.param
    project = built_copy(tmp_path_factory.mktemp("spares") / "project", task)
    first = files_of(project / "output")
    for edited in ["Ketamine (edited)", "Ketamine (edited twice)"]:
        edit(project, ARTICLE, "Ketamine", edited)
        result = invoke(project, task)
        assert result.returncode == 0, result.stdout + result.stderr
    return project, task, first


def test_a_rebuild_writes_its_pages_search_files_and_compressed_copies_over_their_spares(
    rebuilt_project,
):
    """Pelican opens each page through Writer._open_w (one of the two parts of Pelican's
    writer the speed layer relies on): if it stopped, the pages would be new files and this
    would fail. Copied files (the theme's, the editor's, images) and a few small ones are new
    files still."""
    project, task, first = rebuilt_project
    files = files_of(project / "output")
    written = [
        path
        for path in files
        if (path.endswith(".html") and not path.startswith("admin/"))
        or (path.startswith("pagefind/") and path != "pagefind/shards.json")
        or path.endswith((".gz", ".br"))
    ]
    if task == "preview":
        assert any(path.endswith(".br") for path in written)
    # The search's files are named by a hash of what they hold: an edit renames a few.
    again = [path for path in written if path in first]
    assert [path for path in written if path.endswith(".html") and path not in again] == []
    assert len(again) >= 20
    assert [path for path in again if files[path] != first[path]] == []


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
