"""A writer adds photographs: the real build makes them responsive, private and kept.

One copy of the project gets a generated landscape photo (with a camera name and a date
in its EXIF) as an article's cover and figure, and a small portrait stored on its
side (EXIF orientation 6). The fixture builds it, builds it again, publishes it, changes a
quality setting, then adds an image without alt text, recording what each step left.
"""

import io
import json
import shutil
from urllib.parse import urljoin

import pytest
from PIL import Image

from tests.projectcopy import copy_project, invoke
from tests.sitebuild import BuiltSite

PHOTO, PORTRAIT = "images/garden-path.jpg", "images/waiting-room.jpg"
PHOTO_SIZE, PORTRAIT_STORED = (1800, 1200), (600, 400)
PHOTO_ALT = "A gravel path between low hedges leads to the clinic's front door."
PORTRAIT_ALT = "Two chairs by a window in the clinic's waiting room."
ARTICLE = "photo-walk/"
FORMATS = {"image/avif": "AVIF", "image/webp": "WEBP", "image/jpeg": "JPEG"}
ARTICLE_TEXT = f"""Title: A walk through the clinic
Slug: photo-walk
Date: 2026-11-20 09:00
Category: Treatment
Summary: What you see on your first visit.
Cover: {PHOTO}

The path from the street.

![]({{static}}/{PHOTO})

The waiting room.

![]({{static}}/{PORTRAIT})
"""
NAMELESS_TEXT = """Title: Nameless photo
Slug: nameless-photo
Date: 2026-11-21 09:00
Category: Treatment

A photo nobody described.

![]({static}/images/nameless.jpg)
"""


def write_photo(file, size, orientation=None):
    """Write a generated JPEG with a camera name, a date and an EXIF orientation.

    No GPS position: a photo that has one is refused by the build (tests/test_photo_location.py).
    """
    exif = Image.Exif()
    exif[0x010F] = "TestCamera"
    exif[0x0132] = "2026:11:20 10:30:00"
    if orientation:
        exif[0x0112] = orientation
    gradient = Image.linear_gradient("L").resize(size)
    radial = Image.radial_gradient("L").resize(size)
    Image.merge(
        "RGB", (gradient, radial, gradient.transpose(Image.Transpose.FLIP_TOP_BOTTOM))
    ).save(file, "JPEG", quality=90, exif=exif)


def kept_renditions(project):
    """Return {entry: inode} of the renditions in the speed layer's store: the same inode, not
    encoded again."""
    return {f.name: f.stat().st_ino for f in (project / "cache" / "rendition").glob("??/*")}


@pytest.fixture(scope="module")
def steps(tmp_path_factory):
    """Run every step on one copy of the project; return what each left behind."""
    project = copy_project(tmp_path_factory.mktemp("photos") / "project")
    write_photo(project / "content" / PHOTO, PHOTO_SIZE)
    write_photo(project / "content" / PORTRAIT, PORTRAIT_STORED, orientation=6)
    with (project / "content" / "alt-text.toml").open("a", encoding="utf-8") as alt_text:
        alt_text.write(f'\n["{PHOTO}"]\nalt = "{PHOTO_ALT}"\n')
        alt_text.write(f'\n["{PORTRAIT}"]\nalt = "{PORTRAIT_ALT}"\n')
    (project / "content" / "articles" / "photo-walk.md").write_text(ARTICLE_TEXT, encoding="utf-8")
    found = {"project": project}
    for name, task in [("first", "build"), ("second", "build"), ("preview", "preview")]:
        # A real second build, which reads the renditions: with nothing changed, the build
        # record (plugins/speed/record.py) would leave output/ as it is and read nothing.
        shutil.rmtree(project / "cache" / "build", ignore_errors=True)
        found[name] = invoke(project, task)
        assert found[name].returncode == 0, found[name].stdout + found[name].stderr
        found[f"kept after {name}"] = kept_renditions(project)
        if name == "first":
            shutil.copytree(project / "output", project.parent / "first-output")
            found["site"] = BuiltSite(project.parent / "first-output", found[name].stdout)
    found["photo before"] = (project / "output" / PHOTO).read_bytes()
    found["published page"] = (project / "output" / ARTICLE / "index.html").read_text("utf-8")
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nCLINIC_IMAGE_QUALITY = {"avif": 40, "webp": 60, "jpeg": 70}\n')
    found["requality"] = invoke(project, "build")
    assert found["requality"].returncode == 0, found["requality"].stderr
    found["photo after"] = (project / "output" / PHOTO).read_bytes()
    write_photo(project / "content" / "images" / "nameless.jpg", (640, 480))
    (project / "content" / "articles" / "nameless.md").write_text(NAMELESS_TEXT, encoding="utf-8")
    found["nameless"] = invoke(project, "build", "--strict")
    return found


def picture_of(site, alt):
    """Return the <picture> of the article whose <img> has this alt text."""
    return site.page(ARTICLE).find("img", alt=alt).parent


def candidates(element):
    """Return [(URL, width)] of an element's srcset."""
    found = []
    for candidate in element["srcset"].split(","):
        url, width = candidate.split()
        found.append((url, int(width.removesuffix("w"))))
    return found


