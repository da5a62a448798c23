"""The FAQ file format: `##` questions, Markdown answers, problems named by line."""

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown

from plugins.clinic.faq import FaqReference, faq_owners, parse_faq


def plain(markdown):
    return f"<p>{markdown}</p>"


def parse(text, slug="topic"):
    return parse_faq(text, slug, plain)


def test_questions_and_answers_in_order_with_their_lines():
    document = parse("Title: Topic\n\n## First?\n\nOne.\n\n## Second?\n\nTwo.\n")
    assert [(e.question, e.answer_markdown, e.line) for e in document.entries] == [
        ("First?", "One.", 3),
        ("Second?", "Two.", 7),
    ]
    assert document.entries[0].answer_html == "<p>One.</p>"
    assert document.problems == ()


def test_metadata_gives_title_and_slug():
    document = parse("Title: Ketamine\nSlug: ketamine-faq\n\n## Q?\n\nA.\n", slug="file-stem")
    assert (document.title, document.slug) == ("Ketamine", "ketamine-faq")


def test_slug_defaults_to_the_file_stem():
    assert parse("## Q?\n\nA.\n", slug="file-stem").slug == "file-stem"


def test_answer_keeps_its_markdown_and_code_whose_hashes_are_no_question():
    document = parse("## Q?\n\nPara.\n\n```\n## not a question\n# nor a heading\n```\n")
    assert len(document.entries) == 1
    assert "## not a question" in document.entries[0].answer_markdown
    assert document.problems == ()


MARKDOWN = Markdown(extensions=["markdown.extensions.extra"], output_format="html5")


def markdown(text):
    return MARKDOWN.reset().convert(text)


def problems_of(text):
    return [(p.line, p.message) for p in parse_faq(text, "topic", markdown).problems]


ADVICE = "write each question as '## Is it safe?' (answers cannot hold headings)"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "## Q?\n\nA.\n\n### Is it safe?\n\nYes.\n",
            5,
            f"'### Is it safe?' is a level-3 heading: {ADVICE}",
        ),
        (
            "## Q?\n\nA.\n\n# Is it safe?\n\nYes.\n",
            5,
            f"'# Is it safe?' is a level-1 heading: {ADVICE}",
        ),
        (
            "## Q?\n\nA.\n\n###### Is it safe? ######\nYes.\n",
            5,
            f"'###### Is it safe? ######' is a level-6 heading: {ADVICE}",
        ),
        (
            "## Q?\n\nA.\n\nIs it safe?\n---\n\nYes.\n",
            5,
            f"'Is it safe?' underlined with '---' is a heading: {ADVICE}",
        ),
        (
            "## Q?\n\nA.\n\nIs it safe?\n===\n\nYes.\n",
            5,
            f"'Is it safe?' underlined with '===' is a heading: {ADVICE}",
        ),
        (
            "Title: T\n\n# Is it safe?\n\n## Q?\n\nA.\n",
            3,
            f"'# Is it safe?' is a level-1 heading: {ADVICE}",
        ),
    ],
)
def test_a_heading_that_is_no_question_is_named_with_its_line_and_fix(text, line, message):
    assert problems_of(text) == [(line, message)]


@pytest.mark.parametrize(
    "answer",
    [
        "A paragraph.\n\n---\n\nA rule after a blank line.",
        "Two lines\nof a paragraph\n---\nend on a rule, not a heading.",
        "```\nIs it code?\n---\n### Code\n```",
        "    indented code\n    ---",
    ],
    ids=["rule", "rule after a paragraph's second line", "fenced code", "indented code"],
)
def test_rules_and_code_are_no_headings(answer):
    assert problems_of(f"## Q?\n\n{answer}\n") == []


def test_a_heading_only_the_rendering_shows_is_named_by_its_question():
    # Inside a quote, Markdown heads the quote's text with a line over `===`.
    text = "## Q?\n\nA.\n\n> Quoted\n> ===\n"
    assert problems_of(text) == [
        (
            1,
            "the answer to 'Q?' holds a heading ('Quoted'): answers cannot hold headings; "
            "write each question as '## Question?'",
        )
    ]


