"""Medical review metadata (`Reviewed_by:`, `Last_reviewed:`) read into one checked value. Pure."""

import datetime
import re
from dataclasses import dataclass

from .metadata import read_header
from .problems import Problem

REVIEWER_KEY = "reviewed_by"
DATE_KEY = "last_reviewed"


@dataclass(frozen=True)
class MedicalReview:
    reviewer: str
    date: datetime.date | None


@dataclass(frozen=True)
class ReviewProblem:
    key: str  # the metadata key the problem is about, as Pelican lower-cases it
    message: str


def parse_review_date(text):
    """Return the date written as YYYY-MM-DD, or None if it is not one."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def medical_review(metadata):
    """Return (MedicalReview or None, problems) from a page's metadata."""
    reviewer = str(metadata.get(REVIEWER_KEY, "")).strip()
    date_text = str(metadata.get(DATE_KEY, "")).strip()
    problems = []
    date = parse_review_date(date_text) if date_text else None
    # A date that is not YYYY-MM-DD, an empty reviewer: the metadata check (metadata.py) says so.
    if date_text and not reviewer:
        problems.append(
            ReviewProblem(DATE_KEY, "Last_reviewed: given without Reviewed_by: (who reviewed it?)")
        )
    review = MedicalReview(reviewer, date) if reviewer else None
    return review, problems


def months_between(earlier, later):
    """Return the whole months from one date to a later one."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def review_age_message(last_reviewed, today, max_months):
    """Return why a published article needs a medical review now, or None.

    `last_reviewed` is the `Last_reviewed:` value as written ("" when there is none).
    """
    if not last_reviewed:
        return (
            "not medically reviewed yet (once a clinician has reviewed it, add Reviewed_by: "
            "and Last_reviewed:)"
        )
    reviewed = parse_review_date(last_reviewed)
    if reviewed is None:
        return None  # the metadata check names a date it cannot read
    age = months_between(reviewed, today)
    if age < max_months:
        return None
    return (
        f"last medically reviewed {age} months ago ({reviewed.isoformat()}; the limit is "
        f"{max_months}): have a clinician review it again, then update Last_reviewed:"
    )


def review_age_problems(path, text, today, max_months):
    """Return the warning that a published article's medical review is missing or old."""
    entries = {e.name.lower(): e for e in read_header(text.splitlines()).entries}
    if "status" in entries and entries["status"].value.lower() == "draft":
        return []
    written = entries.get(DATE_KEY)
    message = review_age_message(written.value if written else "", today, max_months)
    if message is None:
        return []
    return [Problem(path, written.line if written else 1, message, "medical-review", "warning")]
