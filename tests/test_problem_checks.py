"""The checks behind strict builds, as pure functions, and settings stopped at start-up."""

import datetime
import logging

import pytest

from plugins.clinic.inventory import duplicate_outputs, overlong_outputs, unread_problems
from plugins.clinic.links import traced
from plugins.clinic.pelican_log import problem_from_record
from plugins.clinic.problems import Problem, errors, report, summary
from publishing.checks import Problem as SiteProblem
from publishing.checks import anchor_problems, dead_anchors, malformed_url, read_page
from tests.badsites import build, make_site
from tests.projectcopy import snapshot


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://example.org/page", None),
        ("http://localhost:8000/", None),
        ("mailto:hello@example.org", None),
        ("/clinic/", None),
        ("https:/example.org", "no host name"),
        ("https://", "no host name"),
        ("htps://example.org", "unknown scheme 'htps'"),
        ("https://exa mple.org/", "no host name"),
        ("https://example.org/a b", "spaces in the URL"),
    ],
)
def test_external_urls_must_be_well_formed(url, reason):
    found = malformed_url(url)
    assert (found is None) if reason is None else (reason in found)


def test_an_anchor_must_name_an_id_on_its_page():
    about = read_page("about/index.html", '<h2 id="team">Team</h2><a name="old"></a>')
    text = '<a href="../about/#team">ok</a>\n<a href="../about/#old">ok</a>\n<a href="#top">no</a>'
    text += '\n<a href="../about/#staff">no</a>'
    here = read_page("here/index.html", text)
    ids = {page.path: page.ids for page in (about, here)}
    dead = dead_anchors(here.path, here.anchors, set(ids), ids, "")
    found = anchor_problems(here.path, text, here.anchors, dead)
    assert [(p.line, p.message.split(":")[0]) for p in found] == [
        (3, "a href='#top'"),
        (4, "a href='../about/#staff'"),
    ]


def test_a_site_problem_is_traced_to_the_line_of_its_source():
    problem = SiteProblem("a/index.html", 40, "a href='/prices/': no such file in the build")
    texts = {"content/articles/a.md": "Title: A\n\nSee\n[prices](/prices/).\n"}
    sources = {"a/index.html": ["content/articles/a.md"]}
    found = traced(problem, sources, texts.get, lambda page: f"output/{page}")
    assert (found.path, found.line, found.kind) == ("content/articles/a.md", 4, "dead-link")
    elsewhere = traced(problem, {}, texts.get, lambda page: f"output/{page}")
    assert (elsewhere.path, elsewhere.line) == ("output/a/index.html", 40)


def test_a_file_nothing_read_is_a_problem_unless_another_names_it():
    found = unread_problems(
        ["articles/a.md", "drafts/b.md", "drafts/c.md"],
        {"articles/a.md"},
        {"content/drafts/c.md"},
        lambda name: f"content/{name}",
        "articles go in articles/",
    )
    assert [(p.path, p.line, p.kind) for p in found] == [("content/drafts/b.md", 1, "unread-file")]


def test_the_first_page_by_path_keeps_an_output_the_others_are_problems():
    found = duplicate_outputs(
        [
            ("x/index.html", "content/pages/x.md", 2, None),
            ("x/index.html", "content/articles/x.md", 3, None),
            ("y/index.html", "content/articles/y.md", 3, None),
        ]
    )
    assert [(p.path, p.line) for p in found] == [("content/pages/x.md", 2)]
    assert "content/articles/x.md" in found[0].message


def test_the_article_published_first_keeps_its_address_the_later_one_is_told_to_move():
    """Else a new file whose name sorts first would have the writer change a published Slug:."""
    found = duplicate_outputs(
        [
            ("x/index.html", "content/articles/a-new-one.md", 2, datetime.date(2026, 12, 1)),
            ("x/index.html", "content/articles/old.md", 2, datetime.date(2026, 1, 1)),
            ("x/index.html", "content/pages/x.md", 2, None),
        ]
    )
    assert [p.path for p in found] == ["content/articles/a-new-one.md", "content/pages/x.md"]
    assert all("as content/articles/old.md does" in p.message for p in found)


