"""Raster renditions as pure functions: which files, their markup, and encoding."""

import io

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown
from PIL import Image

from plugins.clinic.alttext import ImageText
from plugins.clinic.images import ImageProcessor, ImageSources, PageImages
from plugins.clinic.pictures import write_renditions
from plugins.clinic.renditions import (
    RasterOptions,
    Rendition,
    clashes,
    displayed_size,
    encode,
    plan,
    prepared,
    resolve_srcsets,
)
from plugins.clinic.settings import DEFAULTS, setting_errors

OPTIONS = RasterOptions(
    widths=(480, 800, 1200, 1600),
    formats=("avif", "webp"),
    quality={"avif": 50, "webp": 75, "jpeg": 80},
    sizes="100vw",
)
ORIENTATION, GPS_INFO, MAKE = 0x0112, 0x8825, 0x010F


def jpeg_bytes(size, orientation=None):
    """Return a JPEG with a camera name, a GPS position and, if given, an EXIF orientation."""
    exif = Image.Exif()
    exif[MAKE] = "TestCamera"
    exif[GPS_INFO] = {1: "N", 2: (49.0, 16.0, 30.0), 3: "W", 4: (123.0, 7.0, 10.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    stream = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(stream, "JPEG", exif=exif)
    return stream.getvalue()


def test_a_large_photo_gets_every_width_in_every_format_capped_at_the_largest():
    renditions = plan("images/garden.jpg", (2400, 1600), OPTIONS)
    assert [(f.format, f.width, f.height) for f in renditions.files] == [
        (format, width, round(1600 * width / 2400))
        for format in ("avif", "webp", "jpeg")
        for width in (480, 800, 1200, 1600)
    ]
    assert renditions.fallback == Rendition("images/garden.jpg", 1600, 1067, "jpeg")
    assert renditions.in_format("webp")[0].path == "images/garden-480w.webp"


def test_a_small_image_is_never_upscaled():
    renditions = plan("images/small.png", (1000, 500), OPTIONS)
    assert sorted({f.width for f in renditions.files}) == [480, 800, 1000]
    assert max(f.width for f in renditions.files) == 1000
    smaller_than_every_width = plan("images/icon.png", (300, 300), OPTIONS)
    assert {(f.width, f.height) for f in smaller_than_every_width.files} == {(300, 300)}


def test_sources_come_best_format_first_and_never_repeat_the_fallback():
    assert [t for t, _ in plan("images/a.jpg", (900, 600), OPTIONS).sources()] == [
        "image/avif",
        "image/webp",
    ]
    webp = plan("images/a.webp", (900, 600), OPTIONS)
    assert [t for t, _ in webp.sources()] == ["image/avif"]
    assert webp.fallback.path == "images/a.webp"


def test_orientation_is_applied_to_the_size_and_the_pixels(tmp_path):
    source = tmp_path / "turned.jpg"
    source.write_bytes(jpeg_bytes((600, 400), orientation=6))
    assert displayed_size(source) == (400, 600)
    image, _ = prepared(source.read_bytes())
    assert image.size == (400, 600)


@pytest.mark.parametrize("format", ["avif", "webp", "jpeg", "png"])
def test_encoded_renditions_carry_no_metadata(format):
    image, profile = prepared(jpeg_bytes((640, 480)))
    data = encode(image, profile, Rendition("x", 320, 240, format), OPTIONS)
    with Image.open(io.BytesIO(data)) as encoded:
        assert encoded.size == (320, 240)
        assert encoded.format == format.upper()
        assert dict(encoded.getexif()) == {}
        assert not {"exif", "xmp", "comment"} & set(encoded.info)
    assert b"TestCamera" not in data


@pytest.mark.parametrize(
    ("siteurl", "relative", "expected"),
    [
        ("..", True, "../images/a-480w.webp 480w, ../images/a.jpg 800w"),
        ("", True, "images/a-480w.webp 480w, images/a.jpg 800w"),
        (
            "https://example.org",
            False,
            "https://example.org/images/a-480w.webp 480w, https://example.org/images/a.jpg 800w",
        ),
    ],
)
def test_static_links_in_a_srcset_resolve_as_pelican_resolves_src(siteurl, relative, expected):
    html = '<source srcset="{static}/images/a-480w.webp 480w, {static}/images/a.jpg 800w">'
    assert resolve_srcsets(html, siteurl, relative) == f'<source srcset="{expected}">'


def test_a_markdown_photo_becomes_a_picture_inside_its_figure(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "garden.jpg").write_bytes(jpeg_bytes((2000, 1000)))
    sources = ImageSources(
        content_root=tmp_path,
        theme_static_root=tmp_path / "theme",
        theme_static_dir="theme",
        catalogue={"images/garden.jpg": ImageText("A garden path.", caption="The garden.")},
        catalogue_source="content/alt-text.toml",
        raster=OPTIONS,
    )
    markdown = "![]({static}/images/garden.jpg)\n\n![]({static}/images/garden.jpg)\n"
    md = Markdown(extensions=["markdown.extensions.extra"])
    page = PageImages(sources, "content/articles/a.md", markdown, "articles", "decorative")
    md.treeprocessors.register(ImageProcessor(md, page), "clinic", 5)
    html = BeautifulSoup(md.convert(markdown), "html.parser")
    first, second = html.select("figure > picture")
    assert [s["type"] for s in first.find_all("source")] == ["image/avif", "image/webp"]
    image = first.find("img")
    assert (image["src"], image["width"], image["height"]) == (
        "{static}/images/garden.jpg",
        "1600",
        "800",
    )
    assert image["srcset"].endswith("{static}/images/garden.jpg 1600w")
    assert (image["alt"], image["sizes"], image.get("loading")) == ("A garden path.", "100vw", None)
    assert second.find("img")["loading"] == "lazy"
    assert first.parent.find("figcaption").get_text() == "The garden."
    assert page.problems == []


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"CLINIC_IMAGE_WIDTHS": []}, "CLINIC_IMAGE_WIDTHS must list widths"),
        ({"CLINIC_IMAGE_WIDTHS": [480, -1]}, "CLINIC_IMAGE_WIDTHS must list widths"),
        ({"CLINIC_IMAGE_FORMATS": ["jxl"]}, "not 'jxl'"),
        (
            {"CLINIC_IMAGE_QUALITY": {"avif": 0, "webp": 75, "jpeg": 80}},
            "['avif'] must be 1 to 100",
        ),
        ({"CLINIC_IMAGE_QUALITY": {**DEFAULTS["CLINIC_IMAGE_QUALITY"], "png": 9}}, "'png'"),
        ({"CLINIC_IMAGE_SIZES": ""}, "CLINIC_IMAGE_SIZES must not be empty"),
    ],
)
def test_nonsense_image_settings_are_named(settings, words):
    assert any(words in error for error in setting_errors(settings))


