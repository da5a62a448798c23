"""A corpus of bad inputs: each is named with its file, line and kind, fails the build, and
leaves the previous output/ exactly as it was."""

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest

from tests.badsites import (
    PROBLEM_LINE,
    SVG,
    build,
    built_good_site,
    copy_site,
    problems,
    write_files,
)
from tests.projectcopy import snapshot
from tests.sitebuild import ROOT

A = "content/articles/bad.md"
FAQ = "content/faq/bad.md"
PAGE = "content/pages/bad.md"
ALT = "content/alt-text.toml"
PHOTO = "content/images/holiday.jpg"
GOOD_ALT_LINE = 'alt = "A small grey rectangle standing in for an illustration."\n'


def article(*lines, body="Text."):
    """Return a bad article: a title and a date, then `lines` from line 3 on, then `body`."""
    return "\n".join(["Title: T", "Date: 2026-11-02", *lines, "", body]) + "\n"


def faq(body):
    """Return an FAQ file whose text, from line 3 on, is `body`."""
    return f"Title: Questions\n\n{body}"


def photo_with_position():
    """Return the bytes of a small JPEG that says where it was taken (EXIF GPS)."""
    import io

    from PIL import Image

    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (49.0, 16.0, 0.0), 3: "W", 4: (123.0, 7.0, 0.0)})
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(out, "JPEG", exif=exif)
    return out.getvalue()


@dataclass(frozen=True)
class Case:
    name: str
    files: dict
    path: str
    line: int
    kind: str
    settings: str = ""
    also: tuple = field(default=())  # other files a case may name besides `path`

    @property
    def key(self):
        return (self.path, self.line, self.kind)


