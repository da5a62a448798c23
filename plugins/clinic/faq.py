"""FAQ files: Markdown with a metadata header, each question an `##` heading. Pure."""

import re
from dataclasses import dataclass, field

from .sanitize import answer_markup, plain_text

METADATA_LINE = re.compile(r"^(?P<key>[A-Za-z][\w -]*):\s*(?P<value>.*)$")
QUESTION_LINE = re.compile(r"^##(?!#)\s*(?P<question>.*?)\s*#*\s*$")
FENCE_LINE = re.compile(r"^\s*(```|~~~)")
# `[//]: # "note"`: a Markdown link definition nothing uses, i.e. a note for writers only.
NOTE_LINE = re.compile(r"^\[//\]:\s*#")


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer_markdown: str
    answer_html: str
    line: int  # 1-based line of the question's heading in the FAQ file
    # Made with the parse, so they are kept with it between builds; "" when not made.
    answer_markup: str = ""  # answer_html reduced to the tags Google reads (sanitize.py)
    answer_text: str = ""  # answer_html as plain text, for the chat


@dataclass(frozen=True)
class FaqProblem:
    line: int
    message: str


@dataclass(frozen=True)
class FaqDocument:
    slug: str
    title: str
    entries: tuple[FaqEntry, ...]
    problems: tuple[FaqProblem, ...] = field(default=())
    owner: str = ""  # slug of the page that marks this FAQ up, from the `Owner:` metadata
    owner_line: int = 1
    draft: bool = False  # `Status: draft`: shown on draft articles only, marked up nowhere


@dataclass(frozen=True)
class FaqReference:
    """A page that shows FAQ files: its slug, date (None for pages) and source path."""

    page: str
    date: object
    source: str
    faq_slugs: tuple[str, ...]


def split_metadata(lines):
    """Split `Key: value` lines at the top from the body; return (metadata, lines, start).

    `lines` maps each key to its 1-based line.
    """
    metadata, key_lines = {}, {}
    for number, line in enumerate(lines):
        if not line.strip():
            return metadata, key_lines, number + 1
        match = METADATA_LINE.match(line)
        if not match:
            return metadata, key_lines, number
        key = match["key"].strip().lower()
        metadata[key], key_lines[key] = match["value"].strip(), number + 1
    return metadata, key_lines, len(lines)


def question_blocks(lines, start):
    """Yield (question, line_number, answer_lines) for each `##` heading, and the preamble.

    The preamble (text before the first question) is yielded with question None.
    Headings inside fenced code blocks are answer text, not questions.
    """
    question, question_line, answer, in_fence = None, start + 1, [], False
    for number, line in enumerate(lines[start:], start=start + 1):
        if FENCE_LINE.match(line):
            in_fence = not in_fence
        match = None if in_fence else QUESTION_LINE.match(line)
        if match:
            yield question, question_line, answer
            question, question_line, answer = match["question"], number, []
        else:
            answer.append(line)
    yield question, question_line, answer


def parse_faq(text, default_slug, render_markdown, render_all=None):
    """Parse a FAQ file's text into a FaqDocument; problems are listed, never raised.

    `render_all`, when given, renders a list of answers in one go (faster than one by one).
    """
    lines = text.splitlines()
    metadata, key_lines, body_start = split_metadata(lines)
    entries, problems, seen = [], [], {}
    for question, line, answer_lines in question_blocks(lines, body_start):
        answer_markdown = "\n".join(answer_lines).strip()
        if question is None:
            if any(line.strip() and not NOTE_LINE.match(line) for line in answer_lines):
                problems.append(FaqProblem(line, "text before the first question (## heading)"))
            continue
        if not question:
            problems.append(FaqProblem(line, "empty question heading"))
            continue
        if not answer_markdown:
            problems.append(FaqProblem(line, f"question has no answer: {question!r}"))
            continue
        key = question.casefold()
        if key in seen:
            problems.append(
                FaqProblem(line, f"duplicate question (first on line {seen[key]}): {question!r}")
            )
            continue
        seen[key] = line
        entries.append((question, answer_markdown, line))
    render_all = render_all or (lambda answers: [render_markdown(a) for a in answers])
    rendered = render_all([answer for _, answer, _ in entries])
    entries = [
        FaqEntry(question, answer, html, line, answer_markup(html), plain_text(html))
        for (question, answer, line), html in zip(entries, rendered, strict=True)
    ]
    if not entries and not problems:
        problems.append(FaqProblem(1, "FAQ file has no questions (## headings)"))
    return FaqDocument(
        slug=metadata.get("slug", default_slug),
        title=metadata.get("title", ""),
        entries=tuple(entries),
        problems=tuple(problems),
        owner=metadata.get("owner", ""),
        owner_line=key_lines.get("owner", 1),
        draft=metadata.get("status", "").lower() == "draft",
    )


def reference_order(reference):
    """Sort key: dated pages (articles) oldest first, then undated pages, each by source."""
    if reference.date is None:
        return (1, 0.0, reference.source)
    return (0, reference.date.timestamp(), reference.source)


def faq_owners(documents, references, faq_page=""):
    """Return {FAQ slug: slug of the one page that marks it up}.

    The owner is the FAQ file's `Owner:` when given; otherwise the oldest article that
    shows it, else the first page (by source path) that shows it, else the site-wide FAQ
    page (`faq_page`, "" for none, in which case the FAQ is marked up nowhere).
    """
    owners = {}
    for reference in sorted(references, key=reference_order):
        for slug in reference.faq_slugs:
            owners.setdefault(slug, reference.page)
    result = {}
    for slug, document in documents.items():
        owner = document.owner or owners.get(slug, faq_page)
        if owner:
            result[slug] = owner
    return result
