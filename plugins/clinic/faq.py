"""FAQ files: Markdown with a metadata header, each question an `##` heading. Pure."""

import re
from dataclasses import dataclass, field

from .metadata import read_header
from .sanitize import plain_text

QUESTION_LINE = re.compile(r"^##(?!#)\s*(?P<question>.*?)\s*#*\s*$")
# What Python-Markdown (Pelican's reader) reads as a heading, line by line: `#` at the start of
# any line of a block; a block's first line over a line of `=` or `-` (setext); and between
# them, where a block starts anew, a horizontal rule (blockprocessors.py, HashHeader,
# SetextHeader and HR processors, in that order of priority).
ATX_LINE = re.compile(r"^(?P<hashes>#{1,6})(?P<text>.*?)#*\s*$")
SETEXT_UNDERLINE = re.compile(r"^(?P<rule>=+|-+) *$")
RULE_LINE = re.compile(r"^ {0,3}((-[ ]{0,2}){3,}|(_[ ]{0,2}){3,}|(\*[ ]{0,2}){3,}) *$")
# A quote's text, and each item's of a list, is parsed as blocks of its own: its first line
# can head one. A quote can start inside a paragraph; a list only where a block starts.
QUOTE_LINE = re.compile(r"^ {0,3}>")
LIST_ITEM = re.compile(r"^ {0,3}([*+-]|\d+\.) ")
FENCE_LINE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
ANSWER_HEADING = "answers cannot hold headings; write each question as '## Question?'"
HTML_HEADINGS = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)
# `[//]: # "note"`: a Markdown link definition nothing uses, i.e. a note for writers only.
NOTE_LINE = re.compile(r"^\[//\]:\s*#")
# `[//]: # "Also asked: How fast does it work? | When will I feel better?"` under a question:
# other ways readers ask it, for the chat only. A note, so never shown nor marked up.
ALSO_ASKED_LINE = re.compile(r'^\[//\]:\s*#\s*"\s*also asked:(?P<ways>[^"]*)"\s*$', re.IGNORECASE)
# A note that means to be one but is not written so (a quote inside, no closing quote): it would
# be dropped in silence, so it is a problem.
ALSO_ASKED_INTENT = re.compile(r"^\s*\[//\]:.*\balso[ _-]*asked\b", re.IGNORECASE)


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer_markdown: str
    answer_html: str
    line: int  # 1-based line of the question's heading in the FAQ file
    also_asked: tuple[str, ...] = ()  # other ways readers ask the question, for the chat


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
    """Split the metadata at the top from the body; return (metadata, lines, start).

    Read as every content file's header is (metadata.py); `lines` maps each key to its
    1-based line. The metadata check names a key given twice; here the first one counts.
    """
    header = read_header(lines)
    metadata, key_lines = {}, {}
    for entry in header.entries:
        metadata.setdefault(entry.name.lower(), entry.value)
        key_lines.setdefault(entry.name.lower(), entry.line)
    return metadata, key_lines, header.body_start


@dataclass(frozen=True)
class Heading:
    line: int  # 1-based line of the heading's text
    level: int
    text: str  # the heading's text, without its marks
    written: str  # the heading's line as written
    underline: str = ""  # `===` or `---` under a setext heading; "" for a `#` heading


def headings(lines, start):
    """Yield every heading Markdown reads in `lines[start:]`, but those in fenced code."""
    fence, block_start, in_list, index = None, True, False, start
    while index < len(lines):
        line, index = lines[index], index + 1
        opening = FENCE_LINE.match(line)
        if fence:
            if line.strip() == fence:
                fence, block_start = None, True
            continue
        if opening:
            fence, block_start = opening["fence"], False
            continue
        if not line.strip() or (block_start and line.startswith("    ")):
            # An indented block is code, and the first line after it starts a block.
            block_start, in_list = True, in_list and bool(line.strip())
            continue
        # Within a list, a heading or a rule leaves the next line in the same item's text.
        in_list = bool(LIST_ITEM.match(line)) if block_start and not in_list else in_list
        atx = ATX_LINE.match(line)
        underline = SETEXT_UNDERLINE.match(lines[index]) if index < len(lines) else None
        if atx:
            level, text = len(atx["hashes"]), atx["text"].strip()
            yield Heading(index, level, text, line.strip())
        elif underline and (block_start or nested_heading(lines, index - 1, in_list)):
            level = 1 if underline["rule"].startswith("=") else 2
            yield Heading(index, level, line.strip(), line.strip(), underline["rule"])
            index += 1
        elif not RULE_LINE.match(line):
            block_start = False
            continue
        block_start = True  # a heading or a rule ends its block: the next line starts one


def nested_heading(lines, index, in_list):
    """Tell whether `lines[index]`, inside a block, heads a quote's or a list item's text.

    A quote starts at its first `>` line. A rule anywhere in a block splits it before quotes
    and lists are read: `---` under such a line is a rule, where `===` makes it a heading.
    """
    line = lines[index]
    quote = QUOTE_LINE.match(line) and not QUOTE_LINE.match(lines[index - 1])
    inside = quote or (in_list and LIST_ITEM.match(line))
    return bool(inside) and not RULE_LINE.match(lines[index + 1])


def heading_problem(heading):
    """Return the problem of a heading that is not a `##` question, or None for a question."""
    if heading.level == 2 and not heading.underline:
        return None
    if heading.underline:
        what = f"{heading.written!r} underlined with {heading.underline!r} is a heading"
    else:
        what = f"{heading.written!r} is a level-{heading.level} heading"
    advice = f"write each question as {'## ' + heading.text!r} (answers cannot hold headings)"
    return FaqProblem(heading.line, f"{what}: {advice}")


