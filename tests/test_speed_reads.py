"""The speed layer keeps each Markdown file's rendering in the store, and uses it only while
nothing it depends on changed.

Each test marks the kept rendering of the article (a sentinel paragraph written into its store
entry), rebuilds, and sees whether the page came from the store or was rendered afresh.
"""

import dataclasses
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from plugins.clinic.images import ImageSources, PageImages
from plugins.speed.store import Store
from tests.projectcopy import copy_project, edit, pelican

ARTICLE = "content/articles/ketamine-vs-antidepressants.md"
PAGE = "output/ketamine-vs-antidepressants/index.html"
SENTINEL = "Served from the store."


def build(project, *settings):
    """Build with Pelican alone; `settings` (NAME=json) as the publishing pipeline gives them."""
    if settings:
        arguments = ["-s", "pelicanconf.py", "-o", "output", "-q", "-e", *settings]
        subprocess.run([sys.executable, "-m", "pelican", *arguments], cwd=project, check=False)
    else:
        pelican(project)
    return BeautifulSoup((project / PAGE).read_text(encoding="utf-8"), "html.parser")


def kept_renderings(project):
    """Return {entry name: (Rendered, images)} of every Markdown entry in the store."""
    store = Store(project / "cache", "any")  # an entry is read by its name, the key
    entries = sorted((project / "cache" / "markdown").glob("??/*"))
    return store, {entry.name: store.get_object("markdown", entry.name) for entry in entries}


def mark_kept_article(project):
    """Add the sentinel to the kept rendering of the article; return how many were marked."""
    store, entries = kept_renderings(project)
    marked = 0
    for key, (rendered, images) in entries.items():
        if "Neuroplasticity Benefits" in rendered.content:
            content = rendered.content + f"\n<p>{SENTINEL}</p>"
            store.put_object(
                "markdown", key, (dataclasses.replace(rendered, content=content), images)
            )
            marked += 1
    return marked


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project, built once, with its article's kept rendering marked."""
    project = copy_project(tmp_path / "project")
    monkeypatch.syspath_prepend(str(project / "plugins"))  # the entries hold clinic's records
    build(project)
    assert mark_kept_article(project) == 1
    return project


def test_an_unchanged_article_is_not_rendered_again(project):
    assert SENTINEL in build(project).get_text()


def test_nothing_is_kept_without_the_speed_plugin(project):
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nPLUGINS = [name for name in PLUGINS if name != "speed"]\n')
    assert SENTINEL not in build(project).get_text()


CHANGES = {
    "the article's text": (ARTICLE, "Neuroplasticity Benefits:", "Neuroplasticity benefits:"),
    "a settings file": ("pelicanconf.py", "MARKDOWN = {", 'MARKDOWN = {"tab_length": 4, '),
    "the alt text of its image": (
        "content/alt-text.toml",
        "Diagram of three nerve cells",
        "Drawing of three nerve cells",
    ),
    "the size of its image": (
        "content/images/neural-connections.svg",
        'width="800" height="450"',
        'width="960" height="540"',
    ),
    "the plugin's code": (
        "plugins/clinic/images.py",
        '"""Images:',
        '# A comment changes the code, so the key.\n"""Images:',
    ),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_to_what_the_rendering_depends_on_renders_it_again(project, change):
    edit(project, *change)
    assert SENTINEL not in build(project).get_text()


SETTINGS = {
    "a Markdown setting": 'MARKDOWN={"output_format": "html", "tab_length": 2}',
    "the decorative class": 'CLINIC_DECORATIVE_CLASS="ornament"',
    "an image option": 'CLINIC_IMAGE_SIZES="100vw"',
    "where theme images are": 'THEME_STATIC_DIR="assets"',
}


@pytest.mark.parametrize("setting", SETTINGS.values(), ids=SETTINGS.keys())
def test_a_setting_the_rendering_depends_on_renders_it_again(project, setting):
    assert SENTINEL not in build(project, setting).get_text()


def test_the_changed_inputs_show_on_the_page(project):
    edit(project, *CHANGES["the alt text of its image"])
    edit(project, *CHANGES["the size of its image"])
    page = build(project)
    image = page.find("img", src=lambda src: src and "neural-connections" in src)
    assert image["alt"].startswith("Drawing of three nerve cells")
    assert (image["width"], image["height"]) == ("960", "540")


def test_templates_and_faq_files_show_in_the_next_build_whatever_is_kept(project):
    edit(project, "theme/templates/partials/byline.html", "Published", "First published")
    edit(project, "content/faq/ketamine-therapy.md", "work?", "work, and when?")
    page = build(project)
    assert SENTINEL in page.get_text()  # its Markdown is the same, so it was kept
    assert "First published" in page.select_one(".byline").get_text()
    questions = [q.get_text() for q in page.select(".faq .faq-question")]
    assert "How quickly does ketamine therapy work, and when?" in questions


@pytest.mark.parametrize("setting", ["CLINIC_STRICT=true", 'CLINIC_DEPLOY_TARGET="rsync"'])
def test_a_strict_or_deploying_build_shares_the_renderings(project, setting):
    assert SENTINEL in build(project, setting).get_text()


def test_the_memo_key_leaves_out_only_what_a_read_finds_never_what_it_is_given():
    """MarkdownMemo keys on the repr of the page record's fields, but those marked repr=False:
    what the read finds or looks up as it goes. A field added with repr=False is left out of
    the key, so a kept rendering would ignore it: this test makes its author say it is one."""
    left_out = {
        f"{record.__name__}.{field.name}"
        for record in (PageImages, ImageSources)
        for field in dataclasses.fields(record)
        if not field.repr
    }
    found_as_it_reads = {
        "PageImages.problems",
        "PageImages.images",
        "ImageSources.found",
        "ImageSources.renditions",
    }
    assert left_out == found_as_it_reads