def test_of_two_articles_of_one_date_the_one_named_after_the_address_keeps_it():
    """A copy of an article that kept its Slug: and Date: is the one told to move."""
    day = datetime.date(2026, 11, 1)
    found = duplicate_outputs(
        [
            ("first-visit/index.html", "content/articles/first-visit.md", 2, day),
            ("first-visit/index.html", "content/articles/a-copy.md", 2, day),
        ]
    )
    assert [p.path for p in found] == ["content/articles/a-copy.md"]


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (f"{'a' * 256}/index.html", [("content/articles/a.md", 2, "bad-value")]),
        (f"drafts/{'a' * 251}.html", [("content/articles/a.md", 2, "bad-value")]),
        (f"drafts/{'a' * 250}.html", []),  # 255 bytes: a file name may have that many
    ],
)
def test_a_page_whose_file_name_is_too_long_for_a_file_system_is_a_problem(output, expected):
    found = overlong_outputs([(output, "content/articles/a.md", 2, None)])
    assert [(p.path, p.line, p.kind) for p in found] == expected
    assert all("write a Slug: of a few words" in p.message for p in found)


def record(message, *args, level=logging.ERROR):
    return logging.LogRecord("pelican.contents", level, "x.py", 1, message, args, None)


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_pelican_errors_become_problems_with_file_and_line(tmp_path, suffix):
    """Of a Markdown file the metadata check names them; of another, Pelican's log does."""
    article = tmp_path / f"a{suffix}"
    article.write_text("Title: A\nDate: 2026-11-01\nStatus: publsihed\n\nText.\n")
    missing = problem_from_record(
        record("Skipping %s: could not find information about '%s'", str(article), "title"),
        tmp_path,
    )
    status = problem_from_record(
        record("Unknown status '%s' for file %s, skipping it. (Not in %s)", "publsihed",
               str(article), ("published",)),
        tmp_path,
    )  # fmt: skip
    if suffix == ".md":
        assert (missing, status) == (None, None)
    else:
        assert (missing.line, missing.kind) == (1, "missing-title")
        assert (status.line, status.kind) == (3, "unknown-status")
    assert problem_from_record(record("Unable to find '%s', skipping.", "/x.md"), tmp_path) is None


def test_problems_are_sorted_deduplicated_and_summed_up():
    problems = [
        Problem("b.md", 2, "two", "k"),
        Problem("a.md", 9, "one"),
        Problem("b.md", 2, "two", "k"),
    ]
    assert report(problems) == ["a.md:9: one", "b.md:2: two [k]"]
    assert summary(problems) == "2 problems in 2 files: 2 errors, 0 warnings"


def test_warnings_are_listed_and_counted_apart_from_errors():
    problems = [
        Problem("a.md", 1, "old review", "medical-review", "warning"),
        Problem("a.md", 2, "x"),
    ]
    assert report(problems) == ["a.md:1: warning: old review [medical-review]", "a.md:2: x"]
    assert summary(problems) == "2 problems in 1 file: 1 error, 1 warning"
    assert errors(problems) == [Problem("a.md", 2, "x")]


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("CLINIC_FAQ_PAGE_TITLE = 3\n", "CLINIC_FAQ_PAGE_TITLE must be a str, not 3"),
        ("CLINIC_STRIKT = True\n", "CLINIC_STRIKT is not a setting of this site (did you mean"),
        ("CLINIC_FAQ_QUESTION_LEVEL = 9\n", "CLINIC_FAQ_QUESTION_LEVEL must be 2 to 6"),
    ],
)
def test_a_bad_setting_stops_the_build_at_start_naming_it(tmp_path, setting, words):
    folder = make_site(tmp_path / "site")
    assert build(folder).returncode == 0
    before = snapshot(folder / "output")
    with (folder / "settings.py").open("a", encoding="utf-8") as settings:
        settings.write(setting)
    result = build(folder)
    assert result.returncode != 0
    assert f"clinic: setting error: {words}" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(folder / "output") == before


def test_a_plugin_pelican_cannot_find_stops_the_build_naming_it(tmp_path):
    """Pelican itself logs it and builds the site without it, even a strict build."""
    folder = make_site(tmp_path / "site")
    assert build(folder).returncode == 0
    before = snapshot(folder / "output")
    with (folder / "settings.py").open("a", encoding="utf-8") as settings:
        settings.write('PLUGINS = [*PLUGINS, "reading_tme", "pelican.plugins.neighbours"]\n')
    result = build(folder)
    assert result.returncode != 0
    assert "PLUGINS names 'reading_tme', 'pelican.plugins.neighbours', which" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(folder / "output") == before


def test_a_template_error_is_located_at_its_template_and_line(tmp_path):
    import jinja2

    from plugins.clinic.pelican_log import template_location

    (tmp_path / "base.html").write_text("<p>\n{% if %}\n</p>\n")
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path))
    with pytest.raises(jinja2.TemplateSyntaxError) as raised:
        environment.get_template("base.html")
    assert template_location(raised.value).endswith("base.html:2")
    assert template_location(ValueError("not from a template")) == ""
    assert template_location(None) == ""
