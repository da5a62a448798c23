"""Markdown images: alt text from its one source, checked where the source line is known."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown

from plugins.clinic.alttext import ImageText
from plugins.clinic.images import (
    ImageProcessor,
    ImageSources,
    PageImages,
    site_path,
    source_image_lines,
    svg_size,
)

ROOM = "Two armchairs face each other across a low table."


@pytest.fixture
def sources(tmp_path):
    (tmp_path / "images").mkdir()
    for name, size in [
        ("room.svg", 'width="800" height="450"'),
        ("swirl.svg", 'viewBox="0 0 40 20"'),
    ]:
        (tmp_path / "images" / name).write_text(f'<svg xmlns="http://www.w3.org/2000/svg" {size}/>')
    (tmp_path / "images" / "plain.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"/>'
    )
    return ImageSources(
        content_root=tmp_path,
        theme_static_root=tmp_path / "theme-static",
        theme_static_dir="theme",
        catalogue={
            "images/room.svg": ImageText(ROOM, caption="The therapy room.", line=4),
            "images/swirl.svg": ImageText(decorative=True, line=8),
        },
        catalogue_source="content/alt-text.toml",
    )


def render(markdown, sources):
    """Render Markdown as the reader does; return (parsed HTML, PageImages)."""
    md = Markdown(extensions=["markdown.extensions.extra"])
    page = PageImages(sources, "content/articles/a.md", markdown, "articles", "decorative")
    md.treeprocessors.register(ImageProcessor(md, page), "clinic", 5)
    return BeautifulSoup(md.convert(markdown), "html.parser"), page


def test_a_standalone_image_becomes_a_figure_with_alt_size_and_caption(sources):
    html, page = render("Intro.\n\n![]({static}/images/room.svg)\n", sources)
    figure = html.find("figure")
    image = figure.find("img")
    assert (image["alt"], image["width"], image["height"]) == (ROOM, "800", "450")
    assert image["decoding"] == "async"
    assert figure.find("figcaption").get_text() == "The therapy room."
    assert page.problems == []
    assert page.images == ["images/room.svg"]


def test_an_image_inside_text_stays_inline(sources):
    html, _ = render("Look ![]({static}/images/room.svg) here.\n", sources)
    assert html.find("figure") is None
    assert html.find("p").find("img")["alt"] == ROOM


def test_every_image_but_the_first_loads_lazily(sources):
    text = "\n\n".join(["![]({static}/images/room.svg)"] * 3)
    html, _ = render(text, sources)
    assert [img.get("loading") for img in html.find_all("img")] == [None, "lazy", "lazy"]


def test_decorative_marker_gives_an_intended_empty_alt(sources):
    html, page = render("![]({static}/images/plain.svg){.decorative}\n", sources)
    image = html.find("img")
    assert image["alt"] == ""
    assert not image.get("class")
    assert page.problems == []


def test_decorative_in_the_alt_text_file_needs_no_marker(sources):
    html, page = render("![]({static}/images/swirl.svg)\n", sources)
    assert (html.find("img")["alt"], html.find("img")["width"]) == ("", "40")
    assert page.problems == []


@pytest.mark.parametrize(
    ("markdown", "line", "words"),
    [
        ("Title: x\n\nText.\n\n![](images/plain.svg)\n", 5, "no alt text"),
        ("![ketamine_img]({static}/images/plain.svg)\n", 1, "placeholder name"),
        ("a\n\n![plain]({static}/images/plain.svg)\n", 3, "file name"),
        ("![IMG_1234](/images/plain.svg)\n", 1, "camera file name"),
        (
            "\n![A different text.]({static}/images/room.svg)\n",
            2,
            "kept in content/alt-text.toml (line 4)",
        ),
        ("![A lost image.]({static}/images/gone.png)\n", 1, "image file not found"),
        ("Intro.\n\n![][plain]\n\n[plain]: {static}/images/plain.svg\n", 3, "no alt text"),
        ("a\n\n![Plain] [x]\n\n[X]:\t</images/plain.svg>\n", 3, "file name"),
        (
            "![Words about it.]({static}/images/plain.svg){.decorative}\n",
            1,
            "decorative also has alt",
        ),
    ],
)
def test_image_problems_name_file_and_line(sources, markdown, line, words):
    _, page = render(markdown, sources)
    assert [(p.path, p.line) for p in page.problems if words in p.message] == [
        ("content/articles/a.md", line)
    ], page.problems


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ('<img src="{static}/images/room.svg">', "does not take the alt text of images/room.svg"),
        ('<img src="/images/room.svg" alt="Chairs.">', "from content/alt-text.toml (line 4)"),
        ('<img src="/images/swirl.svg">', "write the image as ![](/images/swirl.svg)"),
        (f'<img src="/images/room.svg" alt="{ROOM}">', None),
        ('<img src="/images/swirl.svg" alt="">', None),
    ],
)
def test_an_html_image_must_say_what_the_alt_text_file_says(sources, html, problem):
    """HTML is published as written: the file's alt text never reaches an <img> tag."""
    _, page = render(f"Intro.\n\n{html}\n", sources)
    expected = [("content/articles/a.md", 3, "image")] if problem else []
    assert [(p.path, p.line, p.kind) for p in page.problems] == expected
    assert all(problem in p.message for p in page.problems)


