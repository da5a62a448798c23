"""A small bad site: every problem is listed as path:line: message, and strict builds fail."""

import json
import subprocess
import sys
import textwrap

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import ROOT, run_pelican

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>'
FILES = {
    "content/articles/bad.md": """\
        Title: A bad article
        Date: 2026-11-01 10:00
        FAQ: broken, missing, shown-elsewhere
        Cover: images/nameless.svg

        Some text.

        ![]({static}/images/nameless.svg)

        ![ketamine_img]({static}/images/junk.svg)

        ![IMG_1234]({static}/images/junk.svg)
        """,
    "content/pages/about.md": """\
        Title: About
        Slug: about

        A page that shows no FAQ.
        """,
    "content/faq/broken.md": """\
        Title: Broken

        An answer before any question.

        ## Who answers this?

        ## Is this a duplicate?

        Yes.

        ## is this a duplicate?

        Again.
        """,
    "content/faq/empty.md": "",
    "content/faq/shown-elsewhere.md": """\
        Title: Owned by a page that does not show it
        Owner: about

        ## Where is this marked up?

        On the about page, which does not show it.
        """,
    "content/alt-text.toml": """\
        ["images/other.svg"]
        alt = "image"
        """,
}
EXPECTED = [
    ("content/alt-text.toml", 1, "generic word"),
    ("content/articles/bad.md", 3, "FAQ 'missing' not found"),
    ("content/articles/bad.md", 4, "no alt text for images/nameless.svg"),
    ("content/articles/bad.md", 8, "image has no alt text"),
    ("content/articles/bad.md", 10, "placeholder name"),
    ("content/articles/bad.md", 12, "camera file name"),
    ("content/faq/broken.md", 3, "text before the first question"),
    ("content/faq/broken.md", 5, "question has no answer"),
    ("content/faq/broken.md", 11, "duplicate question (first on line 7)"),
    ("content/faq/empty.md", 1, "no questions"),
    ("content/faq/empty.md", 1, "no Title"),
    ("content/faq/shown-elsewhere.md", 4, "marked up on about/ but not shown there"),
]


def build(folder, *extra):
    """Build the bad site with the project's settings, theme and plugin; return the process."""
    return subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "settings.py", "-o", "output", *extra],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad-site")
    for name, text in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (folder / "content/images").mkdir()
    for image in ["nameless.svg", "junk.svg", "other.svg"]:
        (folder / "content/images" / image).write_text(SVG)
    (folder / "settings.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        'CLINIC_SOCIAL_IMAGE = ""\n'
        f"PATH = 'content'\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
    )
    return folder


def listed(stderr):
    """Return the `path:line: message` error lines of a build's output (no warnings)."""
    lines = [line for line in stderr.splitlines() if line.startswith("content/")]
    return [line for line in lines if ": warning: " not in line]


@pytest.fixture(scope="module")
def strict_build(bad_site):
    return build(bad_site, "-e", "CLINIC_STRICT=true")


def test_a_strict_build_fails(strict_build):
    assert strict_build.returncode != 0
    assert "clinic: 13 problems in 5 files: 12 errors, 1 warning" in strict_build.stderr


@pytest.mark.parametrize(("path", "line", "words"), EXPECTED)
def test_each_problem_is_listed_with_its_file_and_line(strict_build, path, line, words):
    prefix = f"{path}:{line}: "
    assert any(
        entry.startswith(prefix) and words in entry for entry in listed(strict_build.stderr)
    ), strict_build.stderr


def test_nothing_else_is_listed_and_each_problem_once(strict_build):
    lines = listed(strict_build.stderr)
    assert len(lines) == len(EXPECTED) == len(set(lines))


def test_a_development_build_lists_the_same_problems_and_succeeds(bad_site, strict_build):
    result = build(bad_site)
    assert result.returncode == 0, result.stderr
    assert listed(result.stderr) == listed(strict_build.stderr)


