"""A Markdown file as the reader rendered it, kept between builds, and what it was made from. Pure.

An entry is reused only when everything its HTML depends on is the same: the file's text and
path, the settings that shape rendering, the alt-text file, the code (cache.VERSION), and the
bytes of each image it shows (checked again before reuse: its size is in the HTML). Metadata
is kept raw: dates, tags and categories are made from it afresh, with this build's settings.
"""

import hashlib
from dataclasses import dataclass

from .cache import VERSION

# Settings that change what the reader renders; every CLINIC_ setting is added to these,
# but those that cannot change a rendering: a strict, a parallel or a deploying build of the
# same files shares the renderings of a development build.
RENDER_SETTINGS = ("MARKDOWN", "FORMATTED_FIELDS", "PATH", "THEME", "THEME_STATIC_DIR")
NOT_RENDERING = ("CLINIC_STRICT", "CLINIC_WORKERS", "CLINIC_READ_CACHE", "CLINIC_FAQ_CACHE")
NOT_RENDERING += ("CLINIC_RENDER_CACHE", "CLINIC_TEMPLATE_CACHE")
NOT_RENDERING_PREFIXES = ("CLINIC_REVIEW_", "CLINIC_DEPLOY_", "CLINIC_RSYNC_", "CLINIC_S3_")


@dataclass(frozen=True)
class Rendered:
    """One Markdown file rendered: its HTML, raw metadata, and what rendering found."""

    content: str
    meta: dict  # lower-case name -> [raw values], as Markdown's meta extension reads them
    formatted: dict  # name -> HTML, for the formatted fields (FORMATTED_FIELDS, e.g. summary)
    images: tuple  # site paths of its images, in order
    image_files: tuple  # (site path, digest of its file or None if missing) it was rendered with
    problems: tuple  # Problems found while rendering (alt text, missing images)


def settings_material(settings):
    """Return the text of every setting that shapes rendering, in a stable order."""
    clinic = [name for name in settings if name.startswith("CLINIC_")]
    rendering = [
        name
        for name in clinic
        if name not in NOT_RENDERING and not name.startswith(NOT_RENDERING_PREFIXES)
    ]
    names = [*RENDER_SETTINGS, *sorted(rendering)]
    return "\n".join(f"{name}={settings.get(name)!r}" for name in names)


def read_key(source, text, settings_text, alt_text):
    """Return the key of one file's rendering: its path as shown, text, settings, alt text, code."""
    material = "\0".join([VERSION, settings_text, alt_text, source, text])
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def file_digest(file):
    """Return the SHA-256 of a file's bytes, or None when there is no such file."""
    try:
        return hashlib.sha256(file.read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def still_valid(rendered, digest_of):
    """Whether each image a rendering used is, byte for byte, the file it was then."""
    return all(digest_of(path) == digest for path, digest in rendered.image_files)
