"""A page is rendered again only when something it shows changed, and never served stale.

Each test builds a copy of the project (the render cache on), changes one thing, builds again,
and compares the result byte for byte with a build of the same files that keeps no pages
(CLINIC_RENDER_CACHE off). A page taken from the cache is a hard link to the file kept there,
the file the earlier build wrote; a page rendered again is a new file: that tells which pages
the second build rendered.
"""

import os
import shutil
import subprocess
import sys

import pytest

from bench.plugin_overhead import write_content
from tests.projectcopy import copy_project, edit, snapshot
from tests.sitebuild import EDITOR_DIR, ROOT

ARTICLE = "content/articles/ketamine-vs-antidepressants.md"
ARTICLE_PAGE = "ketamine-vs-antidepressants/index.html"
SECOND = "content/articles/second-article.md"
SECOND_PAGE = "second-article/index.html"
# Its summary is made from its body: no Summary line. Its first paragraph is its summary.
SECOND_TEXT = """Title: A second article
Slug: second-article
Date: 2026-11-20 09:00
Category: Treatment
Tags: psychotherapy

The first paragraph of the second article, which its summary is made of.

A deeper paragraph, well past the fifty words a summary shows. {filler}

The last paragraph.
""".replace("{filler}", " ".join(["More words in this paragraph."] * 12))
BUILT_EACH_TIME = {"sitemap.xml"}  # pages without a date get the build's time as lastmod


def pelican(project, output, *settings, file="pelicanconf.py"):
    """Build a copied project into `output` with extra settings (NAME=json); fail if it fails."""
    command = [sys.executable, "-m", "pelican", "-s", file, "-o", str(output), "-q"]
    if settings:
        command += ["-e", *settings]  # one -e: Pelican keeps only the last of several
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def pages(output):
    """Return the HTML pages (and robots.txt) of a build, as site paths; not the web editor's
    page, which plugins/editor writes, never Pelican's renderer."""
    return {
        path.relative_to(output).as_posix()
        for path in output.rglob("*")
        if path.suffix in {".html", ".txt"}
        and path.is_file()
        and path.relative_to(output).parts[0] != EDITOR_DIR
    }


def inodes(output):
    """Return {page: inode} of a build: a page taken from the cache is the file kept there."""
    return {page: os.stat(output / page).st_ino for page in pages(output)}


def rendered(output, before):
    """Return the pages of a build that are not the very files an earlier build left."""
    return {page for page, inode in inodes(output).items() if before.get(page) != inode}


def site(output):
    """Return {path: bytes} of a build but for the files made anew each time."""
    return {path: data for path, data in snapshot(output).items() if path not in BUILT_EACH_TIME}


@pytest.fixture
def project(tmp_path):
    """A copy of the project with a second article, built once with the render cache."""
    project = copy_project(tmp_path / "project")
    (project / SECOND).write_text(SECOND_TEXT, encoding="utf-8")
    pelican(project, project / "output")
    return project


def rebuild(project, file="pelicanconf.py"):
    """Build again with the cache, and without it into another folder; return both outputs.

    Each into an empty folder, as every build of the pipeline is (Pelican alone keeps old files).
    """
    before = inodes(project / "output")
    shutil.rmtree(project / "output")
    cached = pelican(project, project / "output", file=file)
    fresh = pelican(project, project.parent / "fresh", "CLINIC_RENDER_CACHE=false", file=file)
    return cached, fresh, rendered(cached, before)


def test_an_unchanged_site_renders_no_page_and_is_the_same_site(project):
    first = site(project / "output")
    cached, fresh, again = rebuild(project)
    assert len(pages(cached)) > 10
    assert again == set()
    assert site(cached) == first == site(fresh)


def test_no_page_is_kept_when_the_setting_turns_the_cache_off(project):
    before = inodes(project / "output")
    shutil.rmtree(project / "output")
    output = pelican(project, project / "output", "CLINIC_RENDER_CACHE=false")
    assert rendered(output, before) == pages(output)


# Changes every page shows (or may show), each of which must render every page again.
EVERY_PAGE = {
    "a setting": ("pelicanconf.py", 'SITESUBTITLE = "', 'SITESUBTITLE = "Now: '),
    "a template": (
        "theme/templates/partials/footer.html",
        "</footer>",
        "<p>A new line in the footer.</p></footer>",
    ),
    "the FAQ section's template": (
        "theme/templates/partials/faq.html",
        '<div class="faq-answer">',
        '<div class="faq-answer" data-new>',
    ),
    "a theme static file": ("theme/static/css/site.css", ":root {", ":root { --new-colour: red;"),
    "a FAQ file an article shows": (
        "content/faq/ketamine-therapy.md",
        "unlike traditional antidepressants",
        "unlike most antidepressants",
    ),
    "an article's title": (ARTICLE, "Title: Ketamine-Assisted", "Title: Ketamine-assisted"),
    # Also the JSON-LD `caption` of the image, which the cache takes as derived from the file.
    "an image's alt text": (
        "content/alt-text.toml",
        "Illustration of a calm therapy room",
        "Drawing of a calm therapy room",
    ),
}


