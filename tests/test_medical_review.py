"""`Reviewed_by:` and `Last_reviewed:` become one checked value, or problems named by line."""

import datetime

import pytest

from plugins.clinic.problems import metadata_line
from plugins.clinic.review import (
    MedicalReview,
    medical_review,
    parse_review_date,
)


def test_reviewer_and_date():
    review, problems = medical_review(
        {"reviewed_by": "[Reviewer name]", "last_reviewed": "2026-11-20"}
    )
    assert review == MedicalReview("[Reviewer name]", datetime.date(2026, 11, 20))
    assert problems == []


def test_no_metadata_no_review():
    assert medical_review({}) == (None, [])


def test_reviewer_without_date_is_shown_without_one():
    assert medical_review({"reviewed_by": "Dr. [Name]"}) == (MedicalReview("Dr. [Name]", None), [])


@pytest.mark.parametrize(
    ("metadata", "words"),
    [
        ({"last_reviewed": "2026-11-20"}, "without Reviewed_by"),
        ({"last_reviewed": "soon"}, "without Reviewed_by"),
    ],
)
def test_bad_metadata_is_a_problem(metadata, words):
    _, problems = medical_review(metadata)
    assert any(words in problem.message for problem in problems), problems


@pytest.mark.parametrize(
    "metadata", [{"reviewed_by": "A", "last_reviewed": "soon"}, {"reviewed_by": "  "}]
)
def test_a_bad_date_or_an_empty_reviewer_is_left_to_the_metadata_check(metadata):
    assert medical_review(metadata)[1] == []


@pytest.mark.parametrize("text", ["2026-11-20", "2024-02-29"])
def test_iso_dates_parse(text):
    assert parse_review_date(text) == datetime.date.fromisoformat(text)


def test_metadata_line_finds_the_key_in_the_header_only():
    source = "Title: T\nReviewed_by: A\nlast_reviewed: x\n\nLast_reviewed: in the body\n"
    assert metadata_line(source, "reviewed_by") == 2
    assert metadata_line(source, "last_reviewed") == 3
    assert metadata_line("Title: T\n\nLast_reviewed: body\n", "last_reviewed") == 1
