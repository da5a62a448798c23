"""Arbitrary text never crashes a build: it makes pages or problems (hypothesis)."""

import os
import shutil
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.clinic.encoding import encoding_problems
from plugins.clinic.faq import parse_faq
from plugins.clinic.faqstage import markdown_renderer
from plugins.clinic.pelican_log import date_problem
from plugins.clinic.problems import metadata_line
from plugins.clinic.review import medical_review
from tests.badsites import make_site, problems

KEYS = ["Title", "Date", "Slug", "Status", "Modified", "Tags", "Category", "FAQ", "Cover"]
KEYS += ["Summary", "Reviewed_by", "Last_reviewed", "Owner", "Template", "Lang"]
# Text that looks like what writers type: headings, metadata, links, odd characters.
WRITING = st.lists(
    st.sampled_from(
        ["\n", "\n\n", "## ", "# ", ":", " ", "Title", "Date", "?", "[", "](", ")", "{filename}",
         "#", "<", ">", "&", "é", "\t", "*", "`", "2026-11-01", "a", "Q", "\u2028", "\x00"]
    )
    # No lone surrogates: no file can hold one as text (raw bytes are tested on their own).
    | st.characters(exclude_categories=["Cs"]),
    max_size=60,
).map("".join)  # fmt: skip
RENDER, RENDER_ALL = markdown_renderer(
    {"MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {}}}}
)


@given(WRITING)
def test_any_faq_text_gives_questions_or_problems_never_an_error(text):
    document = parse_faq(text, "topic", RENDER, RENDER_ALL)
    assert document.entries or document.problems
    lines = max(1, len(text.splitlines()))
    assert all(1 <= problem.line <= lines for problem in document.problems)
    assert all(entry.question.strip() and entry.answer_html for entry in document.entries)


@given(WRITING, st.sampled_from(KEYS))
def test_a_metadata_line_is_always_a_line_of_the_file(text, key):
    assert 1 <= metadata_line(text, key) <= max(1, len(text.splitlines()))


@given(st.binary(max_size=200))
def test_any_bytes_are_clean_text_or_named_problems(data):
    found = encoding_problems(data, "content/x.md")
    try:
        text = data.decode("utf-8")
        clean = not data.startswith(b"\xef\xbb\xbf") and all(
            ch in "\t\n\r" or not (ord(ch) < 32 or 127 <= ord(ch) < 160) for ch in text
        )
    except UnicodeDecodeError:
        clean = False
    assert (found == []) == clean
    assert all(1 <= p.line <= data.count(b"\n") + 1 for p in found)


@given(st.lists(st.integers(0, 127), max_size=200).map(bytes))
def test_ascii_bytes_have_a_problem_exactly_where_a_control_character_is(data):
    found = encoding_problems(data, "content/x.md")
    controls = [i for i, byte in enumerate(data) if byte not in b"\t\n\r" and not 32 <= byte < 127]
    assert [p.line for p in found] == [data.count(b"\n", 0, i) + 1 for i in controls]
    assert all(p.kind == "control-character" for p in found)


@given(WRITING)
def test_any_date_line_is_a_date_or_a_named_problem(value):
    text = f"Title: T\nDate: {' '.join(value.split())}\n\nBody.\n"
    problem = date_problem("content/x.md", text)
    assert problem is None or (problem.line, problem.kind) == (2, "bad-date")


@given(st.dictionaries(st.sampled_from(["reviewed_by", "last_reviewed"]), WRITING))
def test_any_review_metadata_gives_a_review_or_problems(metadata):
    review, found = medical_review(metadata)
    assert review is None or review.reviewer
    assert all(problem.key and problem.message for problem in found)


HEADERS = st.dictionaries(
    st.sampled_from(KEYS), WRITING.map(lambda value: " ".join(value.split())), max_size=6
)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(header=HEADERS, body=WRITING)
def test_an_arbitrary_article_builds_or_is_named_never_a_crash(tmp_path_factory, header, body):
    folder = make_site(tmp_path_factory.mktemp("arbitrary"))
    metadata = "".join(f"{key}: {value}\n" for key, value in header.items())
    (folder / "content/articles/any.md").write_text(f"{metadata}\n{body}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "settings.py", "-o", "output"],
        cwd=folder,
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=False,
    )
    log = result.stdout + result.stderr
    assert "Traceback" not in log
    assert result.returncode == 0, log
    listed = problems(result.stderr)
    if not listed:
        assert "content problem" not in result.stderr
    assert all(path.startswith("content/") for path, _, _ in listed), log
    shutil.rmtree(folder)