LINES = ["Text", "", "---", "===", "-", "# H", "### D", "```\n## code\n```", "***"]
LINES += ["    indented", "> quote", "**Bold** words", "#### D ####", "- item", "1. item"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=8))
def test_an_answer_holds_a_heading_exactly_when_a_problem_says_so(lines):
    document = parse_faq("## First?\n\nAnswer.\n\n" + "\n".join(lines), "t", markdown)
    rendered = re.findall(r"<h[1-6]", "".join(e.answer_html for e in document.entries))
    told = [p for p in document.problems if "heading" in p.message]
    assert bool(rendered) == bool(told), document


def test_closing_hashes_are_not_part_of_the_question():
    assert parse("## Is it safe? ##\n\nYes.\n").entries[0].question == "Is it safe?"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "no questions"),
        ("Title: Only metadata\n", 1, "no questions"),
        ("Stray answer.\n\n## Q?\n\nA.\n", 1, "before the first question"),
        ("## Q?\n\n## R?\n\nA.\n", 1, "no answer"),
        ("## Q?\n\nA.\n\n## q?\n\nB.\n", 5, "duplicate question (first on line 1)"),
        ("## \n\nA.\n", 1, "empty question"),
    ],
)
def test_malformed_files_are_problems_with_lines(text, line, words):
    problems = parse(text).problems
    assert any(p.line == line and words in p.message for p in problems), problems


def test_answers_rendered_together_keep_their_order():
    document = parse_faq(
        "## A?\n\nOne.\n\n## B?\n\nTwo.\n", "t", plain, lambda answers: [a.upper() for a in answers]
    )
    assert [e.answer_html for e in document.entries] == ["ONE.", "TWO."]


def test_owner_metadata_is_read_with_its_line():
    document = parse("Title: T\nOwner: clinic\n\n## Q?\n\nA.\n")
    assert (document.owner, document.owner_line) == ("clinic", 2)


def reference(page, date, faq="topic", source=None):
    when = None if date is None else datetime.datetime.fromisoformat(date)
    return FaqReference(page, when, source or f"{page}.md", (faq,))


@pytest.mark.parametrize(
    ("references", "owner"),
    [
        ([reference("newer", "2026-11-26"), reference("older", "2026-01-01")], "older"),
        ([reference("about", None), reference("article", "2026-11-26")], "article"),
        (
            [reference("b-page", None, source="b.md"), reference("a-page", None, source="a.md")],
            "a-page",
        ),
        (
            [
                reference("x", "2026-01-01", source="b.md"),
                reference("y", "2026-01-01", source="a.md"),
            ],
            "y",
        ),
        ([], "faq"),
    ],
)
def test_the_oldest_article_then_the_first_page_owns_a_faq(references, owner):
    assert faq_owners({"topic": parse("## Q?\n\nA.\n")}, references, "faq") == {"topic": owner}


def test_owner_metadata_overrides_the_rule():
    documents = {"topic": parse("Owner: clinic\n\n## Q?\n\nA.\n")}
    assert faq_owners(documents, [reference("article", "2026-01-01")], "faq") == {"topic": "clinic"}


def test_without_a_faq_page_an_unreferenced_faq_is_marked_up_nowhere():
    assert faq_owners({"topic": parse("## Q?\n\nA.\n")}, [], "") == {}


def test_also_asked_notes_give_other_ways_asked_and_leave_the_answer():
    text = (
        "## Is it safe?\n"
        '[//]: # "Also asked: What are the risks? | Are there side effects?"\n'
        '[//]: # "also asked: Is it dangerous?"\n'
        '[//]: # "A note for writers, kept."\n'
        "\nYes.\n"
    )
    (entry,) = parse_faq(text, "s", lambda md: f"<p>{md}</p>").entries
    ways = ("What are the risks?", "Are there side effects?", "Is it dangerous?")
    assert entry.also_asked == ways
    assert "Also asked" not in entry.answer_markdown
    assert "Also asked" not in entry.answer_html
    assert entry.answer_markdown.startswith('[//]: # "A note')
