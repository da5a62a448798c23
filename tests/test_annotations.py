"""A pull request's check marks every problem of the strict build on its file and line (GitHub's
workflow commands) and sums them up in plain words for the pull request."""

import re
import string

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from plugins.clinic.problems import Problem, parse_problem
from publishing.annotations import (
    annotation,
    escape_data,
    escape_property,
    markdown_text,
    report,
    step_summary,
)
from tests.projectcopy import break_template, copy_project, invoke

# The command .github/workflows/publish.yml runs on a pull request (through dev.py, which only
# makes sure .venv is installed first).
CHECK = ("check", "--publish", "--annotate")
ARTICLE = "content/articles/après la séance, part 1.md"  # a comma: escaped in the file
BROKEN = """\
Slug: aftercare
Date: 28/11/2026, 100% sure
Category: Treatment
Reviewed_by: Dr. Example
Last_reviewed: 2026-11-01

Rest afterwards.

![](images/missing.png)
"""
FILE = "file=content/articles/après la séance%2C part 1.md"
EXPECTED = [
    f"::error {FILE},line=1,title=missing-title::no Title: add a 'Title:' line to the metadata "
    "at the top (e.g. Title: What to expect at your first session)",
    f"::error {FILE},line=2,title=bad-date::Date: '28/11/2026, 100%25 sure' is not a date (write "
    "it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2026-12-01)",
    f"::error {FILE},line=9,title=image::image file not found: articles/images/missing.png",
    f"::error {FILE},line=9,title=image::image has no alt text: articles/images/missing.png "
    "(describe it, or mark it decorative)",
]


def unescape(text, escapes):
    for escape, character in escapes:
        text = text.replace(escape, character)
    return text


