"""Responsive renditions of raster images: which files to make, and encoding them. Pure."""

import io
import os
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from PIL import Image, ImageOps

# Suffixes of the images made responsive; GIFs (often animated) and SVGs are left as they are.
SOURCE_FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp"}
SUFFIXES = {"avif": ".avif", "webp": ".webp", "jpeg": ".jpg", "png": ".png"}
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
MODERN_FORMATS = ("avif", "webp")  # best first: a browser takes the first <source> it supports
LOSSY_FORMATS = ("avif", "webp", "jpeg")
# What Pillow raises for a file it cannot read (UnidentifiedImageError is an OSError).
IMAGE_ERRORS = (OSError, ValueError, SyntaxError, Image.DecompressionBombError)
# `{static}/path 480w` inside a srcset: Pelican resolves `{static}` only in one URL per tag.
SRCSET = re.compile(r'(\ssrcset=")([^"]*)(")')
SRCSET_PLACEHOLDER = re.compile(r"(?:\{static\}|\|static\|)/?")


@dataclass(frozen=True)
class RasterOptions:
    """How raster images are rendered: widths, formats, qualities, and the `sizes` attribute."""

    widths: tuple
    formats: tuple  # modern formats offered before the fallback, e.g. ("avif", "webp")
    quality: dict
    sizes: str

    def encoder_arguments(self, format):
        """Return the Pillow save() arguments for a format."""
        if format == "png":
            return {"optimize": True}
        arguments = {"quality": self.quality[format]}
        if format == "jpeg":
            arguments.update(optimize=True, progressive=True)
        return arguments


@dataclass(frozen=True)
class Rendition:
    """One file made from a source image: its site path, size and format."""

    path: str
    width: int
    height: int
    format: str


@dataclass(frozen=True)
class Renditions:
    """Every file made from one source image; the fallback's largest keeps the source's path."""

    source: str
    fallback_format: str
    files: tuple

    @property
    def fallback(self):
        """Return the largest file in the source's own format: the <img>'s src, width, height."""
        return self.in_format(self.fallback_format)[-1]

    def in_format(self, format):
        return tuple(file for file in self.files if file.format == format)

    def sources(self):
        """Return [(MIME type, renditions)] for the <source> elements, best format first."""
        formats = [f for f in MODERN_FORMATS if f != self.fallback_format and self.in_format(f)]
        return [(MIME_TYPES[format], self.in_format(format)) for format in formats]


def is_raster(path):
    return posixpath.splitext(path)[1].lower() in SOURCE_FORMATS


def displayed_size(file):
    """Return (width, height) of a raster image as shown, after its EXIF orientation."""
    with Image.open(file) as image:
        width, height = image.size
        # Orientations 5 to 8 turn the image a quarter: width and height swap.
        if image.getexif().get(0x0112, 1) in {5, 6, 7, 8}:
            width, height = height, width
    return width, height


def plan(path, size, options):
    """Return the Renditions of the image at site path `path` whose displayed size is `size`.

    Widths above the source's are dropped (never upscaled); the source's own width stands in
    for them, capped at the largest width asked for.
    """
    width, height = size
    widths = sorted({w for w in options.widths if w < width} | {min(width, max(options.widths))})
    stem, suffix = posixpath.splitext(path)
    fallback = SOURCE_FORMATS[suffix.lower()]
    files = []
    for format in [*(f for f in options.formats if f != fallback), fallback]:
        for w in widths:
            largest_fallback = format == fallback and w == widths[-1]
            name = path if largest_fallback else f"{stem}-{w}w{SUFFIXES[format]}"
            files.append(Rendition(name, w, max(1, round(height * w / width)), format))
    return Renditions(path, fallback, tuple(files))


def clashes(planned, paths):
    """Return [(path, source)] for each of `paths` that a rendition of `source` would replace."""
    made = {
        file.path: source
        for source, renditions in planned.items()
        for file in renditions.files
        if file.path != source
    }
    return [(path, made[path]) for path in sorted(paths) if path in made]


def srcset(files, prefix=""):
    """Return a srcset attribute's value: each file's URL (`prefix` + path) and width."""
    return ", ".join(f"{prefix}{file.path} {file.width}w" for file in files)


def resolve_srcsets(html, siteurl, relative):
    """Replace `{static}/` in every srcset of `html` by the site's URL, as Pelican does for src."""

    def join(path):
        return os.path.join(siteurl, path) if relative else urljoin(siteurl, path)

    def resolve(match):
        candidates = []
        for candidate in match[2].split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            placeholder = SRCSET_PLACEHOLDER.match(url)
            if placeholder:
                url = join(url[placeholder.end() :])
            candidates.append(f"{url} {descriptor}".strip())
        return f"{match[1]}{', '.join(candidates)}{match[3]}"

    if "srcset=" not in html or "static" not in html:
        return html
    return SRCSET.sub(resolve, html)


def prepared(data):
    """Return the image in `data` turned upright, in RGB(A), with no metadata left on it."""
    with Image.open(io.BytesIO(data)) as opened:
        # An ICC profile only describes the pixels when they stay in the source's mode.
        profile = opened.info.get("icc_profile") if opened.mode in {"RGB", "RGBA"} else None
        upright = ImageOps.exif_transpose(opened)
        alpha = upright.has_transparency_data
        image = upright.convert("RGBA" if alpha else "RGB")
    # convert() and resize() copy `info`: EXIF (GPS included), XMP and comments must not follow.
    image.info = {}
    return image, profile


def encode(image, profile, rendition, options):
    """Return the bytes of one rendition of a prepared image."""
    resized = image
    if image.size != (rendition.width, rendition.height):
        resized = image.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS)
        resized.info = {}
    if rendition.format == "jpeg" and resized.mode == "RGBA":
        resized = resized.convert("RGB")
    arguments = options.encoder_arguments(rendition.format)
    if profile:
        arguments["icc_profile"] = profile
    stream = io.BytesIO()
    resized.save(stream, rendition.format.upper(), **arguments)
    return stream.getvalue()


def encode_renditions(data, renditions, options):
    """Return the bytes of every file of `renditions`, in order, made from the image `data`."""
    image, profile = prepared(data)
    return tuple(encode(image, profile, rendition, options) for rendition in renditions.files)
