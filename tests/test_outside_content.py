"""Files from outside never publish: symbolic links out of content/ and `..` references are
problems, and no build reads or writes outside the project; an output/ that is a symbolic
link is refused, its target untouched."""

import os
import subprocess
import sys

import pytest

from tests.badsites import BUILD, GOOD_SITE, SVG, build, make_site, problems
from tests.sitebuild import EDITOR_DIR, ROOT

OUTSIDE_ARTICLE = """\
Title: From elsewhere
Slug: elsewhere
Date: 2026-11-02 10:00

A file that lives outside the site's content.
"""


def build_leniently(folder, output="output"):
    """Build as `invoke build` does (problems listed, the site still written)."""
    script = BUILD.replace("strict=True", "strict=False")
    script = script.replace('Path("output")', f"Path({output!r})")
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=False,
    )


def everything_under(folder):
    """Every path under `folder` but the output, the cache and the build's own folders."""
    found = set()
    for base, folders, files in os.walk(folder):
        folders[:] = [f for f in folders if f not in {"output", "cache", "__pycache__"}]
        folders[:] = [f for f in folders if not f.startswith(".output")]
        found |= {os.path.relpath(os.path.join(base, name), folder) for name in folders + files}
    return found


def published_text(output):
    """Return the text of every published file but the web editor's, which are Decap CMS's
    own (copied from node_modules; its script holds words such as PRIVATE and root:)."""
    return "".join(
        path.read_text(errors="replace")
        for path in output.rglob("*")
        if path.is_file() and path.relative_to(output).parts[0] != EDITOR_DIR
    )


@pytest.fixture
def elsewhere(tmp_path):
    """A folder outside the site, with an article and an image in it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "elsewhere.md").write_text(OUTSIDE_ARTICLE)
    (folder / "private.svg").write_text(SVG.replace("/>", "><title>PRIVATE</title></svg>"))
    return folder


def test_a_linked_file_from_outside_is_a_problem_and_never_published(tmp_path, elsewhere):
    site = make_site(tmp_path / "site")
    (site / "content/articles/elsewhere.md").symlink_to(elsewhere / "elsewhere.md")
    strict = build(site)
    assert strict.returncode == 1
    assert ("content/articles/elsewhere.md", 1, "symlink") in problems(strict.stderr)
    assert "copy the file into content/" in strict.stderr
    lenient = build_leniently(site)
    assert lenient.returncode == 0, lenient.stderr
    assert not (site / "output/elsewhere").exists()
    assert "outside the site" not in published_text(site / "output")


def test_a_linked_folder_from_outside_is_a_problem_and_none_of_it_published(tmp_path, elsewhere):
    site = make_site(tmp_path / "site")
    (site / "content/images/shared").symlink_to(elsewhere, target_is_directory=True)
    strict = build(site)
    assert strict.returncode == 1
    assert problems(strict.stderr) == [("content/images/shared", 1, "symlink")]
    assert "symbolic link to a folder outside content/" in strict.stderr
    lenient = build_leniently(site)
    assert lenient.returncode == 0, lenient.stderr
    assert not (site / "output/images/shared").exists()
    assert "PRIVATE" not in published_text(site / "output")


def test_a_linked_folder_leading_back_round_is_not_walked(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "content/images/round").symlink_to(site, target_is_directory=True)
    result = build_leniently(site)
    assert ("content/images/round", 1, "symlink") in problems(result.stderr)
    assert result.returncode == 0, result.stderr
    assert not (site / "output/images/round").exists()


def test_a_link_inside_content_to_a_file_inside_content_is_published(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "content/images/dot-again.svg").symlink_to("dot.svg")
    result = build(site)
    assert result.returncode == 0, result.stderr
    assert (site / "output/images/dot-again.svg").read_text() == SVG


REFERENCES = {
    **GOOD_SITE,
    "content/articles/good.md": GOOD_SITE["content/articles/good.md"]
    + """
        The [notes]({static}/../secret.txt), the [deep notes]({static}/../../secret.txt),
        the [passwords]({filename}/../../etc/passwd) and a picture:

        ![]({static}/../outside.svg)
        """,
    "content/alt-text.toml": GOOD_SITE["content/alt-text.toml"]
    + '\n        ["../outside.svg"]\n        alt = "A picture from outside."\n',
    "secret.txt": "SECRET NOTES",
    "outside.svg": SVG.replace("/>", "><title>OUTSIDE</title></svg>"),
}


def test_references_out_of_content_are_problems_and_nothing_outside_is_read_or_written(tmp_path):
    site = make_site(tmp_path / "project" / "site", REFERENCES)
    before = everything_under(tmp_path)
    strict = build(site)
    assert strict.returncode == 1
    found = {(path, kind) for path, _line, kind in problems(strict.stderr)}
    assert ("content/articles/good.md", "dead-link") in found
    assert ("content/articles/good.md", "image") in found
    lenient = build_leniently(site)
    assert everything_under(tmp_path) == before  # nothing written beside output/
    text = published_text(site / "output")
    assert "SECRET NOTES" not in text
    assert "OUTSIDE" not in text
    assert "root:" not in text
    assert not (site / "output/secret.txt").exists()
    assert lenient.returncode == 0, lenient.stderr


def test_an_output_folder_that_is_a_link_is_refused_and_its_target_untouched(tmp_path):
    site = make_site(tmp_path / "site")
    target = tmp_path / "served"
    target.mkdir()
    (target / "keep.html").write_text("the folder a web server serves")
    (site / "output").symlink_to(target, target_is_directory=True)
    result = build(site)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "output is a symbolic link" in errors[0]
    assert "Traceback" not in result.stderr
    assert sorted(os.listdir(target)) == ["keep.html"]
    assert (site / "output").is_symlink()


def test_an_output_folder_that_cannot_be_written_is_one_clear_line(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "a-file").write_text("")
    result = build_leniently(site, output="a-file/output")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "cannot write beside a-file/output" in errors[0]