def misplaced_headings(misplaced, questions, answers):
    """Return a problem for each heading in an answer, as Markdown rendered the answer.

    `answers` holds (question line, answer HTML). The line scan names the line and the fix;
    the rendered answer decides what is a heading: a heading it does not show is none (no
    false alarm), and one the scan missed (inside a list, say) is named by its question.
    """
    problems, rendered = [], dict(answers)
    by_question = {}
    for heading in misplaced:
        question = max((q for q in questions if q < heading.line), default=0)
        by_question.setdefault(question, []).append(heading)
    for heading in by_question.pop(0, []):  # before the first question: nothing rendered
        problems.append(heading_problem(heading))
    for question, html in answers:
        shown = [plain_text(inner) for _, inner in HTML_HEADINGS.findall(html)]
        for heading in by_question.get(question, []):
            text = words(heading.text)
            match = next((i for i, s in enumerate(shown) if words(s) == text), None)
            if match is not None:
                shown.pop(match)
                problems.append(heading_problem(heading))
        if shown:
            problems.append(
                FaqProblem(
                    question,
                    f"the answer to {questions[question]!r} holds a heading "
                    f"({shown[0]!r}): {ANSWER_HEADING}",
                )
            )
    problems.extend(
        heading_problem(h) for q, found in by_question.items() if q not in rendered for h in found
    )
    return problems


def words(text):
    """Return text as its letters and digits only, to compare Markdown with its rendering."""
    return re.sub(r"\W+", "", text).casefold()


def question_blocks(lines, start, questions):
    """Yield (question, line_number, answer_lines) for each `##` heading, and the preamble.

    The preamble (text before the first question) is yielded with question None.
    `questions` maps the line of each `##` heading to its text.
    """
    question, question_line, answer = None, start + 1, []
    for number, line in enumerate(lines[start:], start=start + 1):
        if number in questions:
            yield question, question_line, answer
            question, question_line, answer = questions[number], number, []
        else:
            answer.append(line)
    yield question, question_line, answer


def split_also_asked(answer_lines):
    """Return (the answer's lines without its `Also asked` notes, the ways they list, the
    indexes of the lines that look like such a note but are not one)."""
    kept, ways, malformed = [], [], []
    for index, line in enumerate(answer_lines):
        note = ALSO_ASKED_LINE.match(line.strip())
        if note:
            ways += [way.strip() for way in note["ways"].split("|") if way.strip()]
        else:
            kept.append(line)
            if ALSO_ASKED_INTENT.match(line):
                malformed.append(index)
    return kept, tuple(ways), malformed


def parse_faq(text, default_slug, render_markdown, render_all=None):
    """Parse a FAQ file's text into a FaqDocument; problems are listed, never raised.

    `render_all`, when given, renders a list of answers in one go (faster than one by one).
    """
    lines = text.splitlines()
    metadata, key_lines, body_start = split_metadata(lines)
    entries, problems, seen = [], [], {}
    found = list(headings(lines, body_start))
    questions = {h.line: h.text for h in found if heading_problem(h) is None}
    misplaced = [h for h in found if h.line not in questions]
    # Reported as headings, so not again as text before the first question.
    heading_lines = {h.line + offset for h in misplaced for offset in (0, bool(h.underline))}
    for question, line, block in question_blocks(lines, body_start, questions):
        answer_lines, also_asked, malformed = (
            split_also_asked(block) if question else (block, (), [])
        )
        problems += [
            FaqProblem(
                line + 1 + index,
                "not an 'Also asked' note: write [//]: # \"Also asked: one way | another way\", "
                "with no other double quote in it",
            )
            for index in malformed
        ]
        answer_markdown = "\n".join(answer_lines).strip()
        if question is None:
            stray = [
                written
                for number, written in enumerate(answer_lines, start=line)
                if written.strip() and not NOTE_LINE.match(written) and number not in heading_lines
            ]
            if stray:
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
        entries.append((question, answer_markdown, line, also_asked))
    render_all = render_all or (lambda answers: [render_markdown(a) for a in answers])
    rendered = render_all([answer for _, answer, _, _ in entries])
    problems.extend(
        misplaced_headings(
            misplaced, questions, [(e[2], html) for e, html in zip(entries, rendered, strict=True)]
        )
    )
    entries = [
        FaqEntry(question, answer, html, line, also_asked=also)
        for (question, answer, line, also), html in zip(entries, rendered, strict=True)
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


def marker_lines(text, marker):
    """Return the 1-based lines of every paragraph that is the FAQ marker alone, outside code."""
    lines, found, fence = text.splitlines(), [], None
    for index, line in enumerate(lines):
        opening = FENCE_LINE.match(line)
        if fence:
            fence = None if line.strip() == fence else fence
        elif opening:
            fence = opening["fence"]
        elif line.strip() == marker and all(
            not lines[i].strip() for i in (index - 1, index + 1) if 0 <= i < len(lines)
        ):
            found.append(index + 1)
    return found


def marker_problems(lines, marker, has_faq):
    """Return (line, message) for each FAQ marker that shows nothing: all without `FAQ:`,
    and every one after the first."""
    if not has_faq:
        return [
            (
                line,
                f"{marker!r} marks where the FAQ goes, but this page has no 'FAQ:' line: "
                "add one to its metadata (e.g. 'FAQ: ketamine-therapy'), or delete the marker",
            )
            for line in lines
        ]
    return [
        (
            line,
            f"second {marker!r} marker (first on line {lines[0]}): "
            "the FAQ shows once; delete this one",
        )
        for line in lines[1:]
    ]


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
