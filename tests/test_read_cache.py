"""Rendered Markdown is kept between builds, and reused only while nothing it depends on changed.

Each test marks the kept rendering of the article (a sentinel paragraph written into the cache
file), rebuilds, and sees whether the page came from the cache or was rendered afresh.
"""

import dataclasses
import pickle

import pytest
from bs4 import BeautifulSoup

from tests.projectcopy import copy_project, edit, pelican

ARTICLE = "content/articles/ketamine-vs-antidepressants.md"
PAGE = "output/ketamine-vs-antidepressants/index.html"
SENTINEL = "Served from the cache."
CACHE = "cache/clinic-reads.pickle"


def build(project):
    pelican(project)
    return BeautifulSoup((project / PAGE).read_text(encoding="utf-8"), "html.parser")


def mark_kept_article(project):
    """Add the sentinel to the kept rendering of the article; return how many were marked."""
    file = project / CACHE
    entries = pickle.loads(file.read_bytes())
    marked = 0
    for key, rendered in entries.items():
        if "Neuroplasticity Benefits" in rendered.content:
            content = rendered.content + f"\n<p>{SENTINEL}</p>"
            entries[key] = dataclasses.replace(rendered, content=content)
            marked += 1
    file.write_bytes(pickle.dumps(entries))
    return marked


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project, built once, with its article's kept rendering marked."""
    project = copy_project(tmp_path / "project")
    monkeypatch.syspath_prepend(str(project / "plugins"))  # the cache holds clinic's classes
    build(project)
    assert mark_kept_article(project) == 1
    return project


def test_an_unchanged_article_is_not_rendered_again(project):
    assert SENTINEL in build(project).get_text()


def test_no_cache_is_read_when_the_setting_turns_it_off(project):
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nCLINIC_READ_CACHE = False\n")
    assert SENTINEL not in build(project).get_text()


CHANGES = {
    "the article's text": (ARTICLE, "Neuroplasticity Benefits:", "Neuroplasticity benefits:"),
    "a Markdown setting": ("pelicanconf.py", "MARKDOWN = {", 'MARKDOWN = {"tab_length": 4, '),
    "a setting of the plugin": (
        "pelicanconf.py",
        "CLINIC_STRICT = False",
        'CLINIC_STRICT = False\nCLINIC_DECORATIVE_CLASS = "ornament"',
    ),
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


def test_a_deleted_article_leaves_the_cache(project):
    (project / ARTICLE).unlink()
    pelican(project, check=False)  # only what the cache keeps matters here
    entries = pickle.loads((project / CACHE).read_bytes())
    assert not any("Neuroplasticity Benefits" in r.content for r in entries.values())


@pytest.mark.parametrize(
    "setting", ["CLINIC_STRICT = True", "CLINIC_WORKERS = 1", 'CLINIC_DEPLOY_TARGET = "rsync"']
)
def test_a_strict_parallel_or_deploying_build_shares_the_renderings(project, setting):
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f"\n{setting}\n")
    assert SENTINEL in build(project).get_text()