def test_an_image_from_another_host_is_left_to_the_check_of_the_built_page(sources):
    html, page = render("![A remote photo of a room.](https://cdn.example.com/a.png)\n", sources)
    assert html.find("img")["src"] == "https://cdn.example.com/a.png"
    assert page.problems == []


def test_the_same_image_twice_is_reported_at_each_line(sources):
    _, page = render("![](/images/plain.svg)\n\ntext\n\n![](/images/plain.svg)\n", sources)
    assert [p.line for p in page.problems] == [1, 5]


@pytest.mark.parametrize(
    ("src", "folder", "expected"),
    [
        ("{static}/images/a.svg", "articles", "images/a.svg"),
        ("{static}../images/a.svg", "articles", "images/a.svg"),
        ("|static|/images/a.svg", "articles", "images/a.svg"),
        ("/images/a%20b.svg", "articles", "images/a b.svg"),
        ("a.svg", "articles", "articles/a.svg"),
        ("https://example.com/a.svg", "articles", None),
        ("//example.com/a.svg", "articles", None),
    ],
)
def test_site_path_of_an_image_source(src, folder, expected):
    assert site_path(src, folder) == expected


def test_image_lines_are_found_in_order():
    text = 'a\n![x](one.png)\n<img src="two.png">\n\n![y](<three.png>)'
    assert source_image_lines(text) == [("one.png", 2), ("two.png", 3), ("three.png", 5)]


def test_reference_images_are_found_at_their_line_with_the_source_of_their_definition():
    text = "![][Room]\n![room]\n![Room][]\n![x] [ROOM]\n[a link][room]\n![y](one.png)\n"
    text += "\n[room]: /r.svg\n"
    expected = [("/r.svg", 1), ("/r.svg", 2), ("/r.svg", 3), ("/r.svg", 4), ("one.png", 6)]
    assert source_image_lines(text) == expected


@pytest.mark.parametrize(
    ("attributes", "size"),
    [
        ('width="800" height="450"', (800, 450)),
        ('width="120px" height="40.4px"', (120, 40)),
        ('width="100%" height="100%" viewBox="0 0 64 32"', (64, 32)),
        ('viewBox="0,0,30,15"', (30, 15)),
        ("", None),
    ],
)
def test_svg_size_from_attributes_or_view_box(tmp_path, attributes, size):
    file = Path(tmp_path / "a.svg")
    file.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}><rect width="9"/></svg>')
    assert svg_size(file) == size


def test_theme_images_come_from_the_theme_with_their_alt_text(sources, tmp_path):
    (tmp_path / "theme-static" / "images").mkdir(parents=True)
    (tmp_path / "theme-static" / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/>'
    )
    sources.catalogue["theme/images/logo.svg"] = ImageText("[Clinic name] logo")
    image, problem = sources.image("theme/images/logo.svg")
    assert problem is None
    assert (image.url, image.alt, image.width, image.height) == (
        "theme/images/logo.svg",
        "[Clinic name] logo",
        120,
        40,
    )


@pytest.mark.parametrize(
    ("path", "words"),
    [("images/plain.svg", "no alt text for images/plain.svg"), ("images/x.svg", "no alt text")],
)
def test_an_image_without_alt_text_in_the_file_is_a_problem(sources, path, words):
    image, problem = sources.image(path)
    assert image is None
    assert words in problem