CASES = [
    Case("missing title", {A: "Date: 2026-11-02\n\nNo title.\n"}, A, 1, "missing-title"),
    Case("empty article", {A: ""}, A, 1, "missing-title"),
    Case("missing date", {A: "Title: Undated\n\nText.\n"}, A, 1, "missing-date"),
    Case(
        "unknown status",
        {A: "Title: T\nDate: 2026-11-02\nStatus: publsihed\n\nText.\n"},
        A,
        3,
        "unknown-status",
    ),
    Case("date out of range", {A: "Title: T\nDate: 2026-13-45\n\nText.\n"}, A, 2, "bad-date"),
    Case("date in words", {A: "Title: T\nDate: soon\n\nText.\n"}, A, 2, "bad-date"),
    Case(
        "modified date",
        {A: "Title: T\nDate: 2026-11-02\nModified: 2026-02-30\n\nText.\n"},
        A,
        3,
        "bad-date",
    ),
    Case(
        "slug of another article",
        {"content/articles/second.md": "Title: Second\nDate: 2026-11-02\nSlug: good\n\nText.\n"},
        "content/articles/second.md",
        3,
        "duplicate-slug",
    ),
    Case(
        "new article, named first, with the slug of one published before",
        {"content/articles/a-new.md": "Title: New\nDate: 2026-11-02\nSlug: good\n\nText.\n"},
        "content/articles/a-new.md",
        3,
        "duplicate-slug",
    ),
    Case(
        "copy of an FAQ file that kept its Slug:",
        {"content/faq/a-copy.md": "Title: Copy\nSlug: basics\n\n## Is it new?\n\nYes.\n"},
        "content/faq/a-copy.md",
        2,
        "duplicate-slug",
    ),
    Case(
        "page with an article's slug",
        {"content/pages/clash.md": "Title: Clash\nSlug: good\n\nText.\n"},
        "content/pages/clash.md",
        2,
        "duplicate-slug",
    ),
    Case(
        "page with the slug of a page the site always has",
        {"content/pages/privacy.md": "Title: Our privacy\nSlug: privacy\n\nText.\n"},
        "content/pages/privacy.md",
        2,
        "duplicate-slug",
    ),
    Case(
        "title that makes another's slug",
        {"content/articles/twin.md": "Title: Good\nDate: 2026-11-02\n\nText.\n"},
        "content/articles/twin.md",
        1,
        "duplicate-slug",
        settings='SLUGIFY_SOURCE = "title"\n',
        also=("content/articles/good.md",),
    ),
    Case(
        "folder nothing reads",
        {"content/drafts/later.md": "Title: Later\nDate: 2026-11-02\n\nText.\n"},
        "content/drafts/later.md",
        1,
        "unread-file",
    ),
    Case(
        "file type no reader knows",
        {"content/articles/notes.txt": "Notes for later.\n"},
        "content/articles/notes.txt",
        1,
        "unread-file",
    ),
    Case(
        "Latin-1 article",
        {A: b"Title: T\nDate: 2026-11-02\n\nCaf\xe9 au lait.\n"},
        A,
        4,
        "encoding",
    ),
    Case(
        "byte-order mark",
        {A: b"\xef\xbb\xbfTitle: T\nDate: 2026-11-02\n\nText.\n"},
        A,
        1,
        "encoding",
    ),
    Case(
        "control character",
        {A: "Title: T\nDate: 2026-11-02\n\nText.\n\nPasted\x0btext.\n"},
        A,
        6,
        "control-character",
    ),
    Case(
        "Windows-1252 FAQ file",
        {FAQ: b"Title: F\n\n## Why?\n\n\x93Because.\x94\n"},
        FAQ,
        5,
        "encoding",
    ),
    Case(
        "link to no page",
        {A: "Title: T\nDate: 2026-11-02\n\nSee\n[prices](/prices/).\n"},
        A,
        5,
        "dead-link",
    ),
    Case(
        "filename link to no file",
        {A: "Title: T\nDate: 2026-11-02\n\nSee [it]({filename}/articles/gone.md).\n"},
        A,
        4,
        "dead-link",
    ),
    Case(
        "anchor missing on another page",
        {A: "Title: T\nDate: 2026-11-02\n\nText.\n\n[team]({filename}/pages/about.md#staff)\n"},
        A,
        6,
        "dead-anchor",
    ),
    Case(
        "anchor missing on the same page",
        {A: "Title: T\nDate: 2026-11-02\n\n[below](#nowhere)\n"},
        A,
        4,
        "dead-anchor",
    ),
    Case(
        "HTML image of no file",
        {A: 'Title: T\nDate: 2026-11-02\n\n<img src="/images/gone.png" alt="A chart">\n'},
        A,
        4,
        "dead-link",
    ),
    Case(
        "Markdown image of no file",
        {A: "Title: T\nDate: 2026-11-02\n\n![A chart]({static}/images/gone.png)\n"},
        A,
        4,
        "image",
    ),
    Case(
        "one slash after https",
        {A: "Title: T\nDate: 2026-11-02\n\nText.\n\n[x](https:/example.org/page)\n"},
        A,
        6,
        "malformed-url",
    ),
    Case(
        "misspelt scheme",
        {A: "Title: T\nDate: 2026-11-02\n\n[x](htps://example.org/)\n"},
        A,
        4,
        "malformed-url",
    ),
    Case(
        "space in a host",
        {A: 'Title: T\nDate: 2026-11-02\n\n<a href="https://exa mple.org/">x</a>\n'},
        A,
        4,
        "malformed-url",
    ),
    Case(
        "style attribute",
        {A: 'Title: T\nDate: 2026-11-02\n\n<p style="color: red">Red.</p>\n'},
        A,
        4,
        "blocked-by-csp",
    ),
    Case(
        "FAQ text before the first question",
        {FAQ: "Title: F\n\nStray text.\n\n## Why?\n\nBecause.\n"},
        FAQ,
        3,
        "faq",
    ),
    Case(
        "FAQ question asked in another FAQ file too",
        {"content/faq/more.md": "Title: More\n\n## Is THIS a question?\n\nAnother answer.\n"},
        "content/faq/more.md",
        3,
        "faq",
    ),
    Case(
        "FAQ owner that is a draft",
        {
            "content/articles/later.md": article("Slug: later", "Status: draft"),
            "content/faq/basics.md": "Title: Basics\nOwner: later\n\n## Is it?\n\nYes.\n",
        },
        "content/faq/basics.md",
        2,
        "faq",
    ),
    Case(
        "FAQ that does not exist",
        {A: "Title: T\nDate: 2026-11-02\nFAQ: nothing-here\n\nText.\n"},
        A,
        3,
        "faq",
    ),
    Case(
        "image without alt text",
        {
            A: "Title: T\nDate: 2026-11-02\n\n![]({static}/images/plain.svg)\n",
            "content/images/plain.svg": SVG,
        },
        A,
        4,
        "image",
    ),
    Case(
        "reference-style image without alt text",
        {
            A: "Title: T\nDate: 2026-11-02\n\nText.\n\n![][plain]\n\n[plain]: /images/plain.svg\n",
            "content/images/plain.svg": SVG,
        },
        A,
        6,
        "image",
    ),
    Case(
        "HTML image without the alt text of its entry",
        {A: 'Title: T\nDate: 2026-11-02\n\n<img src="{static}/images/dot.svg">\n'},
        A,
        4,
        "image",
    ),
    Case(
        "review date without a reviewer",
        {A: "Title: T\nDate: 2026-11-02\nLast_reviewed: 2026-11-01\n\nText.\n"},
        A,
        3,
        "medical-review",
    ),
    Case(
        "template the theme does not have",
        {A: "Title: T\nDate: 2026-11-02\nTemplate: landing\n\nText.\n"},
        A,
        3,
        "unknown-template",
    ),
    Case(
        "article with a page's template",
        {A: "Title: T\nDate: 2026-11-02\nTemplate: faq\n\nText.\n"},
        A,
        3,
        "unknown-template",
    ),
    Case(
        "page with the article template",
        {PAGE: "Title: T\nSlug: bad\nTemplate: article\n\nText.\n"},
        PAGE,
        3,
        "unknown-template",
    ),
    # Metadata, as the schema (plugins/clinic/metadata.toml) says it must be.
    *(
        Case(f"unknown key {key}", {A: article(f"{key}: x")}, A, 3, "unknown-key")
        for key in ["Reviewd_by", "Sumary", "Last_reveiwed", "Covr", "Tag", "Image"]
    ),
    Case("key with a space", {A: article("Reviewed by: Dr. Somebody")}, A, 3, "not-metadata"),
    Case("key of FAQ files in an article", {A: article("Owner: good")}, A, 3, "unknown-key"),
    Case("title given twice", {A: article("Title: Again")}, A, 3, "duplicate-key"),
    Case("page without a title", {PAGE: "Slug: bad\n\nText.\n"}, PAGE, 1, "missing-title"),
    Case("FAQ file without a title", {FAQ: "Slug: bad\n\n## Q?\n\nA.\n"}, FAQ, 1, "missing-title"),
    *(
        Case(f"date written {date}", {A: f"Title: T\nDate: {date}\n\nText.\n"}, A, 2, "bad-date")
        for date in ["1/12/2026", "01.12.2026", "December 1, 2026", "2026/12/01", "2026-12-1"]
    ),
    Case(
        "review date written day first",
        {A: article("Reviewed_by: Dr. A. Clinician, MD", "Last_reviewed: 20/11/2026")},
        A,
        4,
        "bad-date",
    ),
    Case("slug with capitals", {A: article("Slug: Bad Slug")}, A, 3, "bad-value"),
    Case("title of emoji only", {A: "Title: ❤️\nDate: 2026-11-02\n\nText.\n"}, A, 1, "bad-value"),
    Case("page title of punctuation only", {PAGE: "Title: ?\n\nText.\n"}, PAGE, 1, "bad-value"),
    Case(
        "title too long for a file name",
        {A: article(body="x").replace("T\n", "T" * 300 + "\n", 1)},
        A,
        1,
        "bad-value",
    ),
    Case(
        "page slug too long for a file name",
        {PAGE: f"Title: P\nSlug: {'p' * 256}\n\nText.\n"},
        PAGE,
        2,
        "bad-value",
    ),
    Case("empty category", {A: article("Category:")}, A, 3, "bad-value"),
    Case("category of emoji only", {A: article("Category: ❤️")}, A, 3, "bad-value"),
    Case("tag of emoji only", {A: article("Tags: ketamine, 🙂")}, A, 3, "bad-value"),
    Case("tag given twice", {A: article("Tags: Ketamine, ketamine")}, A, 3, "bad-value"),
    Case("modified before the date", {A: article("Modified: 2026-11-01")}, A, 3, "bad-date"),
    Case(
        "placeholder reviewer",
        {A: article("Reviewed_by: Dr. [Name], [credentials]", "Last_reviewed: 2026-11-01")},
        A,
        3,
        "placeholder",
    ),
    Case(
        "placeholder summary", {A: article("Summary: [One or two sentences]")}, A, 3, "placeholder"
    ),
    Case(
        "placeholder tags", {A: article("Tags: [keyword], [another keyword]")}, A, 3, "placeholder"
    ),
    Case("placeholder text", {A: article(body="[Write the article here.]")}, A, 4, "placeholder"),
    Case("placeholder FAQ title", {FAQ: "Title: [Topic]\n\n## Q?\n\nA.\n"}, FAQ, 1, "placeholder"),
    # FAQ files: each question a ## heading; the [FAQ] marker only where an FAQ is shown.
    *(
        Case(f"FAQ question as {mark}", {FAQ: faq(f"{mark} Is it safe?\n\nYes.\n")}, FAQ, 3, "faq")
        for mark in ["#", "###", "####", "######"]
    ),
    *(
        Case(
            f"FAQ question underlined with {rule}",
            {FAQ: faq(f"## First?\n\nYes.\n\nIs it safe?\n{rule}\n\nYes.\n")},
            FAQ,
            7,
            "faq",
        )
        for rule in ["===", "---"]
    ),
    Case(
        "FAQ 'Also asked' note that is not one",
        {FAQ: faq('## Is it safe?\n[//]: # "Also asked: Is it "risky"?"\n\nYes.\n')},
        FAQ,
        4,
        "faq",
    ),
    Case("FAQ file named twice", {A: article("FAQ: basics, basics")}, A, 3, "bad-value"),
    Case("FAQ marker without FAQ:", {A: article(body="Text.\n\n[FAQ]")}, A, 6, "faq"),
    Case(
        "FAQ marker twice",
        {A: article("FAQ: basics", body="[FAQ]\n\nText.\n\n[FAQ]")},
        A,
        9,
        "faq",
    ),
    # The alt-text file: alt and caption are text, decorative true or false, nothing else.
    *(
        Case(f"alt-text {name}", {ALT: f'["images/dot.svg"]\n{lines}'}, ALT, line, "alt-text")
        for name, lines, line in [
            ("alt a number", "alt = 42\n", 2),
            ("alt a list", 'alt = ["a", "b"]\n', 2),
            ("caption a number", f"{GOOD_ALT_LINE}caption = 7\n", 3),
            ("decorative as text", 'decorative = "yes"\n', 2),
            ("unknown key", f'{GOOD_ALT_LINE}captoin = "A caption"\n', 3),
        ]
    ),
    Case(
        "photo with a GPS position",
        {PHOTO: photo_with_position()},
        PHOTO,
        1,
        "photo-location",
        also=(ALT,),
    ),
    Case(
        "cover that is no file",
        {A: "Title: T\nDate: 2026-11-02\nCover: images/gone.svg\n\nText.\n"},
        A,
        3,
        "cover",
    ),
]


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """The good tiny site, built: every case starts from its output/."""
    return built_good_site(tmp_path_factory.mktemp("good") / "site")