def test_a_photo_is_a_picture_with_avif_and_webp_sources_inside_its_figure(steps):
    picture = picture_of(steps["site"], PHOTO_ALT)
    assert picture.name == "picture"
    assert picture.parent.name == "figure"
    assert [s["type"] for s in picture.find_all("source")] == ["image/avif", "image/webp"]
    image = picture.find("img")
    assert image["src"] == f"../{PHOTO}"
    assert (image["width"], image["height"]) == ("1600", "1067")
    assert image["decoding"] == "async"
    assert image.get("loading") is None  # the first image of the article
    assert picture_of(steps["site"], PORTRAIT_ALT).find("img")["loading"] == "lazy"
    sizes = {s["sizes"] for s in [*picture.find_all("source"), image]}
    assert sizes == {"(min-width: 44rem) 42rem, calc(100vw - 2rem)"}


def test_every_srcset_url_is_a_file_of_the_stated_width_and_format(steps):
    site, article = steps["site"], steps["site"].path(ARTICLE)
    checked = 0
    for alt in (PHOTO_ALT, PORTRAIT_ALT):
        picture = picture_of(site, alt)
        for element in [*picture.find_all("source"), picture.find("img")]:
            expected = FORMATS.get(element.get("type"), "JPEG")
            for url, width in candidates(element):
                file = (article.parent / url).resolve()
                with Image.open(file) as image:
                    assert (image.width, image.format) == (width, expected), url
                checked += 1
    assert checked == 3 * 4 + 3 * 1  # the photo at four widths, the portrait at its own


def test_no_rendition_is_wider_than_its_source_and_orientation_is_applied(steps):
    portrait = picture_of(steps["site"], PORTRAIT_ALT)
    widths = {w for element in portrait.find_all(["source", "img"]) for _, w in candidates(element)}
    assert widths == {400}  # stored 600x400 on its side: shown 400x600, never enlarged
    image = portrait.find("img")
    assert (image["width"], image["height"]) == ("400", "600")
    for file in (steps["site"].root / "images").glob("garden-path*"):
        with Image.open(file) as rendition:
            assert rendition.width <= PHOTO_SIZE[0]


def test_no_published_image_keeps_its_exif(steps):
    folder = steps["site"].root / "images"
    published = [*folder.glob("garden-path*"), *folder.glob("waiting-room*")]
    assert len(published) == 3 * 4 + 3  # the original's own path holds the stripped fallback
    for file in published:
        data = file.read_bytes()
        assert b"TestCamera" not in data, file.name
        with Image.open(io.BytesIO(data)) as image:
            assert dict(image.getexif()) == {}, file.name
            assert "exif" not in image.info


def test_the_cover_on_cards_is_a_picture_too(steps):
    index = steps["site"].page("")
    image = index.find("img", class_="card-cover", alt=PHOTO_ALT)
    assert image.parent.name == "picture"
    assert [s["type"] for s in image.parent.find_all("source")] == ["image/avif", "image/webp"]
    for element in [*image.parent.find_all("source"), image]:
        for url, _ in candidates(element):
            assert (steps["site"].root / url).is_file(), url


def test_the_json_ld_image_is_the_fallback_file_with_the_alt_as_caption(steps):
    page = steps["site"].page(ARTICLE)
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    posting = next(node for node in graph if node["@type"] == "BlogPosting")
    images = {image["url"]: image for image in posting["image"]}
    photo = images[f"/{PHOTO}"]
    assert (photo["caption"], photo["width"], photo["height"]) == (PHOTO_ALT, 1600, 1067)
    with Image.open(steps["site"].root / PHOTO) as fallback:
        assert fallback.size == (1600, 1067)


def test_a_second_build_encodes_nothing(steps):
    first = steps["kept after first"]
    assert len(first) == 3 * 4 + 3 * 1 + 3 * 3  # and the site's social.png at three widths
    assert steps["kept after second"] == first
    assert (steps["project"] / "output" / "images" / "garden-path-480w.avif").is_file()


def test_the_publish_build_reuses_the_renditions_and_its_checks_pass(steps):
    assert steps["kept after preview"] == steps["kept after first"]
    assert "https://example.org/images/garden-path-800w.avif 800w" in steps["published page"]


def test_a_quality_setting_change_encodes_the_renditions_again(steps):
    assert steps["photo after"] != steps["photo before"]


def test_a_photo_without_alt_text_is_still_a_problem_at_its_line(steps):
    result = steps["nameless"]
    assert result.returncode != 0
    assert (
        "content/articles/nameless.md:8: image has no alt text: images/nameless.jpg"
        in result.stdout + result.stderr
    )


def test_srcset_urls_resolve_against_the_page(steps):
    """Relative URLs in a srcset resolve from the page's own folder, as src does."""
    picture = picture_of(steps["site"], PHOTO_ALT)
    base = f"https://example.org/{ARTICLE}"
    for element in picture.find_all(["source", "img"]):
        for url, _ in candidates(element):
            assert urljoin(base, url).startswith("https://example.org/images/garden-path")


def test_the_published_picture_markup_is_valid_html(steps, tmp_path):
    """Minified as published, <picture>, <source sizes> and srcset pass the Nu validator."""
    from tests.test_validation import vnu_errors

    page = tmp_path / "photo-walk.html"
    page.write_text(steps["published page"], encoding="utf-8")
    assert "<picture>" in steps["published page"]
    assert vnu_errors([page], "--html") == []
