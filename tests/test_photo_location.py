"""Photos that carry the GPS position they were taken at: a problem naming the file, fixed by
`invoke strip-photos`, which removes the metadata in place and turns the photo upright."""

import io
import subprocess
import sys

import pytest
from PIL import Image, ImageCms

from authoring.photos import strip_photo
from plugins.clinic.photolocation import GPS_IFD, gps_tags
from tests.badsites import ROOT, build, make_site, problems

PHOTO = "content/images/walk.jpg"
ORIENTATION = 0x0112
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def photo(kind="JPEG", size=(40, 20), gps=True, orientation=1):
    """Return the bytes of a small photo, with a GPS position and an orientation if told."""
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    if orientation != 1:
        exif[ORIENTATION] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (49.0, 16.0, 0.0), 3: "W", 4: (123.0, 7.0, 0.0)})
    picture = Image.new("RGB", size, (200, 40, 40))
    picture.paste((40, 40, 200), (0, 0, size[0] // 2, size[1]))  # left half blue: shows a turn
    out = io.BytesIO()
    picture.save(out, kind, exif=exif, icc_profile=SRGB)
    return out.getvalue()


def strip_photos(*paths):
    arguments = [arg for path in paths for arg in ("--path", str(path))]
    return subprocess.run(
        [sys.executable, "-m", "invoke", "-r", str(ROOT), "strip-photos", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = make_site(tmp_path_factory.mktemp("photos") / "site")
    (folder / PHOTO).write_bytes(photo())
    return folder


def test_a_photo_with_a_gps_position_fails_the_strict_build_naming_it(site):
    result = build(site)
    assert result.returncode != 0
    assert problems(result.stderr) == [(PHOTO, 1, "photo-location")], result.stderr
    assert f"invoke strip-photos --path {PHOTO}" in result.stderr
    assert "may be public" in result.stderr


def test_after_strip_photos_the_build_passes_and_the_photo_holds_no_metadata(site):
    result = strip_photos(site / PHOTO)
    assert result.returncode == 0, result.stderr
    assert "removed EXIF (with the GPS position)" in result.stdout
    built = build(site)
    assert built.returncode == 0, built.stderr
    with Image.open(site / PHOTO) as image:
        assert not image.getexif()
        assert image.info.get("icc_profile") == SRGB  # the colours stay as they were
        assert (image.format, image.size) == ("JPEG", (40, 20))


def test_a_photo_taken_sideways_comes_out_upright(tmp_path):
    file = tmp_path / "sideways.jpg"
    file.write_bytes(photo(orientation=6))
    assert "turned upright (EXIF orientation 6)" in strip_photo(file)
    with Image.open(file) as image:
        assert image.size == (20, 40)
        assert ORIENTATION not in image.getexif()
        # Orientation 6 is a quarter turn clockwise: the blue left half is now on top.
        assert image.getpixel((10, 5))[2] > 150
        assert image.getpixel((10, 35))[0] > 150


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_other_formats_are_found_and_stripped_in_their_own_format(tmp_path, kind):
    file = tmp_path / f"walk.{kind.lower()}"
    file.write_bytes(photo(kind))
    assert gps_tags(file)
    assert "GPS position" in strip_photo(file)
    assert gps_tags(file) == {}
    with Image.open(file) as image:
        assert image.format == kind
        assert not image.getexif()


def test_a_stripped_photo_is_replaced_whole_keeping_its_permissions(tmp_path):
    file = tmp_path / "walk.jpg"
    file.write_bytes(photo())
    file.chmod(0o640)
    inode = file.stat().st_ino
    assert "GPS position" in strip_photo(file)
    assert file.stat().st_ino != inode  # a new file renamed over it, never half written
    assert file.stat().st_mode & 0o777 == 0o640
    assert [path.name for path in tmp_path.iterdir()] == ["walk.jpg"]  # nothing left beside


def test_a_photo_without_metadata_is_left_as_it_is(tmp_path):
    file = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(file)
    before = file.read_bytes()
    assert strip_photo(file) == ""
    assert file.read_bytes() == before


def test_strip_photos_refuses_what_is_no_photo(tmp_path):
    (tmp_path / "notes.txt").write_text("not a photo")
    result = strip_photos(tmp_path / "notes.txt")
    assert result.returncode == 1
    assert "not a photo" in result.stderr