@pytest.fixture(scope="module")
def outcomes(previous, tmp_path_factory):
    """Break a copy of the good site for each case and build them all, two at a time."""

    def run(case):
        folder = copy_site(previous, tmp_path_factory.mktemp("case") / "site")
        before = snapshot(folder / "output")
        write_files(folder, case.files)
        if case.settings:
            with (folder / "settings.py").open("a", encoding="utf-8") as settings:
                settings.write(case.settings)
        return before, build(folder), snapshot(folder / "output")

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip((c.name for c in CASES), pool.map(run, CASES), strict=True))


def test_the_corpus_holds_at_least_25_distinct_bad_inputs():
    assert len({c.name for c in CASES}) == len(CASES) >= 25
    assert len({repr(c.files) for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_bad_input_is_named_with_its_file_line_and_kind(outcomes, case):
    _, result, _ = outcomes[case.name]
    listed = problems(result.stderr)
    assert (case.path, case.line, case.kind) in listed, result.stderr
    assert {path for path, _, _ in listed} <= {case.path, *case.also}, result.stderr


@pytest.mark.parametrize("name", ["Markdown image of no file", "HTML image of no file"])
def test_an_image_of_no_file_is_one_problem_at_its_line_not_also_a_dead_link(outcomes, name):
    """One mistake, one problem: the one that says what to fix."""
    _, result, _ = outcomes[name]
    assert len([found for found in problems(result.stderr) if found[:2] == (A, 4)]) == 1


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_bad_input_fails_the_build_and_keeps_the_previous_output(outcomes, case):
    before, result, after = outcomes[case.name]
    assert result.returncode != 0
    assert re.search(r"^clinic: \d+ problems? in \d+ files?: [1-9]\d* errors?", result.stderr, re.M)
    assert result.stderr.rstrip().endswith("is unchanged"), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert after == before


def guide_rows():
    """Return (message pattern, kinds) of each row of the guide's table of problem messages."""
    guide = (ROOT / "docs" / "writing.md").read_text(encoding="utf-8")
    table = guide[guide.index("## What each problem message means") :]
    rows = []
    for line in table.splitlines():
        if not line.startswith("| `"):
            continue
        message_cell, kind_cell, _ = line.strip("|").split(" | ", 2)
        kinds = set(re.findall(r"`([^`]+)`", kind_cell))
        for written in re.findall(r"`([^`]+)`", message_cell):
            # In a Markdown table a | inside a cell is written \|.
            parts = [re.escape(part) for part in written.replace("\\|", "|").split("…")]
            rows.append((re.compile(".*?".join(parts), re.DOTALL), kinds))
    return rows


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_bad_inputs_message_is_explained_in_the_writers_guide(outcomes, case):
    _, result, _ = outcomes[case.name]
    messages = [
        match["message"]
        for match in map(PROBLEM_LINE.match, result.stderr.splitlines())
        if match and (match["path"], int(match["line"]), match["kind"]) == case.key
    ]
    assert messages, result.stderr
    rows = guide_rows()
    for message in messages:
        assert any(p.match(message) and case.kind in kinds for p, kinds in rows), message
