"""FAQ structure in a real build: a heading that is no `##` question, and `[FAQ]` markers that
show nothing, are problems naming their line; a development build never shows a marker."""

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from tests.badsites import BUILD, GOOD_SITE, ROOT, build, make_site, problems

FAQ = "content/faq/basics.md"
ARTICLE = "content/articles/good.md"
BROKEN = {
    **GOOD_SITE,
    FAQ: """\
        Title: Basics

        ## Is this a question?

        Yes, with an answer.

        ### Is it safe?

        This heading would vanish into the answer above.

        Is it quick?
        ------------

        So would this one.
        """,
    ARTICLE: """\
        Title: A good article
        Slug: good
        Date: 2026-11-01 10:00
        FAQ: basics

        Before the questions.

        [FAQ]

        Between.

        [FAQ]

        After.
        """,
    "content/pages/about.md": """\
        Title: About
        Slug: about

        No FAQ here.

        [FAQ]
        """,
}


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    return build(make_site(tmp_path_factory.mktemp("faq") / "site", BROKEN))


@pytest.fixture(scope="module")
def development(tmp_path_factory):
    """The same site built as `invoke build` does: problems are warnings, pages are written."""
    folder = make_site(tmp_path_factory.mktemp("faq-dev") / "site", BROKEN)
    result = subprocess.run(
        [sys.executable, "-c", BUILD.replace("strict=True", "strict=False")],
        cwd=folder,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return folder / "output"


@pytest.mark.parametrize(
    ("path", "line", "words"),
    [
        (FAQ, 7, "'### Is it safe?' is a level-3 heading: write each question as '## Is it safe?'"),
        (FAQ, 11, "'Is it quick?' underlined with '------------' is a heading"),
        (ARTICLE, 12, "second '[FAQ]' marker (first on line 8)"),
        ("content/pages/about.md", 6, "this page has no 'FAQ:' line"),
    ],
    ids=["level-3 heading", "underlined heading", "second marker", "marker without FAQ"],
)
def test_each_problem_names_its_file_line_and_fix(strict, path, line, words):
    assert strict.returncode != 0
    assert (path, line, "faq") in problems(strict.stderr), strict.stderr
    assert any(
        text.startswith(f"{path}:{line}: ") and words in text for text in strict.stderr.splitlines()
    ), strict.stderr


def test_the_strict_build_names_nothing_else(strict):
    assert len(problems(strict.stderr)) == 4, strict.stderr
    assert "Traceback" not in strict.stderr


def page(output, path):
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


def test_the_faq_takes_the_first_marker_and_no_marker_shows_as_text(development):
    body = page(development, "good/index.html").select_one(".article-body")
    texts = [p.get_text() for p in body.find_all("p", recursive=False)]
    assert "[FAQ]" not in body.get_text()
    assert texts.index("Before the questions.") < texts.index("Between.")
    faq = body.find(string="Is this a question?")
    assert faq is not None
    assert body.get_text().index("Is this a question?") < body.get_text().index("Between.")


def test_a_page_without_faq_shows_no_marker(development):
    assert "[FAQ]" not in page(development, "about/index.html").get_text()


def test_an_owner_that_is_a_draft_is_named_as_not_published_yet(tmp_path):
    """The page exists, so 'no page's slug' would send the writer looking for a typing error."""
    draft = "Title: Later\nSlug: later\nDate: 2026-11-02\nStatus: draft\n\nText.\n"
    owned = "Title: Basics\nOwner: later\n\n## Is this a question?\n\nYes, with an answer.\n"
    site = {**GOOD_SITE, "content/articles/later.md": draft, FAQ: owned}
    result = build(make_site(tmp_path / "site", site))
    assert result.returncode != 0
    assert (
        f"{FAQ}:2: Owner 'later' is content/articles/later.md, which is not published yet"
        in result.stderr
    ), result.stderr
