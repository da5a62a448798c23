"""The metadata schema and its checks: every key known, typed and placed, every mistake named."""

import pytest
from pelican.settings import read_settings

from plugins.clinic.metadata import (
    KINDS,
    PLACEHOLDER,
    check_metadata,
    content_kind,
    date_message,
    load_schema,
    read_header,
)
from plugins.clinic.sources import slug_maker
from tests.sitebuild import ROOT

SCHEMA = load_schema()
SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
GOOD_ARTICLE = """\
Title: What to bring to your first visit
Slug: first-visit
Date: 2026-12-01 09:30
Category: Visiting
Tags: first visit, preparation
Summary: What to bring, and what to leave at home.

The text.
"""


def problems(text, kind="article"):
    return [(p.line, p.kind, p.message) for p in check_metadata("a.md", text, kind)]


def test_a_good_article_has_no_problem():
    assert problems(GOOD_ARTICLE) == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_example_of_the_schema_passes_its_own_check(kind):
    for field in SCHEMA.for_kind(kind):
        if PLACEHOLDER.search(field.example):
            continue  # an example that must be replaced: the placeholder check names it
        text = "".join(
            f"{f.name}: {f.example}\n" for f in SCHEMA.for_kind(kind) if f is field or f.required
        )
        assert problems(text, kind) == [], field.name


def test_every_key_has_help_an_example_and_known_kinds():
    names = [field.key for field in SCHEMA.fields]
    assert len(names) == len(set(names))
    for field in SCHEMA.fields:
        assert field.help, field.name
        assert field.example, field.name
        assert set(field.kinds) <= set(KINDS)
        assert set(field.required) <= set(field.kinds)
        assert (field.type == "status") == (field.values is not None)
    aliases = [alias for field in SCHEMA.fields for alias in field.aliases]
    assert len(aliases) == len(set(aliases))
    assert not set(aliases) & set(names)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Reviewd_by", "Reviewed_by"),
        ("Sumary", "Summary"),
        ("Last_reveiwed", "Last_reviewed"),
        ("Covr", "Cover"),
        ("Tag", "Tags"),
        ("Image", "Cover"),
        ("Titel", "Title"),
        ("Updated", "Modified"),
        ("Description", "Summary"),
    ],
)
def test_an_unknown_key_is_named_on_its_line_with_the_key_meant(written, meant):
    text = GOOD_ARTICLE.replace("Tags:", f"{written}: x\nTags:", 1)
    assert problems(text) == [
        (5, "unknown-key", f"{written}: is not a metadata key (did you mean {meant}?)")
    ]


def test_a_key_of_another_kind_of_file_says_where_it_belongs():
    [(line, kind, message)] = problems("Title: FAQ\nCover: images/a.svg\n\n## Q?\n\nA.\n", "faq")
    assert (line, kind) == (2, "unknown-key")
    assert "not a metadata key of FAQ files" in message
    assert "articles or pages" in message


def test_a_key_written_with_a_space_ends_the_metadata_and_is_named():
    text = GOOD_ARTICLE.replace("Tags:", "Reviewed by: Dr. Somebody\nTags:", 1)
    [(line, kind, message)] = problems(text)
    assert (line, kind) == (5, "not-metadata")
    assert "did you mean Reviewed_by:?" in message


def test_a_key_given_twice_is_named_on_the_second_line():
    text = GOOD_ARTICLE.replace("Slug:", "Title: Another title\nSlug:", 1)
    assert problems(text) == [
        (2, "duplicate-key", "Title: given twice (first on line 1): keep one of the two")
    ]


@pytest.mark.parametrize(
    ("kind", "text", "missing"),
    [
        ("article", "Date: 2026-12-01\n\nText.\n", ["Title"]),
        ("article", "Title: A\n\nText.\n", ["Date"]),
        ("article", "Just text, no metadata.\n", ["Title", "Date"]),
        ("page", "Slug: about\n\nText.\n", ["Title"]),
        ("faq", "Slug: costs\n\n## Q?\n\nA.\n", ["Title"]),
    ],
)
def test_a_required_key_left_out_is_a_problem(kind, text, missing):
    found = [(line, k) for line, k, _ in problems(text, kind)]
    assert found == [(1, f"missing-{name.lower()}") for name in missing]