def read_command(line):
    """Read a workflow command as GitHub's runner does: (name, {property: value}, message)."""
    assert line.startswith("::")
    head, data = line[2:].split("::", 1)
    name, _, listed = head.partition(" ")
    data_escapes = [("%0D", "\r"), ("%0A", "\n"), ("%25", "%")]
    property_escapes = [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")]
    properties = {}
    for item in filter(None, listed.split(",")):
        key, value = item.split("=", 1)
        properties[key] = unescape(value, property_escapes)
    return name, properties, unescape(data, data_escapes)


def command_lines(stdout):
    """Return the annotations a check printed (not the switches around the build's log)."""
    return [
        line
        for line in stdout.splitlines()
        if line.startswith(("::error ", "::warning ", "::notice "))
    ]


# Unit: the escaping and the formats.


@pytest.mark.parametrize(
    ("text", "data", "value"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("key: a, b", "key: a, b", "key%3A a%2C b"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_data_escapes_percent_and_line_breaks_and_a_property_colons_and_commas(text, data, value):
    assert escape_data(text) == data
    assert escape_property(text) == value


@given(st.text())
def test_any_message_is_one_command_line_the_runner_reads_back_unchanged(message):
    path = "content/articles/a, b: c%.md"
    line = annotation(Problem(path, 7, message, "bad-value"))
    assert "\n" not in line
    assert "\r" not in line
    assert read_command(line) == (
        "error",
        {"file": path, "line": "7", "title": "bad-value"},
        message,
    )


@given(st.text(alphabet=st.characters(exclude_characters="\r\n/\\"), min_size=1))
def test_any_file_name_is_a_property_the_runner_reads_back_unchanged(name):
    path = f"content/articles/{name}.md"
    line = annotation(Problem(path, 3, "a message", "image", "warning"))
    assert read_command(line) == (
        "warning",
        {"file": path, "line": "3", "title": "image"},
        "a message",
    )


def test_a_path_outside_the_repository_goes_into_the_message_not_the_file_property():
    name, properties, message = read_command(annotation(Problem("/etc/x.md", 2, "odd", "pelican")))
    assert (name, properties, message) == ("error", {"title": "pelican"}, "/etc/x.md:2: odd")


# Paths as the build names them: no colon, no line break, not starting with a space.
PATHS = st.from_regex(r"[^\s:][^:\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]{0,30}", fullmatch=True)
LINE_TEXT = st.text(
    alphabet=st.characters(exclude_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
)
KINDS = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True)


@given(
    PATHS,
    st.integers(min_value=1, max_value=10**6),
    LINE_TEXT.filter(lambda message: not message.startswith("warning: ")),
    KINDS,
    st.sampled_from(["error", "warning"]),
)
def test_a_printed_problem_is_read_back_as_the_same_problem(path, line, message, kind, severity):
    problem = Problem(path, line, message, kind, severity)
    assert parse_problem(str(problem)) == problem


@pytest.mark.parametrize(
    "line",
    [
        "clinic: 5 problems in 2 files: 3 errors, 2 warnings",
        "error: check failed: the problems are listed above; nothing was published",
        "Done: Processed 1 article, 0 drafts, 0 hidden articles, 2 pages, 0 hidden pages",
        "",
    ],
)
def test_the_other_lines_of_a_check_are_no_problems(line):
    assert parse_problem(line) is None


COMMONMARK = MarkdownIt("commonmark").enable(["strikethrough", "table"])


@given(LINE_TEXT.filter(lambda text: text.isprintable()))
def test_any_message_shows_in_the_summary_exactly_as_written(text):
    rendered = COMMONMARK.render(f"- line 1: {markdown_text(text)}")
    shown = BeautifulSoup(rendered, "html.parser").li.get_text()
    assert shown == f"line 1: {text}".strip()


def test_markdown_text_escapes_every_ascii_punctuation_mark_and_nothing_else():
    assert markdown_text("a*b [c](d) @e") == r"a\*b \[c\]\(d\) \@e"
    assert all(markdown_text(mark) == "\\" + mark for mark in string.punctuation)


def rendered(markdown):
    return BeautifulSoup(COMMONMARK.render(markdown), "html.parser")


def test_a_check_without_problems_says_so():
    page = rendered(step_summary([]))
    assert page.h2.get_text() == "Site check: passed"
    assert "once it is approved, this change can be published" in page.get_text()


def test_warnings_alone_pass_and_are_listed_apart():
    warning = Problem("content/a.md", 1, "not medically reviewed yet", "medical-review", "warning")
    page = rendered(step_summary([warning]))
    assert page.h2.get_text() == "Site check: passed, with 1 note worth a look"
    assert [h.get_text() for h in page.find_all("h3")] == [
        "Worth a look (these do not stop publishing)"
    ]
    assert page.li.get_text() == "line 1: not medically reviewed yet"


def test_a_failure_that_names_no_file_is_annotated_and_explained():
    commands, markdown = report(["Traceback ...", "error: Pelican exited with 1", ""], 1)
    assert commands == ["::error title=check failed::error: Pelican exited with 1"]
    page = rendered(markdown)
    assert page.h2.get_text() == "Site check: the check could not finish"
    assert "The check stopped: error: Pelican exited with 1" in page.get_text()


def test_pelican_stopping_is_marked_even_beside_problems_of_the_content():
    printed = [
        "content/a.md:1: no Title: add one [missing-title]",
        "clinic: build failed: Pelican stopped: theme/x.html:4: TemplateSyntaxError: oops",
        "error: check failed: the problems are listed above; nothing was published",
    ]
    commands, markdown = report(printed, 1)
    assert commands == [
        "::error file=content/a.md,line=1,title=missing-title::no Title: add one",
        "::error title=check failed::Pelican stopped: theme/x.html:4: TemplateSyntaxError: oops",
    ]
    assert rendered(markdown).h2.get_text() == (
        "Site check: 1 problem to fix before this can be published"
    )


def test_a_check_that_passes_names_no_failure():
    assert report(["Done: Processed 1 article", ""], 0) == ([], step_summary([]))


def test_a_long_list_is_cut_short_enough_for_a_comment_and_says_how_many_more():
    problems = [
        Problem(f"content/articles/{n:03}.md", n, "x" * 300, "bad-value", level)
        for n in range(1, 251)
        for level in ("error", "warning")
    ]
    markdown = step_summary(problems)
    page = rendered(markdown)
    shown = len(page.find_all("li"))
    assert 100 <= shown < 200
    assert f"…and {250 - shown // 2} more problems: the check's log lists every one." in (
        page.get_text()
    )
    assert len(markdown) < 65_536
    short = [Problem("content/a.md", n, "short", "bad-value") for n in range(1, 151)]
    assert len(rendered(step_summary(short)).find_all("li")) == 100


def test_a_problem_outside_the_repository_without_a_kind_names_no_property():
    assert annotation(Problem("/tmp/x.md", 3, "odd")) == "::error::/tmp/x.md:3: odd"


# Integration: the real check of a project copy with a broken article, as a pull request runs it.


def github_environment(folder):
    return {
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(folder / "step-summary.md"),
        "CLINIC_CHECK_SUMMARY": str(folder / "comment.md"),
    }


@pytest.fixture(scope="module")
def broken_check(tmp_path_factory):
    """A project copy with one broken article, checked as a pull request: (run, folder)."""
    folder = tmp_path_factory.mktemp("annotated")
    project = copy_project(folder / "project")
    (project / ARTICLE).write_text(BROKEN, encoding="utf-8")
    return invoke(project, *CHECK, env=github_environment(folder)), folder


def test_the_check_of_a_broken_article_fails(broken_check):
    run, _ = broken_check
    assert run.returncode == 1, run.stdout + run.stderr


def test_each_mistake_of_the_article_is_marked_on_its_file_and_line(broken_check):
    run, _ = broken_check
    assert [line for line in command_lines(run.stdout) if FILE in line] == EXPECTED


def test_every_problem_the_build_lists_is_marked_once_and_nothing_else(broken_check):
    run, _ = broken_check
    listed = [problem for problem in map(parse_problem, run.stdout.splitlines()) if problem]
    marked = [read_command(line) for line in command_lines(run.stdout)]
    assert len(listed) >= len(EXPECTED)
    assert marked == [
        (p.severity, {"file": p.path, "line": str(p.line), "title": p.kind}, p.message)
        for p in sorted(listed)
    ]


def test_the_build_log_is_still_shown_with_workflow_commands_off(broken_check):
    run, _ = broken_check
    lines = run.stdout.splitlines()
    stop = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    switch = lines[stop].removeprefix("::stop-commands::")
    resume = lines.index(f"::{switch}::")
    assert re.fullmatch(r"[0-9a-f]{32}", switch)
    build_log = lines[stop + 1 : resume]
    assert f"{ARTICLE}:1: no Title: add a 'Title:' line to the metadata at the top" in "\n".join(
        build_log
    )
    assert build_log[-1] == (
        "error: check failed: the problems are listed above; nothing was published"
    )
    assert lines[resume + 1 :] == command_lines("\n".join(lines[resume + 1 :]))


def test_outside_github_actions_the_check_prints_no_switches(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / ARTICLE).write_text(BROKEN, encoding="utf-8")
    run = invoke(project, *CHECK)
    assert run.returncode == 1
    assert not [line for line in command_lines(run.stdout) if "stop-commands" in line]
    assert [line for line in command_lines(run.stdout) if FILE in line] == EXPECTED


def test_the_summary_counts_and_lists_the_mistakes_in_plain_words(broken_check):
    _, folder = broken_check
    markdown = (folder / "step-summary.md").read_text(encoding="utf-8")
    page = rendered(markdown)
    assert page.h2.get_text() == "Site check: 4 problems to fix before this can be published"
    must_fix = page.find("h3", string="Must be fixed")
    assert must_fix.find_next("strong").get_text() == ARTICLE
    assert [li.get_text() for li in must_fix.find_next("ul").find_all("li")] == [
        f"line {properties['line']}: {message}"
        for _, properties, message in map(read_command, EXPECTED)
    ]


def test_the_comment_for_the_pull_request_is_the_summary(broken_check):
    _, folder = broken_check
    comment = (folder / "comment.md").read_text(encoding="utf-8")
    assert comment == (folder / "step-summary.md").read_text(encoding="utf-8")


def test_a_check_stopped_by_a_broken_template_is_marked_and_explained(tmp_path):
    project = copy_project(tmp_path / "project")
    break_template(project)
    run = invoke(project, *CHECK, env=github_environment(tmp_path))
    assert run.returncode != 0
    stopped = [
        message
        for name, properties, message in map(read_command, command_lines(run.stdout))
        if properties == {"title": "check failed"}
    ]
    assert len(stopped) == 1
    assert "theme/templates/article.html:43: TemplateSyntaxError" in stopped[0]
    page = rendered((tmp_path / "step-summary.md").read_text(encoding="utf-8"))
    assert f"The check stopped: {stopped[0]}" in page.get_text()
