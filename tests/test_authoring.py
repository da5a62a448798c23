"""Writers' commands: new files that build, `invoke check`, and medical reviews that age."""

import datetime
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from authoring.guide import metadata_table, with_table
from authoring.scaffold import article_text, create, faq_text, slug_for
from plugins.clinic.metadata import check_metadata, load_schema, read_header
from plugins.clinic.review import months_between, review_age_problems
from tests.projectcopy import NOT_COPIED, copy_project, invoke, link_node_modules

TODAY = datetime.date(2026, 11, 26)
NEW_TITLE = "How ketamine sessions are prepared"
NEW_SLUG = "how-ketamine-sessions-are-prepared"
NEW_TOPIC = "Preparing for a session"
NEW_FAQ_SLUG = "preparing-for-a-session"


def article(status="", reviewed=""):
    lines = ["Title: T", "Date: 2026-01-01"]
    lines += [f"Status: {status}"] if status else []
    lines += [f"Reviewed_by: Dr. [Name]\nLast_reviewed: {reviewed}"] if reviewed else []
    return "\n".join(lines) + "\n\nText.\n"


# The templates ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["article", "faq"])
def test_a_new_draft_explains_every_key_of_the_schema_and_uses_no_other(kind):
    if kind == "article":
        text = article_text(NEW_TITLE, NEW_SLUG, datetime.datetime(2026, 11, 26, 9, 30))
    else:
        text = faq_text(NEW_TOPIC, NEW_FAQ_SLUG)
    fields = load_schema().for_kind(kind)
    for field in fields:
        assert f'[//]: # "{field.name}: ' in text, field.name
    assert check_metadata("new.md", text, kind) == []  # a draft: its placeholders may stay
    header = read_header(text.splitlines())
    assert {entry.name for entry in header.entries} >= {f.name for f in fields if f.required}
    published = text.replace("Status: draft\n", "")
    kinds = {problem.kind for problem in check_metadata("new.md", published, kind)}
    assert kinds == {"placeholder"}


def test_the_guides_metadata_table_is_the_schemas():
    from tests.sitebuild import ROOT

    guide = (ROOT / "docs" / "writing.md").read_text(encoding="utf-8")
    assert with_table(guide, metadata_table()) == guide, "run: python3 dev.py invoke guide"
    for field in load_schema().fields:
        assert f"| `{field.name}:` |" in guide


def test_a_new_article_starts_as_a_dated_draft_with_its_title_and_slug():
    text = article_text(NEW_TITLE, NEW_SLUG, datetime.datetime(2026, 11, 26, 9, 30))
    header = text.split("\n\n", 1)[0].splitlines()
    assert header[:3] == [f"Title: {NEW_TITLE}", f"Slug: {NEW_SLUG}", "Date: 2026-11-26 09:30"]
    assert "Status: draft" in header


def test_a_new_faq_file_has_one_question_to_replace_and_is_a_draft():
    text = faq_text(NEW_TOPIC, NEW_FAQ_SLUG)
    assert text.startswith(f"Title: {NEW_TOPIC}: frequently asked questions\n")
    assert "Status: draft" in text
    assert sum(line.startswith("## ") for line in text.splitlines()) == 1


@pytest.mark.parametrize(
    ("title", "slug"),
    [("Ketamine & You: What’s Next?", "ketamine-you-whats-next"), ("  Spaces  ", "spaces")],
)
def test_slugs_are_pelicans(title, slug):
    from pelican.settings import DEFAULT_CONFIG

    assert slug_for(title, DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]) == slug


def test_creating_never_overwrites_a_writers_file(tmp_path):
    path = create(tmp_path / "a.md", "first")
    with pytest.raises(FileExistsError):
        create(path, "second")
    assert path.read_text() == "first"


# Review age and template text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        (datetime.date(2025, 11, 26), TODAY, 12),
        (datetime.date(2025, 11, 27), TODAY, 11),
        (datetime.date(2026, 1, 31), datetime.date(2026, 3, 1), 1),
        (TODAY, TODAY, 0),
    ],
)
def test_months_between(earlier, later, months):
    assert months_between(earlier, later) == months


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (article(reviewed="2026-01-15"), []),
        (article(reviewed="2025-12-01"), []),
        (article(reviewed="2025-11-26"), [(4, "12 months ago")]),
        (article(reviewed="2024-03-02"), [(4, "32 months ago")]),
        (article(), [(1, "not medically reviewed yet")]),
        (article(status="draft"), []),
        (article(status="draft", reviewed="2020-01-01"), []),
        (article(reviewed="last spring"), []),  # the metadata check names the unreadable date
    ],
)
def test_review_age(text, expected):
    found = review_age_problems("a.md", text, TODAY, max_months=12)
    assert [(p.line, p.severity, p.kind) for p in found] == [
        (line, "warning", "medical-review") for line, _ in expected
    ]
    for problem, (_, words) in zip(found, expected, strict=True):
        assert words in problem.message


def test_review_age_limit_is_a_setting():
    text = article(reviewed="2026-05-01")
    assert review_age_problems("a.md", text, TODAY, max_months=6)
    assert not review_age_problems("a.md", text, TODAY, max_months=7)