def test_pages_and_faq_files_need_no_date():
    assert problems("Title: About\n\nText.\n", "page") == []
    assert problems("Title: Costs\n\n## Q?\n\nA.\n", "faq") == []


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("1/12/2026", ["2026-12-01", "2026-01-12"]),
        ("01.12.2026", ["2026-12-01"]),
        ("1-12-2026", ["2026-12-01"]),
        ("13/12/2026", ["2026-12-13"]),
        ("2026/12/01", ["2026-12-01"]),
        ("2026-12-1", ["2026-12-01"]),
        ("December 1, 2026", ["2026-12-01"]),
        ("1 Dec 2026", ["2026-12-01"]),
        ("1/12/2026 9:30", ["2026-12-01 09:30", "2026-01-12 09:30"]),
        ("2026-12-01 9:30 pm", ["2026-12-01 21:30"]),
    ],
)
def test_a_date_not_written_iso_shows_the_iso_spelling_of_what_was_meant(written, suggested):
    text = GOOD_ARTICLE.replace("2026-12-01 09:30", written)
    [(line, kind, message)] = problems(text)
    assert (line, kind) == (3, "bad-date")
    assert written in message
    positions = [message.index(f"write {suggested[0]}")]
    positions += [message.index(f"or {iso}") for iso in suggested[1:]]
    assert positions == sorted(positions)


@pytest.mark.parametrize("written", ["soon", "2026-13-45", "2026-02-30 09:00", "tomorrow 9am"])
def test_a_date_that_means_no_day_is_not_guessed(written):
    [(_, kind, message)] = problems(GOOD_ARTICLE.replace("2026-12-01 09:30", written))
    assert kind == "bad-date"
    assert "write 20" not in message.replace("e.g. 2026-12-01", "")


@pytest.mark.parametrize("written", ["2026-12-01", "2026-12-01 09:30", "2026-12-01T09:30:15"])
def test_iso_dates_and_times_are_taken(written):
    assert problems(GOOD_ARTICLE.replace("2026-12-01 09:30", written)) == []


def test_last_reviewed_is_a_day_without_a_time():
    message = date_message("20/11/2026", with_time=False)
    assert "write 2026-11-20 for 20 November 2026" in message
    assert "HH:MM" not in message


@pytest.mark.parametrize(
    ("line", "kind", "words"),
    [
        ("Reviewed_by: Dr. [Name], [credentials]", "placeholder", "'[Name]' is a placeholder"),
        ("Summary: [One or two sentences]", "placeholder", "is a placeholder"),
        ("Tags: [keyword], [another keyword]", "placeholder", "is a placeholder"),
        ("Status: publsihed", "unknown-status", "is not a status (use published or draft)"),
        ("Slug: First Visit", "bad-value", "e.g. first-visit"),
        ("FAQ: costs, Side Effects", "bad-value", "'Side Effects' is not a slug"),
        ("FAQ: costs, visits, costs", "bad-value", "FAQ: 'costs' is given twice"),
        ("Cover: https://example.org/a.jpg", "bad-value", "not the path of an image"),
        ("Category:", "bad-value", "is empty"),
    ],
)
def test_a_bad_value_is_named_on_its_line(line, kind, words):
    found = problems(f"Title: A visit\nDate: 2026-12-01\n{line}\n\nText.\n")
    assert any((n, k) == (3, kind) and words in m for n, k, m in found), found


@pytest.mark.parametrize(
    ("kind", "title", "slug", "expected"),
    [
        ("article", "❤️", "", [(1, "bad-value")]),
        ("page", "?!", "", [(1, "bad-value")]),
        ("article", "❤️", "Slug: love\n", []),
        ("article", "氯胺酮治疗", "", []),  # transliterated: lu-e-tong-zhi-liao
        ("article", "What’s new?", "", []),
    ],
)
def test_a_title_that_makes_no_address_needs_a_slug(kind, title, slug, expected):
    """Pelican would write the page outside the site, and skip it with no problem named."""
    date = "Date: 2026-12-01\n" if kind == "article" else ""
    text = f"Title: {title}\n{slug}{date}\nText.\n"
    found = check_metadata("heart.md", text, kind, slug_maker=slug_maker(SETTINGS))
    assert [(p.line, p.kind) for p in found] == expected
    assert all("add a Slug: line, e.g. Slug: heart" in p.message for p in found)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Category: ❤️", [(3, "Category: '❤️' has no letter or digit")]),
        ("Tags: ketamine, 🙂, ✨", [(3, "Tags: '🙂' has"), (3, "Tags: '✨' has")]),
        ("Author: 🙂", [(3, "Author: '🙂' has no letter or digit")]),
        ("Tags: café, 氯胺酮", []),
    ],
)
def test_a_category_tag_or_author_that_makes_no_address_is_named_at_its_line(line, expected):
    """Pelican would say so without naming the file, and give it a page with no address."""
    text = f"Title: A visit\nDate: 2026-12-01\n{line}\n\nText.\n"
    found = check_metadata("a.md", text, "article", slug_maker=slug_maker(SETTINGS))
    assert [(p.line, p.kind) for p in found] == [(n, "bad-value") for n, _ in expected]
    for problem, (_, words) in zip(found, expected, strict=True):
        assert problem.message.startswith(words)


