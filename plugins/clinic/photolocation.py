"""Photographs under content/ that still carry the GPS position they were taken at.

Published renditions never carry it (renditions.py drops every tag), but the original is in
the repository, which may be public. Only the EXIF is read, never the pixels.
"""

import os

from PIL import Image

from .problems import Problem

GPS_IFD = 0x8825  # EXIF's pointer to the GPS tags (latitude, longitude, altitude, ...)
# The formats that carry EXIF and that Pillow reads here (HEIC too, where a plugin adds it).
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "TIFF", "HEIF", "AVIF"}
PHOTO_SUFFIXES = frozenset(
    suffix for suffix, name in Image.registered_extensions().items() if name in PHOTO_FORMATS
)
FIX = "python3 dev.py invoke strip-photos --path"


def is_photo(name):
    return os.path.splitext(name)[1].lower() in PHOTO_SUFFIXES


def gps_tags(path):
    """Return the GPS tags of an image file ({} for none, or for a file Pillow cannot read)."""
    try:
        with Image.open(path) as image:
            # Pillow finds a PNG's eXIf chunk after the pixels only by decoding them: do that
            # only for a file that has one.
            if image.format == "PNG" and "exif" not in image.info:
                with open(path, "rb") as file:
                    if b"eXIf" not in file.read():
                        return {}
            return dict(image.getexif().get_ifd(GPS_IFD))
    except (OSError, ValueError, SyntaxError):  # Pillow's errors for a damaged file
        return {}


def location_problem(path, shown):
    """Return the problem of a photo that carries a GPS position, or None."""
    if not gps_tags(path):
        return None
    return Problem(
        shown,
        1,
        "this photo holds the GPS position where it was taken, and the repository may be "
        f"public: remove it (and the camera's other data) with '{FIX} {shown}', then commit",
        "photo-location",
    )