def test_the_fixture_site_builds_strict_without_problems(tmp_path):
    result = run_pelican(tmp_path / "output", extra=["-e", "CLINIC_STRICT=true"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "content problem" not in result.stderr


def test_invoke_build_strict_turns_strict_mode_on():
    from pelican import parse_arguments

    from publishing.pipeline import pelican_arguments

    strict = pelican_arguments(ROOT / "pelicanconf.py", ROOT / "output", strict=True)
    relaxed = pelican_arguments(ROOT / "pelicanconf.py", ROOT / "output", strict=False)
    assert parse_arguments(strict).overrides == {"CLINIC_STRICT": True}
    assert not parse_arguments(relaxed).overrides


def test_strict_mode_survives_the_pipelines_other_settings():
    """Pelican keeps only the last `-e`: every override must go after one."""
    from pelican import parse_arguments

    from publishing.pipeline import pelican_arguments

    overrides = {"SPEED_CACHE_MAX_BYTES": 1000, "SPEED_SPARE_FILES": "/tmp/a folder/.output.spare"}
    arguments = pelican_arguments(ROOT / "pelicanconf.py", "out", True, overrides=overrides)
    assert parse_arguments(arguments).overrides == {"CLINIC_STRICT": True, **overrides}


RUN_TWICE = """
import sys
from pathlib import Path
from pelican import Pelican
from pelican.settings import read_settings

pelican = Pelican(read_settings("settings.py", override={"OUTPUT_PATH": "output"}))
pelican.run()
faq = Path("content/faq/fine.md")
faq.write_text(faq.read_text().replace("First answer.", "Second answer."))
pelican.run()  # what the dev server's autoreload does after an edit
"""


def test_a_second_run_in_the_same_process_sees_an_edited_faq_file(tmp_path):
    (tmp_path / "content/faq").mkdir(parents=True)
    (tmp_path / "content/articles").mkdir()
    (tmp_path / "content/faq/fine.md").write_text(
        "Title: Fine\n\n## A question?\n\nFirst answer.\n"
    )
    (tmp_path / "content/articles/a.md").write_text(
        "Title: A\nDate: 2026-11-01\nFAQ: fine\n\nText.\n"
    )
    (tmp_path / "settings.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        'CLINIC_SOCIAL_IMAGE = ""\n'
        f"PATH = 'content'\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
    )
    subprocess.run([sys.executable, "-c", RUN_TWICE], cwd=tmp_path, check=True, capture_output=True)
    page = (tmp_path / "output/a/index.html").read_text(encoding="utf-8")
    assert "Second answer." in page
    assert "First answer." not in page


def test_site_links_in_an_answer_are_absolute_in_the_markup(tmp_path):
    (tmp_path / "content/faq").mkdir(parents=True)
    (tmp_path / "content/articles").mkdir()
    (tmp_path / "content/pages").mkdir()
    (tmp_path / "content/faq/linked.md").write_text(
        "Title: Linked\n\n## Where is the clinic?\n\n"
        "See [the clinic]({filename}/pages/clinic.md).\n"
    )
    (tmp_path / "content/pages/clinic.md").write_text("Title: Clinic\nSlug: clinic\n\nHere.\n")
    (tmp_path / "content/articles/a.md").write_text(
        "Title: A\nSlug: a\nDate: 2026-11-01\nFAQ: linked\n\nText.\n"
    )
    (tmp_path / "settings.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"
        'CLINIC_SOCIAL_IMAGE = ""\n'
        f"PATH = 'content'\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nSITEURL = 'https://clinic.example'\n"
    )
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "output/a/index.html").read_text(), "html.parser")
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    faq = next(node for node in graph if node["@type"] == "FAQPage")
    answer = faq["mainEntity"][0]["acceptedAnswer"]["text"]
    assert answer == '<p>See <a href="https://clinic.example/clinic/">the clinic</a>.</p>'
