"""A warm build publishes what a cold build of the same sources would, whatever was edited.

A project copy (fixture content) is built as CI builds it (`invoke preview`: publish
settings, strict, minified, precompressed, Pagefind), keeping cache/ and output/ between
builds. After each edit a fresh copy of the same sources is built from nothing, and the two
output/ folders must hold the same files with the same bytes (.gz and .br are compared
decompressed too, to tell a stale page from other compression). Nothing here depends on how
the build caches: only on its output.
"""

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.warmcold import (
    ColdBuilds,
    WarmProject,
    append_to_each,
    files_under,
    flip_one_byte,
    old_mtime,
    other_png_of_same_size,
    replace_same_size,
    swap_entries,
    truncate_to_half,
    warnings_added,
    write_garbage,
)

ARTICLE = "content/articles/ketamine-vs-antidepressants.md"
FAQ = "content/faq/ketamine-therapy.md"
ALT_TEXT = "content/alt-text.toml"
ARTICLE_TEMPLATE = "theme/templates/article.html"

# A Jinja filter of the site's own, registered in its settings, whose text comes from a helper
# in another module, a module global and a closure made in the settings.
FILTER_MODULE = '''\
"""Jinja filters of the site."""

from site_wording import topics_heading

PUNCTUATION = ":"


def heading(text):
    return topics_heading(text) + PUNCTUATION
'''
HELPER_MODULE = '''\
"""Wording shared by the site's filters."""


def topics_heading(text):
    return text + " of this article"
'''
FILTER_SETTINGS = """
from site_filters import heading


def suffixed(suffix):
    def add_suffix(text):
        return text + suffix

    return add_suffix


JINJA_FILTERS = {"heading": heading, "suffixed": suffixed("")}
"""
# A Markdown extension of the site's own, in MARKDOWN, that rewords article bodies and FAQ
# answers alike (both say "within hours").
EXTENSION_MODULE = '''\
"""The site's own Markdown extension: the clinic's wording of a phrase."""

from markdown import Extension
from markdown.postprocessors import Postprocessor


class Wording(Postprocessor):
    def run(self, text):
        return text.replace("within hours", "within a few hours")


class WordingExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(Wording(md), "clinic-wording", 0)


def makeExtension(**kwargs):
    return WordingExtension(**kwargs)
'''


@pytest.fixture(scope="module")
def cold_builds(tmp_path_factory):
    """Cold builds of every project state the tests meet, each built once."""
    return ColdBuilds(tmp_path_factory.mktemp("cold"))


@pytest.fixture(scope="module")
def warm_project(tmp_path_factory, cold_builds):
    """One project copy, built once, that the whole sequence of edits is made in, in order."""
    return WarmProject(tmp_path_factory.mktemp("sequence") / "project", cold_builds)


@pytest.fixture
def fresh_project(tmp_path, cold_builds):
    """A project copy built once, for a test of its own."""
    return WarmProject(tmp_path / "project", cold_builds)


# The edits, each a function of the project ------------------------------------------------


def edit_article(project):
    project.edit(ARTICLE, "has evolved significantly", "has changed a great deal")


def edit_faq_answer(project):
    project.edit(FAQ, "with minimal side effects.", "with few side effects, and mild ones.")


def edit_alt_text(project):
    project.edit(ALT_TEXT, "two armchairs face", "two green armchairs face")


def replace_raster_image(project):
    """Another picture in the same PNG file, of the same size, with the old time."""
    image = project.path("content/images/social.png")
    with old_mtime(image):
        image.write_bytes(other_png_of_same_size(image.read_bytes()))


def replace_svg_image(project):
    """Other colours in the same SVG file, of the same size, with the old time."""
    image = project.path("content/images/therapy-room.svg")
    with old_mtime(image):
        replace_same_size(image, "#2f6f62", "#6f2f62")


