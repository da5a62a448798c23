"""Medical review metadata (`Reviewed_by:`, `Last_reviewed:`) read into one checked value. Pure."""

import datetime
import re
from dataclasses import dataclass

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
