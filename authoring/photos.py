"""Strip photographs of their metadata in place: turned upright first, colours kept."""

import io
from pathlib import Path

from PIL import Image, ImageOps, JpegImagePlugin

from plugins.clinic.photolocation import GPS_IFD, is_photo
from publishing.files import atomic_write

ORIENTATION = 0x0112
# Keys of Image.info that hold what a camera or an editor wrote about the photo, not the
# picture. The ICC profile stays: it is not personal, and colours change without it.
METADATA = {"exif": "EXIF", "xmp": "XMP", "XML:com.adobe.xmp": "XMP", "comment": "comment"}
QUALITY = 95  # a re-encoded JPEG or WebP (turned upright): no visible loss


def photos_under(folder):
    """Return every photo file under a folder, sorted."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and is_photo(p.name))


def strip_photo(path):
    """Remove a photo's metadata in place; return what was changed, or "" for nothing."""
    with Image.open(path) as image:
        exif = image.getexif()
        found = [name for key, name in METADATA.items() if image.info.get(key)]
        if exif and "EXIF" not in found:
            found.insert(0, "EXIF")
        if not found:
            return ""
        orientation = exif.get(ORIENTATION, 1)
        removed = [
            f"{name} (with the GPS position)" if name == "EXIF" and exif.get_ifd(GPS_IFD) else name
            for name in dict.fromkeys(found)
        ]
        change = "removed " + ", ".join(removed)
        if orientation != 1:
            change += f"; turned upright (EXIF orientation {orientation})"
        kind = "JPEG" if image.format == "MPO" else image.format
        options = {"format": kind, "icc_profile": image.info.get("icc_profile")}
        if orientation == 1 and kind == "JPEG":
            # Same pixels: keep the quantization tables, so the JPEG is not encoded any worse.
            picture, options = image, {**options, "quality": "keep", "subsampling": "keep"}
        else:
            picture = ImageOps.exif_transpose(image)
            if kind == "JPEG":
                sampling = JpegImagePlugin.get_sampling(image)
                options.update(quality=QUALITY, subsampling=max(sampling, 0))
            elif kind == "WEBP":
                options.update(quality=QUALITY)
        picture.load()
        for key in METADATA:
            picture.info.pop(key, None)
        if not options["icc_profile"]:
            del options["icc_profile"]
        write_in_place(picture, Path(path), options)
    return change


def write_in_place(picture, path, options):
    """Write the image over `path` whole (publishing/files.py: a reader sees the old file or
    the new one, never half), with the permissions it had, less the umask."""
    encoded = io.BytesIO()
    picture.save(encoded, **options)
    atomic_write(path, encoded.getvalue(), mode=path.stat().st_mode & 0o777)
