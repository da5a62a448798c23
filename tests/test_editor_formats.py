"""The web editor reads and writes our files as the build does: a file opened and saved with
nothing edited comes back byte for byte, whatever content/ holds; what a writer edits is
written in the form the build reads (Pelican's `Key: value` header, an FAQ file's `##`
questions and `Also asked` notes, content/alt-text.toml). The formats run under Node, as
plugins/editor/static/formats.js runs in the browser."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from plugins.clinic.alttext import parse_alt_text_file
from plugins.clinic.faq import parse_faq
from plugins.clinic.metadata import check_metadata, load_schema
from plugins.editor.config import format_options
from tests.sitebuild import FIXTURE_CONTENT, ROOT

DRIVER = ROOT / "tests" / "js" / "editor-formats.mjs"
# The editor's collections: files it opens under the content folder, and their format.
FOLDERS = {"articles": "pelican", "pages": "pelican", "faq": "pelican-faq"}
ALT_TEXT = ("alt-text.toml", "alt-text-toml")
OPTIONS = format_options(load_schema())


def run_formats(requests):
    """Send requests to the formats under Node; return the answers, in order."""
    node = shutil.which("node")
    assert node, "node is missing: install Node.js 18+ (apt-get install nodejs)"
    result = subprocess.run(
        [node, str(DRIVER)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def read(fmt, text):
    return run_formats([{"format": fmt, "options": OPTIONS, "read": text}])[0]


def write(fmt, data):
    return run_formats([{"format": fmt, "options": OPTIONS, "write": data}])[0]


def files_the_editor_opens(content):
    """Return [(file, format)] of every file of a content folder the editor opens."""
    found = [
        (file, fmt)
        for folder, fmt in FOLDERS.items()
        for file in sorted((content / folder).rglob("*.md"))
    ]
    alt_text = content / ALT_TEXT[0]
    return found + ([(alt_text, ALT_TEXT[1])] if alt_text.is_file() else [])


def round_trips(files):
    """Return the files that do not come back unchanged after a read and a write."""
    texts = [file.read_text(encoding="utf-8") for file, _ in files]
    data = run_formats(
        [
            {"format": fmt, "options": OPTIONS, "read": text}
            for (_, fmt), text in zip(files, texts, strict=True)
        ]
    )
    back = run_formats(
        [
            {"format": fmt, "options": OPTIONS, "write": d}
            for (_, fmt), d in zip(files, data, strict=True)
        ]
    )
    return [
        str(file)
        for (file, _), text, again in zip(files, texts, back, strict=True)
        if text != again
    ]


def test_every_file_of_content_opens_and_saves_back_unchanged():
    assert round_trips(files_the_editor_opens(ROOT / "content")) == []


def test_every_file_of_the_fixture_site_opens_and_saves_back_unchanged():
    files = files_the_editor_opens(FIXTURE_CONTENT)
    assert {fmt for _, fmt in files} == {"pelican", "pelican-faq", "alt-text-toml"}
    assert round_trips(files) == []


@pytest.mark.parametrize(
    "text",
    [
        "Title: No empty line at the end",
        "Title: Two empty lines\n\n\nText.\n",
        "Title:   spaced\nSummary: over\n    two lines\n\nText without a final line break",
        "Text with no header at all.\n",
        "\nStarts with an empty line.\n",
        "Title: T\n\n## Q\nA\n## Q2\n\n\nA2\n\n",
        "Title: T\n\nIntro.\n\n```\n## not a question\n```\n## Q\n\nA\n",
    ],
)
def test_unusual_files_also_come_back_unchanged(tmp_path, text):
    for folder in ("articles", "faq"):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "odd.md").write_text(text, encoding="utf-8")
    assert round_trips(files_the_editor_opens(tmp_path)) == []


def fixture_text(path):
    return (FIXTURE_CONTENT / path).read_text(encoding="utf-8")


def test_an_edited_value_is_rewritten_and_every_other_line_kept():
    original = fixture_text("articles/ketamine-vs-antidepressants.md")
    data = read("pelican", original)
    data["title"] = "A new title"
    data["faq"] = [*data["faq"], "first-session"]
    text = write("pelican", data)
    changed = [
        (a, b) for a, b in zip(original.splitlines(), text.splitlines(), strict=True) if a != b
    ]
    assert [b for _, b in changed] == ["Title: A new title", "FAQ: ketamine-therapy, first-session"]
    assert len(text.splitlines()) == len(original.splitlines())


def test_a_new_article_is_written_as_the_build_reads_it():
    data = {
        "title": "A first session, step by step",
        "date": "2026-11-20 09:00",
        "category": "Treatment",
        "summary": "What happens at a first session.",
        "cover": "images/room.jpg",
        "faq": ["ketamine-therapy"],
        "status": "",
        "modified": "",
        "body": "The first session starts with a conversation.\n\n[FAQ]",
    }
    text = write("pelican", data)
    assert text == (
        "Title: A first session, step by step\nDate: 2026-11-20 09:00\nCategory: Treatment\n"
        "Summary: What happens at a first session.\nCover: images/room.jpg\n"
        "FAQ: ketamine-therapy\n\nThe first session starts with a conversation.\n\n[FAQ]\n"
    )
    problems = check_metadata("new.md", text, "article")
    assert problems == []


def test_faq_questions_reordered_and_an_answer_edited_are_saved_as_the_faq_format():
    original = fixture_text("faq/ketamine-therapy.md")
    data = read("pelican-faq", original)
    before = parse_faq(original, "ketamine-therapy", str).entries
    first, second = data["questions"][0], data["questions"][1]
    data["questions"][0], data["questions"][1] = second, first
    data["questions"][2]["answer"] = "Yes, with your prescriber's agreement."
    text = write("pelican-faq", data)
    after = parse_faq(text, "ketamine-therapy", str)
    assert after.problems == ()
    assert [e.question for e in after.entries] == [
        before[1].question,
        before[0].question,
        *[e.question for e in before[2:]],
    ]
    assert after.entries[0].also_asked == before[1].also_asked
    assert after.entries[2].answer_markdown.strip() == "Yes, with your prescriber's agreement."
    assert after.entries[2].also_asked == before[2].also_asked
    assert [e.answer_markdown for e in after.entries[3:]] == [e.answer_markdown for e in before[3:]]


def test_a_new_question_with_other_wordings_gets_its_also_asked_note():
    data = read("pelican-faq", fixture_text("faq/ketamine-therapy.md"))
    data["questions"].append(
        {
            "question": "Is parking available?",
            "also_asked": "Where do I park?\nIs there parking?",
            "answer": "Yes, behind the building.",
        }
    )
    text = write("pelican-faq", data)
    assert text.endswith(
        '\n\n## Is parking available?\n[//]: # "Also asked: Where do I park? | Is there parking?"'
        "\n\nYes, behind the building.\n"
    )
    last = parse_faq(text, "ketamine-therapy", str).entries[-1]
    assert last.also_asked == ("Where do I park?", "Is there parking?")


def test_alt_text_of_a_new_image_and_a_decorative_one_are_what_the_build_reads():
    original = fixture_text("alt-text.toml")
    data = read("alt-text-toml", original)
    data["images"] += [
        {"image": "images/room.jpg", "alt": 'A "calm" room with two armchairs.', "caption": ""},
        {"image": "images/swirl.png", "alt": "decorative", "caption": ""},
    ]
    text = write("alt-text-toml", data)
    assert text.startswith(original.rstrip("\n"))
    catalogue, problems = parse_alt_text_file(text, Path("alt-text.toml"))
    assert problems == []
    assert catalogue["images/room.jpg"].alt == 'A "calm" room with two armchairs.'
    assert catalogue["images/swirl.png"].decorative is True
    assert catalogue["images/swirl.png"].alt == ""
