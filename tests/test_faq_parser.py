"""The FAQ file format: `##` questions, Markdown answers, problems named by line."""

import datetime

import pytest

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


def test_answer_keeps_its_markdown_including_deeper_headings_and_code():
    document = parse("## Q?\n\nPara.\n\n### Detail\n\n```\n## not a question\n```\n")
    assert len(document.entries) == 1
    assert "## not a question" in document.entries[0].answer_markdown
    assert "### Detail" in document.entries[0].answer_markdown


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
