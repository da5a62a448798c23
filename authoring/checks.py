"""Source checks no build makes: medical reviews grown old, template text left in a file."""

from dataclasses import dataclass
from pathlib import Path

from plugins.clinic.faq import split_metadata
from plugins.clinic.review import parse_review_date

from .scaffold import (
    ARTICLE_BODY,
    FAQ_ANSWER,
    FAQ_QUESTION,
    SUMMARY_PLACEHOLDER,
    TAGS_PLACEHOLDER,
)

TEMPLATE_TEXT = [ARTICLE_BODY, TAGS_PLACEHOLDER, SUMMARY_PLACEHOLDER, FAQ_QUESTION, FAQ_ANSWER]


@dataclass(frozen=True, order=True)
class Notice:
    path: str
    line: int
    message: str
    severity: str = "warning"  # "error" fails `invoke check`

    def __str__(self):
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def months_between(earlier, later):
    """Return the whole months from one date to a later one."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def review_age_notices(path, text, today, max_months):
    """Warn when a published article was never medically reviewed, or not for too long."""
    metadata, lines, _ = split_metadata(text.splitlines())
    if metadata.get("status", "").lower() == "draft":
        return []
    written = metadata.get("last_reviewed", "")
    if not written:
        return [
            Notice(
                path,
                1,
                "not medically reviewed yet: once a clinician has reviewed it, "
                "add Reviewed_by: and Last_reviewed:",
            )
        ]
    reviewed = parse_review_date(written)
    if reviewed is None:
        return []  # the build names a date it cannot read
    age = months_between(reviewed, today)
    if age < max_months:
        return []
    return [
        Notice(
            path,
            lines["last_reviewed"],
            f"last medically reviewed {age} months ago ({reviewed.isoformat()}; the limit is "
            f"{max_months}): have a clinician review it again, then update Last_reviewed:",
        )
    ]


def template_text_notices(path, text):
    """Name each line of a published file that still holds the new-file template's text."""
    metadata, _, _ = split_metadata(text.splitlines())
    if metadata.get("status", "").lower() == "draft":
        return []
    return [
        Notice(path, number, f"still the template's text, replace it: {line.strip()!r}", "error")
        for number, line in enumerate(text.splitlines(), start=1)
        if any(placeholder in line for placeholder in TEMPLATE_TEXT)
    ]


def source_notices(settings, options, today, root):
    """Return every notice about the site's articles and FAQ files, sorted by file and line."""
    content = Path(settings["PATH"])
    articles = [
        path for folder in settings["ARTICLE_PATHS"] for path in (content / folder).rglob("*.md")
    ]
    faq_files = sorted((content / options["CLINIC_FAQ_PATH"]).glob("*.md"))
    notices = []
    for path in sorted(articles) + faq_files:
        text = path.read_text(encoding="utf-8", errors="replace")
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        notices += template_text_notices(shown, text)
        if path in articles:
            notices += review_age_notices(shown, text, today, options["CLINIC_REVIEW_MAX_MONTHS"])
    return sorted(notices)