# The commands, on a copy of the project ----------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("writer") / "project")
    for command in [("new-article", NEW_TITLE), ("new-faq", NEW_TOPIC)]:
        result = invoke(project, *command)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Created content/" in result.stdout
    return project


def test_new_files_are_named_by_their_slug(project):
    assert (project / "content" / "articles" / f"{NEW_SLUG}.md").is_file()
    assert (project / "content" / "faq" / f"{NEW_FAQ_SLUG}.md").is_file()


def test_new_files_build_cleanly_in_strict_mode(project):
    result = invoke(project, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Built .*: \d+ pages, [\d.]+ s", result.stdout)
    draft = project / "output" / "drafts" / f"{NEW_SLUG}.html"
    assert "<h1>" + NEW_TITLE in draft.read_text(encoding="utf-8")
    faq = BeautifulSoup((project / "output/faq/index.html").read_text(), "html.parser")
    assert "[Write the first question" not in faq.get_text()  # a draft FAQ stays off /faq/


def test_invoke_check_passes_on_the_new_drafts(project):
    result = invoke(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr


def edited_copy(project, destination, old, new):
    """Copy the writer's project, then edit the new article in the copy."""
    copy = Path(shutil.copytree(project, destination, ignore=NOT_COPIED))
    link_node_modules(copy)
    source = copy / "content" / "articles" / f"{NEW_SLUG}.md"
    source.write_text(source.read_text().replace(old, new))
    return copy


def test_a_draft_article_shows_a_draft_faq(project, tmp_path):
    draft_with_faq = f"Status: draft\nFAQ: {NEW_FAQ_SLUG}\n"
    copy = edited_copy(project, tmp_path / "copy", "Status: draft\n", draft_with_faq)
    result = invoke(copy, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[Write the first question" in (copy / f"output/drafts/{NEW_SLUG}.html").read_text()


def test_publishing_an_unfinished_article_fails_check_naming_the_lines(project, tmp_path):
    copy = edited_copy(project, tmp_path / "copy", "Status: draft\n", f"FAQ: {NEW_FAQ_SLUG}\n")
    result = invoke(copy, "check")
    assert result.returncode != 0
    path = f"content/articles/{NEW_SLUG}.md"
    listed = result.stderr.splitlines()
    assert f"{path}:5: Tags: '[keyword]' is a placeholder" in result.stderr  # Tags:
    assert f"{path}:6: Summary: '[One or two sentences: what" in result.stderr  # Summary:
    assert f"{path}:7: FAQ '{NEW_FAQ_SLUG}' is a draft" in result.stderr
    body = next(n for n, line in enumerate(article_lines(copy), 1) if line.startswith("[Write"))
    assert any(line.startswith(f"{path}:{body}: still the draft's text") for line in listed)
    assert listed[-1] == "error: check failed: the problems are listed above; nothing was published"


def article_lines(project):
    return (project / "content" / "articles" / f"{NEW_SLUG}.md").read_text().splitlines()


def test_a_second_new_article_with_the_same_title_is_refused(project):
    source = project / "content" / "articles" / f"{NEW_SLUG}.md"
    before = source.read_text()
    result = invoke(project, "new-article", NEW_TITLE)
    assert result.returncode != 0
    assert "exists already" in result.stderr
    assert source.read_text() == before


@pytest.mark.parametrize("command", ["new-article", "new-faq"])
def test_a_title_with_no_letter_or_digit_makes_no_file(project, command):
    """Its slug would be empty: the file would be `.md`, hidden, and read by nothing."""
    before = sorted(path.name for path in (project / "content").rglob("*"))
    result = invoke(project, command, "🙂 ?")
    assert result.returncode != 0
    assert "'🙂 ?' has no letter or digit to name the file after" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(path.name for path in (project / "content").rglob("*")) == before


def test_pre_commit_config_is_valid_and_runs_check_ruff_and_djhtml():
    import subprocess
    import sys

    import yaml

    from tests.sitebuild import ROOT

    config = ROOT / ".pre-commit-config.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = [hook for repo in yaml.safe_load(config.read_text())["repos"] for hook in repo["hooks"]]
    entries = [hook["entry"] for hook in hooks]
    assert "python3 dev.py invoke check" in entries
    for tool in ["ruff check", "ruff format", "djhtml"]:
        assert any(entry.startswith(f".venv/bin/{tool}") for entry in entries), tool


def test_the_writers_guide_is_linked_from_the_readme_and_covers_every_problem_kind():
    from tests.sitebuild import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "writing.md").read_text(encoding="utf-8")
    assert "(docs/writing.md)" in readme
    for words in [
        "image has no alt text",
        "question has no answer",
        "FAQ file has no questions",
        "duplicate question",
        "not medically reviewed yet",
        "{.decorative}",
        "key-takeaways",
        'scope="row"',
        "invoke live",
        "new-article",
    ]:
        assert words in guide, words


def test_templates_are_indented_as_the_pre_commit_hook_leaves_them():
    import subprocess
    import sys

    from tests.sitebuild import ROOT

    templates = sorted((ROOT / "theme" / "templates").rglob("*.html"))
    html = [str(path) for path in templates if path.name != "robots.html"]
    result = subprocess.run(
        [sys.executable, "-m", "djhtml", "--check", *html], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