def test_this_pillow_writes_avif_and_webp():
    """The pinned Pillow's wheel carries libavif: AVIF is offered by default, not skipped."""
    assert "avif" in DEFAULTS["CLINIC_IMAGE_FORMATS"]
    assert setting_errors({}) == []


def test_a_writers_file_with_a_renditions_name_is_named_not_replaced_silently():
    planned = {"images/garden.jpg": plan("images/garden.jpg", (2000, 1000), OPTIONS)}
    paths = {"images/garden.jpg", "images/garden-800w.webp", "images/other.png"}
    assert clashes(planned, paths) == [("images/garden-800w.webp", "images/garden.jpg")]


def planned_sources(folder, images):
    """Return ImageSources for `images` ({name: JPEG bytes} under folder/images), each planned."""
    (folder / "images").mkdir(parents=True)
    for name, data in images.items():
        (folder / "images" / name).write_bytes(data)
    sources = ImageSources(
        content_root=folder,
        theme_static_root=folder / "theme",
        theme_static_dir="theme",
        catalogue={},
        catalogue_source="content/alt-text.toml",
        raster=OPTIONS,
    )
    for name in images:
        sources.renditions_of(f"images/{name}")
    return sources


def written_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.*")}


def test_images_encoded_at_once_are_the_files_encoded_one_at_a_time(tmp_path):
    photos = {f"photo-{n}.jpg": jpeg_bytes((900 + 100 * n, 600), orientation=6) for n in range(3)}
    sources = planned_sources(tmp_path / "content", photos)
    problems = []
    write_renditions(tmp_path / "one", sources, problems, workers=1)
    write_renditions(tmp_path / "three", sources, problems, workers=3)
    planned = {f.path for plan in sources.renditions.values() for f in plan.files}
    assert problems == []
    assert set(written_files(tmp_path / "three")) == planned
    assert written_files(tmp_path / "three") == written_files(tmp_path / "one")


def test_an_image_that_cannot_be_decoded_is_named_and_the_others_are_still_written(tmp_path):
    whole = jpeg_bytes((1000, 600))
    photos = {"a.jpg": whole, "broken.jpg": whole[: len(whole) // 3], "c.jpg": whole}
    sources = planned_sources(tmp_path / "content", photos)
    problems = []
    write_renditions(tmp_path / "output", sources, problems, workers=2)
    assert [(p.path.rsplit("/", 1)[-1], p.line, p.kind) for p in problems] == [
        ("broken.jpg", 1, "image")
    ]
    assert problems[0].message.startswith("cannot encode this image: ")
    planned = {name: {f.path for f in plan.files} for name, plan in sources.renditions.items()}
    assert (
        set(written_files(tmp_path / "output")) == planned["images/a.jpg"] | planned["images/c.jpg"]
    )
