"""Alt text rules, and the one file that holds the alt text of every image."""

import pytest

from plugins.clinic.alttext import ImageText, alt_problem, junk_alt_reason, parse_alt_text_file
from tests.badsites import GOOD_SITE, build, make_site, problems

PATH = "images/ketamine_img.png"


@pytest.mark.parametrize(
    "alt",
    [
        "ketamine_img",
        "ketamine_img.png",
        "ketamine img",
        "KETAMINE_IMG",
        "therapy-room.svg",
        "image",
        "Photo",
        "picture",
        "IMG_1234",
        "DSC01234",
        "img 0042",
        "screenshot",
        "hero_banner_2",
    ],
)
def test_junk_alt_is_recognised(alt):
    assert junk_alt_reason(alt, PATH)


@pytest.mark.parametrize(
    "alt",
    [
        "Two armchairs face each other across a low table.",
        "Ketamine dosing room with a reclining chair",
        "Map of the clinic's street",
        "Image of a calendar with four weeks crossed off",
    ],
)
def test_descriptive_alt_passes(alt):
    assert junk_alt_reason(alt, PATH) is None
    assert alt_problem(alt, PATH) is None


@pytest.mark.parametrize(
    ("alt", "decorative", "words"),
    [
        ("", False, "no alt text"),
        ("   ", False, "no alt text"),
        ("photo", False, "generic word"),
        ("A swirl.", True, "marked decorative also has alt text"),
    ],
)
def test_alt_problems(alt, decorative, words):
    assert words in alt_problem(alt, PATH, decorative)


def test_decorative_image_with_empty_alt_is_fine():
    assert alt_problem("", PATH, decorative=True) is None


def test_alt_text_file_gives_each_image_its_text_and_line():
    text = (
        "# comment\n\n"
        '["images/room.svg"]\nalt = "Two armchairs by a table."\ncaption = "The room."\n\n'
        "['images/swirl.svg']\ndecorative = true\n"
    )
    catalogue, problems = parse_alt_text_file(text, "content/alt-text.toml")
    assert problems == []
    assert catalogue == {
        "images/room.svg": ImageText("Two armchairs by a table.", "The room.", False, 3),
        "images/swirl.svg": ImageText("", "", True, 7),
    }


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('["images/a.svg"]\nalt = "a.svg"\n', 1, "file name"),
        ('\n["images/a.svg"]\ncaption = "Only a caption"\n', 2, "no alt text"),
        ('["images/a.svg"]\nalt = "Fine words here."\nsize = 3\n', 3, "size is not a key"),
        ('["images/a.svg"]\nalt = "Fine words."\ncaptoin = "A"\n', 3, "did you mean caption?"),
        ('["images/a.svg"]\nalt = 42\n', 2, "alt of images/a.svg is a number (42)"),
        ('["images/a.svg"]\nalt = ["a", "b"]\n', 2, "is a list"),
        ('["images/a.svg"]\nalt = 2026-12-01\n', 2, "is a date"),
        ('["images/a.svg"]\n\nalt = "Fine words."\ncaption = 7\n', 4, "caption of"),
        ('["images/a.svg"]\ndecorative = "yes"\n', 2, "not true or false"),
        ('["images/a.svg"]\ndecorative = 1\n', 2, "not true or false"),
        ('["images/a.svg"]\nalt.text = "nested"\n', 2, "is a table"),
        ('["images/a.svg"]\nalt = "unterminated\n', 2, "not valid TOML"),
        ('"images/a.svg" = "An alt without a table"\n', 1, "write ["),
    ],
)
def test_alt_text_file_problems_name_their_line(text, line, words):
    catalogue, problems = parse_alt_text_file(text, "content/alt-text.toml")
    assert all(isinstance(image.alt, str) for image in catalogue.values())
    assert any(p.line == line and words in p.message for p in problems), problems
    assert all(p.path == "content/alt-text.toml" for p in problems)


def test_an_entry_for_an_image_that_is_no_file_is_a_warning_at_its_line(tmp_path):
    """Left behind by a rename or a deletion, it would describe nothing, unseen."""
    entries = GOOD_SITE["content/alt-text.toml"] + '\n["images/gone.svg"]\nalt = "A gone thing."\n'
    result = build(make_site(tmp_path / "site", {**GOOD_SITE, "content/alt-text.toml": entries}))
    assert result.returncode == 0, result.stderr  # a warning: the site still publishes
    assert problems(result.stderr, warnings=True) == [
        ("content/alt-text.toml", 4, "alt-text"),
        ("content/articles/good.md", 1, "medical-review"),
    ]
    assert "alt text for images/gone.svg, which is no file (renamed or deleted?" in result.stderr