def edit_template(project):
    project.edit(
        ARTICLE_TEMPLATE,
        '<h2 class="article-footer-title">Topics',
        '<h2 class="article-footer-title">Topics here',
    )


def edit_dev_setting(project):
    project.edit(
        "pelicanconf.py", 'DEFAULT_DATE_FORMAT = "%B %-d, %Y"', 'DEFAULT_DATE_FORMAT = "%-d %B %Y"'
    )


def edit_publish_setting(project):
    project.edit("publishconf.py", '"https://example.org"', '"https://clinic.example.org"')


def add_filter(project):
    """Register the site's filters in its settings and show them in the article template."""
    project.write("site_filters.py", FILTER_MODULE)
    project.write("site_wording.py", HELPER_MODULE)
    project.append("pelicanconf.py", FILTER_SETTINGS)
    project.edit(
        ARTICLE_TEMPLATE,
        '"article-footer-title">Topics',
        "\"article-footer-title\">{{ 'Topics'|heading|suffixed }}",
    )


def edit_filter_helper(project):
    """Change only the helper, in another module, that the filter calls."""
    project.edit("site_wording.py", '" of this article"', '" of this page"')


def edit_filter_global(project):
    """Change only a module global the filter reads."""
    project.edit("site_filters.py", 'PUNCTUATION = ":"', 'PUNCTUATION = " -"')


def edit_filter_closure(project):
    """Change only the value a filter made in the settings closes over."""
    project.edit("pelicanconf.py", 'suffixed("")', 'suffixed(" (2)")')


def add_markdown_extension(project):
    project.write("site_wording_extension.py", EXTENSION_MODULE)
    settings = '\nMARKDOWN["extension_configs"]["site_wording_extension"] = {}\n'
    project.append("pelicanconf.py", settings)


def edit_markdown_extension(project):
    """Change only the code of the Markdown extension."""
    project.edit("site_wording_extension.py", '"within a few hours"', '"in a matter of hours"')


def edit_pagefind_options(project):
    """Give Pagefind one more option where the project starts it."""
    project.edit(
        "plugins/theme_support/search_index.py", '"--quiet"]', '"--quiet", "--keep-index-url"]'
    )


def add_pagefind_config(project):
    """Give Pagefind options in its own config file, which it reads where it runs."""
    project.write("pagefind.yml", 'exclude_selectors:\n  - "h2"\n')


def edit_search_shards(project):
    """Split the search index into more bundles (a setting of the theme's plugin)."""
    project.edit("publishconf.py", "PAGES_PER_SHARD = 500", "PAGES_PER_SHARD = 1")


def edit_compression_code(project):
    project.edit("publishing/precompress.py", "compresslevel=9", "compresslevel=1")
    project.edit("publishing/precompress.py", "DOCUMENT_QUALITY = 8", "DOCUMENT_QUALITY = 4")


def edit_minify_code(project):
    project.edit(
        "publishing/minify.py",
        '"minify_js": True}',
        '"minify_js": True, "keep_closing_tags": True}',
    )


SAME_SIZE_FILE = "plugins/clinic/jsonld.py"


def edit_code_same_size_old_mtime(project):
    """Change a string of a plugin module for one as long, then give it back its time."""
    project.compile_bytecode()
    with old_mtime(project.path(SAME_SIZE_FILE)):
        replace_same_size(project.path(SAME_SIZE_FILE), '"#webpage"', '"#thepage"')


def touch_same_size_file(project):
    os.utime(project.path(SAME_SIZE_FILE))


def nothing(project):
    """No edit: a second build of the same sources."""