@pytest.mark.parametrize("change", EVERY_PAGE.values(), ids=EVERY_PAGE.keys())
def test_a_change_every_page_may_show_renders_every_page_again(project, change):
    edit(project, *change)
    cached, fresh, again = rebuild(project)
    assert again == pages(cached)
    assert site(cached) == site(fresh)


@pytest.mark.parametrize("plugin", ["clinic/faq.py", "reading_time/reading.py"])
def test_any_change_to_the_plugins_code_renders_every_page_again(project, plugin):
    with (project / "plugins" / plugin).open("a", encoding="utf-8") as code:
        code.write("\n# A comment: the code changed, so nothing kept is trusted.\n")
    cached, fresh, again = rebuild(project)
    assert again == pages(cached)
    assert site(cached) == site(fresh)


def test_a_deep_edit_of_an_article_with_its_own_summary_renders_only_its_page(project):
    # The same number of words: its reading time, which lists show, stays the same.
    edit(project, ARTICLE, "Neuroplasticity Benefits:", "Neuroplasticity benefits:")
    cached, fresh, again = rebuild(project)
    assert again == {ARTICLE_PAGE}
    assert site(cached) == site(fresh)
    assert "Neuroplasticity benefits:" in (cached / ARTICLE_PAGE).read_text(encoding="utf-8")


def test_a_deep_edit_renders_its_page_and_the_lists_showing_its_summary(project):
    edit(project, SECOND, "A deeper paragraph", "A changed paragraph")
    cached, fresh, again = rebuild(project)
    assert SECOND_PAGE in again
    assert "index.html" in again  # its summary is made from its body: the list reads it
    assert ARTICLE_PAGE not in again
    assert "clinic/index.html" not in again
    assert site(cached) == site(fresh)


def test_an_edit_of_the_first_paragraph_changes_the_summary_in_every_list(project):
    edit(project, SECOND, "The first paragraph", "The opening paragraph")
    cached, fresh, again = rebuild(project)
    assert {SECOND_PAGE, "index.html", "tag/psychotherapy/index.html"} <= again
    assert "The opening paragraph" in (cached / "index.html").read_text(encoding="utf-8")
    assert site(cached) == site(fresh)


def test_a_new_article_is_shown_everywhere_it_is_listed(project):
    text = SECOND_TEXT.replace("second-article", "third-article").replace("A second", "A third")
    (project / "content" / "articles" / "third-article.md").write_text(text, encoding="utf-8")
    cached, fresh, _again = rebuild(project)
    assert "third-article/index.html" in pages(cached)
    assert "A third article" in (cached / "index.html").read_text(encoding="utf-8")
    assert site(cached) == site(fresh)


def test_a_deleted_article_is_gone_from_every_page(project):
    (project / SECOND).unlink()
    cached, fresh, _again = rebuild(project)
    assert SECOND_PAGE not in pages(cached)
    assert "A second article" not in (cached / "index.html").read_text(encoding="utf-8")
    assert site(cached) == site(fresh)


def test_a_kept_page_is_never_changed_by_a_later_build_writing_over_it(project):
    """Pages are hard links to the cache: writing one afresh must not write into the cache."""
    edit(project, ARTICLE, "Neuroplasticity Benefits:", "Neuroplasticity benefits:")
    pelican(project, project / "output")  # rendered into the folder that held the link
    edit(project, ARTICLE, "Neuroplasticity benefits:", "Neuroplasticity Benefits:")
    cached, fresh, _again = rebuild(project)
    assert site(cached) == site(fresh)
    assert "Neuroplasticity Benefits:" in (cached / ARTICLE_PAGE).read_text(encoding="utf-8")


def test_a_publish_build_minifies_pages_without_changing_the_cache(project):
    """The minifier replaces files; the cache's copies keep the bytes their names hash."""
    import hashlib

    from publishing.pipeline import build_site

    settings = project / "publishconf.py"
    for _ in range(2):
        build_site(settings, project / "published", strict=True, precompress=True)
    files = project / "cache" / "clinic-pages" / "files"
    kept = list(files.iterdir())
    assert kept
    assert all(hashlib.sha256(file.read_bytes()).hexdigest() == file.name for file in kept)


ARTICLES = 60  # enough for the pages to be shared between two workers


def test_a_rebuild_on_two_workers_renders_only_the_edited_article(tmp_path):
    """The generated articles have a Summary line: no list reads their bodies."""
    write_content(tmp_path / "content", ARTICLES)
    (tmp_path / "generated.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PATH = 'content'\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nCACHE_PATH = 'cache'\nCLINIC_WORKERS = 2\n",
        encoding="utf-8",
    )
    pelican(tmp_path, tmp_path / "output", file="generated.py")
    article = tmp_path / "content" / "articles" / "article-7.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nAn added line.\n")
    cached, fresh, again = rebuild(tmp_path, file="generated.py")
    assert len(pages(cached)) > ARTICLES
    assert again == {"article-7/index.html"}
    assert site(cached) == site(fresh)
