"""The metadata schema (metadata.toml) and the checks it drives on a file's header. Pure.

A file's metadata is the block of `Key: value` lines at its top, up to the first empty line, read
as Python-Markdown's `meta` extension reads it (Pelican's Markdown reader uses it): a key is
letters, digits, `_` and `-`; a line indented by four spaces continues the value above; the
first line that is neither ends the metadata, and it and every line after it become the text.
"""

import datetime
import difflib
import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from .problems import Problem

SCHEMA_FILE = Path(__file__).with_name("metadata.toml")
KINDS = ("article", "page", "faq")

META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
MORE_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_LINE = re.compile(r"^-{3}(\s.*)?$")
END_LINE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
# What a writer meant as a key but the reader cannot take as one: `Reviewed by: ...`.
KEYLIKE_LINE = re.compile(r"^\s*(?P<key>[A-Za-z][\w .'-]{0,40}?)\s*:\s")
# `[Name]` is a placeholder; `[text](url)`, `[text][ref]` and `[ref]: url` are Markdown.
PLACEHOLDER = re.compile(r"\[[^\[\]\n]+\](?![(\[:])")
# A body paragraph that is only a bracketed instruction, as the new-file drafts write them.
PLACEHOLDER_PARAGRAPH = re.compile(r"^\s*(#{1,6}\s*)?\[[^\[\]]+\][?.!]?\s*$")
FENCE_LINE = re.compile(r"^\s*(```|~~~)")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}
IMAGE_PATH = re.compile(r"^[\w./-]+\.(svg|png|jpe?g|gif|webp|avif)$", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """One metadata key of the schema."""

    name: str
    type: str
    kinds: tuple[str, ...]
    required: tuple[str, ...]
    help: str
    example: str
    aliases: tuple[str, ...] = ()
    values: dict | None = None  # kind -> allowed values, for type "status"

    @property
    def key(self):
        """The key as Pelican stores it: lower case."""
        return self.name.lower()


@dataclass(frozen=True)
class Schema:
    fields: tuple[Field, ...]

    @cached_property
    def by_key(self):
        """{lower-case key: its Field}, the first of each: asked for every key of every file."""
        found = {}
        for f in self.fields:
            found.setdefault(f.key, f)
        return found

    def field(self, key):
        """Return the Field of a key in any case, or None."""
        return self.by_key.get(key.lower())

    def for_kind(self, kind):
        return tuple(f for f in self.fields if kind in f.kinds)

    def suggestion(self, key, kind):
        """Return the known key a writer most likely meant by `key`, or None."""
        folded = re.sub(r"[\s.-]+", "_", key.strip().lower())
        fields = self.for_kind(kind) or self.fields
        for f in fields:
            if folded == f.key or folded in f.aliases or folded.rstrip("s") == f.key:
                return f
        names = {f.key: f for f in fields}
        close = difflib.get_close_matches(folded, list(names), n=1, cutoff=0.7)
        return names[close[0]] if close else None


@cache
def load_schema(path=SCHEMA_FILE):
    """Return the Schema of a metadata.toml file."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return Schema(
        tuple(
            Field(
                name=entry["name"],
                type=entry["type"],
                kinds=tuple(entry["kinds"]),
                required=tuple(entry.get("required", ())),
                help=entry["help"],
                example=entry["example"],
                aliases=tuple(entry.get("aliases", ())),
                values={kind: tuple(v) for kind, v in entry["values"].items()}
                if "values" in entry
                else None,
            )
            for entry in data["key"]
        )
    )


@dataclass(frozen=True)
class Entry:
    """One `Key: value` of a header, with the lines that continue it."""

    name: str  # as written
    value: str
    line: int  # 1-based
    continued: int = 0  # lines that continue the value


@dataclass(frozen=True)
class Header:
    entries: tuple[Entry, ...]
    stray: tuple[tuple[int, str], ...]  # (line, key as written) of key-like lines it ended at
    body_start: int  # 0-based index of the first line of the text


def read_header(lines):
    """Return the Header of a file's lines, read as the Markdown reader reads metadata."""
    entries, stray, index = [], [], 0
    if lines and BEGIN_LINE.match(lines[0]):
        index = 1
    while index < len(lines):
        line = lines[index]
        if not line.strip() or END_LINE.match(line):
            return Header(tuple(entries), tuple(stray), index + 1)
        match = META_LINE.match(line)
        more = MORE_LINE.match(line)
        if match:
            entries.append(Entry(match["key"], match["value"].strip(), index + 1))
        elif more and entries:
            last = entries[-1]
            value = f"{last.value} {more['value'].strip()}".strip()
            entries[-1] = Entry(last.name, value, last.line, last.continued + 1)
        else:
            keylike = KEYLIKE_LINE.match(line)
            if keylike and entries:
                stray.append((index + 1, keylike["key"]))
            return Header(tuple(entries), tuple(stray), index)
        index += 1
    return Header(tuple(entries), tuple(stray), len(lines))


def check_metadata(path, text, kind, schema=None, faq_marker="[FAQ]", slug_maker=None):
    """Return every problem of a file's metadata, and of placeholders left in it.

    `slug_maker(key, value)`: the slug Pelican makes of a `title` when there is no Slug: line
    (None when it makes it from something else), of a `category`, a `tag`, an `author`.
    """
    schema = schema or load_schema()
    lines = text.splitlines()
    header = read_header(lines)
    problems, seen = [], {}
    for line, written in header.stray:
        problems.append(Problem(path, line, stray_message(written, kind, schema), "not-metadata"))
    for entry in header.entries:
        key = entry.name.lower()
        if key in seen:
            problems.append(
                Problem(
                    path,
                    entry.line,
                    f"{entry.name}: given twice (first on line {seen[key]}): keep one of the two",
                    "duplicate-key",
                )
            )
            continue
        seen[key] = entry.line
        field = schema.field(key)
        if field is None or kind not in field.kinds:
            problems.append(
                Problem(path, entry.line, unknown_message(entry.name, kind, schema), "unknown-key")
            )
            continue
        problems += value_problems(path, entry, field, kind)
    for field in schema.for_kind(kind):
        if kind in field.required and field.key not in seen:
            problems.append(
                Problem(
                    path,
                    1,
                    f"no {field.name}: add a '{field.name}:' line to the metadata at the top "
                    f"(e.g. {field.name}: {field.example})",
                    f"missing-{field.key}",
                )
            )
    problems += modified_before_date(path, header)
    if slug_maker is not None and kind != "faq":
        if "slug" not in seen:
            problems += addressless_title(path, header, slug_maker)
        problems += addressless_names(path, header, slug_maker)
        problems += repeated_tags(path, header, slug_maker)
    status = next((e.value for e in header.entries if e.name.lower() == "status"), "")
    if status.lower() != "draft":
        problems += placeholder_problems(path, lines, header, schema, faq_marker)
    return problems


def addressless_title(path, header, slug_maker):
    """Return the problem of a title that makes an empty slug (emoji or punctuation only).

    Pelican would write such a page outside the site and skip it, with no problem of its own.
    """
    title = next((e for e in header.entries if e.name.lower() == "title"), None)
    if title is None or not title.value or slug_maker("title", title.value) != "":
        return []
    return [
        Problem(
            path,
            title.line,
            f"Title: {title.value!r} has no letter or digit to make the page's address from "
            f"(add a Slug: line, e.g. Slug: {slug_of(Path(path).stem)})",
            "bad-value",
        )
    ]


# The keys whose values have pages of their own, and the name Pelican slugs each value as.
NAMED_PAGES = {"category": "category", "tags": "tag", "author": "author"}


def addressless_names(path, header, slug_maker):
    """Return a problem for each category, tag or author that makes an empty slug.

    Pelican would log it without naming the file, and list the article under a page whose
    address is empty.
    """
    problems = []
    for entry in header.entries:
        name = NAMED_PAGES.get(entry.name.lower())
        parts = entry.value.split(",") if name == "tag" else [entry.value]
        for part in (p.strip() for p in parts if name and p.strip()):
            if not slug_maker(name, part):
                problems.append(
                    Problem(
                        path,
                        entry.line,
                        f"{entry.name}: {part!r} has no letter or digit to make its page's "
                        "address from (write it in words)",
                        "bad-value",
                    )
                )
    return problems


def repeated_tags(path, header, slug_maker):
    """Return a problem for each tag given twice in one Tags: line, in any case or spelling
    that makes the same slug: the page would list it each time, and its JSON-LD keywords too."""
    problems = []
    for entry in (e for e in header.entries if e.name.lower() == "tags"):
        first = {}
        for part in (p.strip() for p in entry.value.split(",") if p.strip()):
            slug = slug_maker("tag", part)
            if slug and slug in first:
                problems.append(
                    Problem(
                        path,
                        entry.line,
                        f"Tags: {part!r} is the same tag as {first[slug]!r}: keep one of the two",
                        "bad-value",
                    )
                )
            first.setdefault(slug, part)
    return problems


def stray_message(written, kind, schema):
    meant = schema.suggestion(written, kind)
    hint = f"did you mean {meant.name}:?" if meant else "a key is one word, such as Reviewed_by"
    return (
        f"'{written}:' is not a metadata key, so the metadata ends here and this line and the "
        f"ones below it show as text ({hint})"
    )


def unknown_message(written, kind, schema):
    meant = schema.suggestion(written, kind)
    elsewhere = schema.field(written)
    if elsewhere is not None:
        where = " or ".join(f"{kind_name(k)}s" for k in elsewhere.kinds)
        return (
            f"{written}: is not a metadata key of {kind_name(kind)}s "
            f"(it belongs in {where}; remove it)"
        )
    if meant is not None:
        return f"{written}: is not a metadata key (did you mean {meant.name}?)"
    known = ", ".join(f.name for f in schema.for_kind(kind))
    return f"{written}: is not a metadata key (the keys of {kind_name(kind)}s are {known})"


def kind_name(kind):
    return "FAQ file" if kind == "faq" else kind


def value_problems(path, entry, field, kind):
    """Return the problems of one value against its field's type."""
    value, problems = entry.value, []

    def problem(message, problem_kind="bad-value"):
        problems.append(Problem(path, entry.line, f"{field.name}: {message}", problem_kind))

    if entry.continued and field.key != "summary":
        problem(
            f"continues on the next line; write the whole value on line {entry.line} "
            "(only Summary: may go on over several lines)"
        )
    if not value:
        problem(f"is empty (write a value, e.g. {field.name}: {field.example}, or remove the line)")
        return problems
    if field.type == "datetime" and not ISO_DATETIME.match(value):
        problem(date_message(value, with_time=True), "bad-date")
    elif field.type == "datetime" and not valid_iso(value):
        problem(f"{value!r} is no day of the calendar (write YYYY-MM-DD HH:MM)", "bad-date")
    elif field.type == "date" and not (ISO_DATE.match(value) and valid_iso(value)):
        problem(date_message(value, with_time=False), "bad-date")
    elif field.type == "slug" and not SLUG.match(value):
        problem(f"{value!r} is not a slug (lower-case words joined by -, e.g. {slug_of(value)})")
    elif field.type == "slugs":
        parts = [p.strip() for p in value.split(",")]
        for index, part in enumerate(parts):
            if not SLUG.match(part):
                problem(
                    f"{part!r} is not a slug (lower-case words joined by -, e.g. {slug_of(part)})"
                )
            elif part in parts[:index]:  # its questions would show, and be marked up, twice
                problem(f"{part!r} is given twice: keep one of the two")
    elif field.type == "status" and value.lower() not in field.values[kind]:
        allowed = " or ".join(field.values[kind])
        problem(f"{value!r} is not a status (use {allowed})", "unknown-status")
    elif field.type == "image" and (
        value.startswith(("http:", "https:", "//")) or not IMAGE_PATH.match(value)
    ):
        problem(f"{value!r} is not the path of an image under content/ (e.g. {field.example})")
    return problems


def modified_before_date(path, header):
    """Return the problem of a Modified: earlier than the Date: it changes, or [].

    The page would say it was updated before it was published, and its JSON-LD too. Compared
    by day when either is a day alone (a change later that day is written the same day).
    """
    entries = {e.name.lower(): e for e in reversed(header.entries)}  # the first of each key
    date, modified = entries.get("date"), entries.get("modified")
    if not (date and modified and valid_iso(date.value) and valid_iso(modified.value)):
        return []  # missing or malformed: the value check names it
    published, changed = (datetime.datetime.fromisoformat(e.value) for e in (date, modified))
    if ISO_DATE.match(date.value) or ISO_DATE.match(modified.value):
        published, changed = published.date(), changed.date()
    try:
        earlier = changed < published
    except TypeError:  # one with a time zone, one without: Pelican settles those
        return []
    if not earlier:
        return []
    return [
        Problem(
            path,
            modified.line,
            f"Modified: {modified.value} is before Date: {date.value} (line {date.line}); "
            "a change comes after publishing: correct one of the two",
            "bad-date",
        )
    ]


def valid_iso(value):
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def slug_of(text):
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "first-session"


def placeholder_problems(path, lines, header, schema, faq_marker):
    """Return a problem for each placeholder left in a value, or as a paragraph of the text."""
    problems = []
    for entry in header.entries:
        found = PLACEHOLDER.search(entry.value) if schema.field(entry.name) else None
        if found:
            problems.append(
                Problem(
                    path,
                    entry.line,
                    f"{entry.name}: {found[0]!r} is a placeholder (write the real value, or "
                    "remove the line; a draft may keep it)",
                    "placeholder",
                )
            )
    in_fence = False
    for number, line in enumerate(lines[header.body_start :], start=header.body_start + 1):
        if FENCE_LINE.match(line):
            in_fence = not in_fence
        if in_fence or line.strip() == faq_marker:
            continue
        if PLACEHOLDER_PARAGRAPH.match(line):
            problems.append(
                Problem(
                    path,
                    number,
                    f"still the draft's text, replace it: {line.strip()!r}",
                    "placeholder",
                )
            )
    return problems


def content_kind(name, article_paths, page_paths, faq_path):
    """Return what a file under content/ (posix path relative to it) is read as, or None."""
    if Path(name).suffix.lower() not in MARKDOWN_SUFFIXES:
        return None

    def under(folder):
        return not folder or name.startswith(folder.rstrip("/") + "/")

    if faq_path and under(faq_path):
        return "faq"
    if any(under(folder) for folder in page_paths):
        return "page"
    if any(under(folder) for folder in article_paths):
        return "article"
    return None


# Dates ---------------------------------------------------------------------------------------

NUMERIC_DATE = re.compile(
    r"^(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})"
    r"(?:[ T,]+(?P<hour>\d{1,2})[:h.](?P<minute>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?)?$",
    re.IGNORECASE,
)
MONTH_NAMES = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)