# The sequence, in order, on one warm project: (step, edit, whether it changes the site).
# Steps build on earlier ones (a filter's helper is edited after the filter is added), as a
# writer's edits do on one checkout; after a step that fails, the project starts again from
# nothing, so each failure is the step's own.
SEQUENCE = [
    ("a second build, nothing edited", nothing, False),
    ("an article's text", edit_article, True),
    ("an FAQ answer", edit_faq_answer, True),
    ("an image's alt text", edit_alt_text, True),
    ("a PNG replaced, same size, old mtime", replace_raster_image, True),
    ("an SVG replaced, same size, old mtime", replace_svg_image, True),
    ("a template", edit_template, True),
    ("a setting of pelicanconf.py", edit_dev_setting, True),
    ("a setting of publishconf.py", edit_publish_setting, True),
    ("a Jinja filter added in the settings", add_filter, True),
    ("the filter's helper in another module", edit_filter_helper, True),
    ("a module global the filter reads", edit_filter_global, True),
    ("a closure the filter was made with", edit_filter_closure, True),
    ("a Markdown extension added to MARKDOWN", add_markdown_extension, True),
    ("the Markdown extension's code", edit_markdown_extension, True),
    ("Pagefind's options", edit_pagefind_options, True),
    ("a Pagefind config file", add_pagefind_config, True),
    ("the search index's shards", edit_search_shards, True),
    ("the compression code", edit_compression_code, True),
    ("the minify code", edit_minify_code, True),
    ("a same-size code edit with its old mtime", edit_code_same_size_old_mtime, True),
    ("that file touched", touch_same_size_file, False),
    ("a last build, nothing edited", nothing, False),
]


@pytest.mark.parametrize(
    ("step", "edit", "changes_site"), SEQUENCE, ids=[step for step, _, _ in SEQUENCE]
)
def test_warm_build_equals_cold_build_after_each_edit(warm_project, step, edit, changes_site):
    """Every kind of edit of issue 20's list, each followed by a warm and a cold build."""
    edit(warm_project)
    warm_project.assert_equals_cold(step, changes_site=changes_site)


# Any sequence of content edits --------------------------------------------------------------

WORDS = ["calm", "care", "clinic", "evening", "guided", "hours", "mood", "relief", "session"]
WORDS += ["sleep", "support", "therapy", "weeks", "morning", "plan", "rest"]
sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=10).map(" ".join)


def add_paragraph(project, words):
    project.append(ARTICLE, f"\n\n{words.capitalize()}.\n")


def reword_faq_answer(project, words):
    replace_line(project, FAQ, "Individuals with ", f"Individuals with {words}.")


def reword_alt_text(project, words):
    text = project.path(ALT_TEXT).read_text(encoding="utf-8")
    header = '["images/neural-connections.svg"]\nalt = '
    start = text.index(header) + len(header)
    end = text.index("\n", start)
    project.write(ALT_TEXT, f'{text[:start]}"Diagram of {words}."{text[end:]}')


def retitle_article(project, words):
    replace_line(project, ARTICLE, "Title: ", f"Title: {words.capitalize()}")


def replace_line(project, name, start, line):
    """Replace the first line of a project file that begins with `start`."""
    lines = project.path(name).read_text(encoding="utf-8").split("\n")
    at = next(i for i, text in enumerate(lines) if text.startswith(start))
    project.write(name, "\n".join([*lines[:at], line, *lines[at + 1 :]]))


CONTENT_EDITS = {
    "a paragraph added to the article": add_paragraph,
    "an FAQ answer reworded": reword_faq_answer,
    "an image's alt text reworded": reword_alt_text,
    "the article retitled": retitle_article,
}
content_edits = st.tuples(st.sampled_from(sorted(CONTENT_EDITS)), sentences)