def test_a_tag_given_twice_in_any_case_is_named_once_for_each_repeat():
    """The article's page would list it each time, and its keywords too."""
    text = (
        "Title: A visit\nDate: 2026-12-01\nTags: Ketamine, first visit, ketamine , KETAMINE\n\nT.\n"
    )
    found = check_metadata("a.md", text, "article", slug_maker=slug_maker(SETTINGS))
    assert [(p.line, p.kind, p.message) for p in found] == [
        (3, "bad-value", f"Tags: {repeat!r} is the same tag as 'Ketamine': keep one of the two")
        for repeat in ["ketamine", "KETAMINE"]
    ]


@pytest.mark.parametrize(
    ("date", "modified", "problem"),
    [
        ("2026-11-20", "2026-11-01", True),
        ("2026-11-20 09:00", "2026-11-20 08:30", True),
        ("2026-11-20 09:00", "2026-11-20", False),  # a day alone: later that day
        ("2026-11-20", "2026-11-20", False),
        ("2026-11-20", "2026-12-02 10:00", False),
        ("2026-11-20", "2026-02-30", False),  # no day of the calendar: the date check says so
    ],
)
def test_a_modified_date_before_the_date_is_named_at_its_line(date, modified, problem):
    """The page would say it was updated before it was published."""
    found = problems(f"Title: A visit\nDate: {date}\nModified: {modified}\n\nText.\n")
    before = [(line, kind) for line, kind, m in found if "is before Date:" in m]
    assert before == ([(3, "bad-date")] if problem else [])


def test_a_markdown_link_in_a_summary_is_no_placeholder():
    text = GOOD_ARTICLE.replace("what to leave at home.", "see [the clinic]({filename}/c.md).")
    assert problems(text) == []


def test_a_draft_may_keep_its_placeholders():
    text = GOOD_ARTICLE.replace("Summary:", "Status: draft\nReviewed_by: [Name]\nSummary:")
    assert problems(text + "\n[Write the article here.]\n") == []


def test_a_paragraph_left_as_the_draft_wrote_it_is_a_placeholder():
    text = (
        GOOD_ARTICLE
        + "\n## [Write the first question here]?\n\n[FAQ]\n\n```\n[not a placeholder]\n```\n"
    )
    assert [(line, kind) for line, kind, _ in problems(text)] == [(10, "placeholder")]


def test_a_value_that_runs_on_is_a_problem_except_a_summary():
    assert problems(GOOD_ARTICLE.replace("home.", "home,\n    and more.")) == []
    [(line, kind, message)] = problems(GOOD_ARTICLE.replace("Visiting", "Visiting\n    and more"))
    assert (line, kind) == (4, "bad-value")
    assert "continues on the next line" in message


def test_the_header_is_read_as_the_markdown_reader_reads_it():
    header = read_header(["---", "Title: A", "Summary: one", "    two", "---", "Text: not a key"])
    assert [(e.name, e.value, e.line) for e in header.entries] == [
        ("Title", "A", 2),
        ("Summary", "one two", 3),
    ]
    assert header.body_start == 5


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("articles/a.md", "article"),
        ("articles/2026/a.markdown", "article"),
        ("pages/about.md", "page"),
        ("faq/costs.md", "faq"),
        ("images/a.svg", None),
        ("articles/notes.txt", None),
        ("drafts/a.md", None),
    ],
)
def test_each_content_file_is_checked_as_what_it_is_read_as(name, kind):
    assert content_kind(name, ["articles"], ["pages"], "faq") == kind