def date_message(value, with_time):
    """Return why `value` is not an ISO date, with the ISO spelling of what was likely meant."""
    form = "YYYY-MM-DD or YYYY-MM-DD HH:MM" if with_time else "YYYY-MM-DD"
    meant = likely_dates(value)
    if not with_time:
        meant = [m.date() if isinstance(m, datetime.datetime) else m for m in meant]
    if not meant:
        return f"{value!r} is not a date (write it as {form}, e.g. 2026-12-01)"
    spelled = " or ".join(f"{iso(m)} for {readable(m)}" for m in dict.fromkeys(meant))
    return f"{value!r} is not written {form} (write {spelled})"


def iso(moment):
    if isinstance(moment, datetime.datetime):
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


def readable(moment):
    day = f"{moment.day} {moment:%B %Y}"
    return f"{day}, {moment:%H:%M}" if isinstance(moment, datetime.datetime) else day


def likely_dates(value):
    """Return the dates `value` may mean, most likely first: one, or two when day and month
    could be either way round (1/12/2026), or none."""
    text = " ".join(value.split())
    match = NUMERIC_DATE.match(text)
    if match:
        return numeric_dates(match)
    if MONTH_NAMES.search(text) and re.search(r"\b\d{4}\b", text):
        return named_month_dates(text)
    return []