# Each example builds six times: a few examples, not shrunk (shrinking would build dozens).
@settings(
    max_examples=2,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(edits=st.lists(content_edits, min_size=3, max_size=3))
def test_warm_build_equals_cold_build_after_any_content_edits(warm_project, edits):
    for number, (kind, words) in enumerate(edits, start=1):
        CONTENT_EDITS[kind](warm_project, words)
        # The same edit drawn twice changes nothing the second time: no change is asked for.
        warm_project.assert_equals_cold(
            f"content edit {number} of {len(edits)}: {kind} ({words!r})", changes_site=False
        )


# The five stale cases of issue 20, each on a project of its own ------------------------------

FILTER_EDITS = {
    "helper in another module": edit_filter_helper,
    "module global": edit_filter_global,
    "closure": edit_filter_closure,
}


@pytest.mark.parametrize(("read", "edit"), FILTER_EDITS.items(), ids=FILTER_EDITS.keys())
def test_a_filter_shows_the_code_it_reads_outside_itself(fresh_project, read, edit):
    add_filter(fresh_project)
    fresh_project.assert_equals_cold("a Jinja filter added in the settings")
    edit(fresh_project)
    fresh_project.assert_equals_cold(f"an edit of only the {read} the filter reads")


PAGEFIND_OPTIONS = {
    "in the command": edit_pagefind_options,
    "in pagefind.yml": add_pagefind_config,
}


@pytest.mark.parametrize("where", PAGEFIND_OPTIONS, ids=PAGEFIND_OPTIONS.keys())
def test_a_change_of_pagefind_options_rebuilds_the_search_index(fresh_project, where):
    PAGEFIND_OPTIONS[where](fresh_project)
    fresh_project.assert_equals_cold(f"an option given to Pagefind {where}")


def test_a_change_of_the_compression_code_recompresses(fresh_project):
    edit_compression_code(fresh_project)
    fresh_project.assert_equals_cold("a change of compression levels in the code")


def test_a_change_of_a_markdown_extension_renders_bodies_and_answers_again(fresh_project):
    add_markdown_extension(fresh_project)
    fresh_project.assert_equals_cold("a Markdown extension added to MARKDOWN")
    edit_markdown_extension(fresh_project)
    fresh_project.assert_equals_cold("an edit of the Markdown extension's code")


def test_a_same_size_code_edit_with_its_old_mtime_runs_the_new_code(fresh_project):
    """As `cp -p`, `rsync -a` or `tar` leave it; and again once the file is touched."""
    edit_code_same_size_old_mtime(fresh_project)
    step = "a same-size code edit with its old mtime"
    problems = [fresh_project.mismatch(step, start_again=False)]
    touch_same_size_file(fresh_project)
    problems.append(fresh_project.mismatch("the same file touched", changes_site=False))
    if any(problems):
        pytest.fail("\n\n".join(filter(None, problems)), pytrace=False)


# What builds keep, damaged ---------------------------------------------------------------


def test_an_edit_in_output_does_not_survive_the_next_build(fresh_project):
    """A published file edited in place (a writer's fix, a stray tool) is built again."""
    append_to_each(files_under(fresh_project.path("output")), b"\n<!-- edited in output/ -->\n")
    fresh_project.assert_equals_cold(
        "an edit of every file in output/ (appended to, in place)", changes_site=False
    )


DAMAGE = {
    "overwritten with garbage": write_garbage,
    "truncated to half": truncate_to_half,
    "with one byte flipped": flip_one_byte,
    "swapped with another entry": swap_entries,
}


@pytest.mark.parametrize("damage", DAMAGE, ids=DAMAGE.keys())
def test_a_damaged_cache_is_rebuilt_with_a_warning_never_published(fresh_project, damage):
    """Every file under cache/ damaged in place, whatever the layout of the cache."""
    files = files_under(fresh_project.path("cache"))
    assert files, "the build kept nothing in cache/ to damage"
    clean_log = fresh_project.log
    DAMAGE[damage](files)
    step = f"every file under cache/ {damage}"
    problem = fresh_project.mismatch(step, changes_site=False, start_again=False)
    problems = [problem] if problem else []
    log = fresh_project.log
    if "Traceback" in log:
        problems.append(f"after {step}: the build showed a traceback")
    if not warnings_added(clean_log, log):
        problems.append(f"after {step}: the build gave no warning of the damage")
    if problems and log not in problems[0]:
        problems.append(f"the build's log:\n{log}")
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)