def numeric_dates(match):
    a, b, c = (int(match[name]) for name in "abc")
    if len(match["a"]) == 4:
        orders = [(a, b, c)]  # 2026/12/1, 2026.12.01
    else:
        year = c + 2000 if len(match["c"]) <= 2 else c
        # Dots and dashes are written day first; slashes either way round in Canada.
        orders = [(year, b, a)] if match["sep"] in ".-" else [(year, b, a), (year, a, b)]
    hour, minute = match["hour"], match["minute"]
    found = []
    for year, month, day in orders:
        try:
            if hour is None:
                found.append(datetime.date(year, month, day))
            else:
                found.append(
                    datetime.datetime(year, month, day, hours(hour, match["ampm"]), int(minute))
                )
        except ValueError:
            continue
    return list(dict.fromkeys(found))


def hours(hour, ampm):
    """Return the 24-hour clock's hour of `9` with `pm`, `12` with `am`..."""
    hour, ampm = int(hour), (ampm or "").lower()
    if ampm.startswith("p") and hour < 12:
        return hour + 12
    if ampm.startswith("a") and hour == 12:
        return 0
    return hour


def named_month_dates(text):
    from dateutil import parser

    found = []
    for dayfirst in (True, False):
        try:
            moment = parser.parse(text, dayfirst=dayfirst, default=datetime.datetime(2000, 1, 1))
        except (ValueError, OverflowError):
            continue
        has_time = bool(re.search(r"\d[:h.]\d{2}|\b\d{1,2}\s*[ap]\.?m", text, re.IGNORECASE))
        found.append(moment if has_time else moment.date())
    return list(dict.fromkeys(found))
