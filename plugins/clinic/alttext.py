"""Alt text: the one file that holds it for every image, and the rules it must meet. Pure."""

import re
import tomllib
from dataclasses import dataclass
from pathlib import PurePosixPath

from .problems import Problem

IMAGE_FILE = re.compile(r"^[\w .-]+\.(svg|png|jpe?g|gif|webp|avif|bmp|tiff?)$", re.IGNORECASE)
# What a camera, phone or screenshot tool names a file: IMG_1234, DSC01234, PXL_2026...
CAMERA_NAME = re.compile(
    r"^(img|image|dsc[nf]?|pxl|photo|pic|screenshot|screen shot|scan)[\s_-]*\d[\d\s_-]*$",
    re.IGNORECASE,
)
# A single token joined by underscores reads as a placeholder or identifier, not as prose.
IDENTIFIER = re.compile(r"^[A-Za-z0-9]+(_[A-Za-z0-9]+)+$")
GENERIC_WORDS = frozenset(
    {
        "alt",
        "alt text",
        "banner",
        "diagram",
        "figure",
        "graphic",
        "icon",
        "illustration",
        "image",
        "img",
        "logo",
        "photo",
        "photograph",
        "pic",
        "picture",
        "placeholder",
        "screenshot",
        "untitled",
    }
)
TOML_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class ImageText:
    """What the writer says about one image: alt text, an optional caption, or decorative."""

    alt: str = ""
    caption: str = ""
    decorative: bool = False
    line: int = 1


def junk_alt_reason(alt, path):
    """Return why `alt` says nothing about the image at `path`, or None when it is real text."""
    text = " ".join(alt.split())
    folded = text.casefold()
    name = PurePosixPath(path).name.casefold()
    stem = PurePosixPath(path).stem.casefold()
    spelled = re.sub(r"[\W_]+", " ", stem).strip()
    if folded in {name, stem, spelled}:
        return f"alt text is the file name: {alt!r}"
    if IMAGE_FILE.match(text):
        return f"alt text is a file name: {alt!r}"
    if folded in GENERIC_WORDS:
        return f"alt text is a generic word: {alt!r}"
    if CAMERA_NAME.match(text):
        return f"alt text is a camera file name: {alt!r}"
    if IDENTIFIER.match(text):
        return f"alt text is a placeholder name, not a description: {alt!r}"
    return None


def alt_problem(alt, path, decorative=False):
    """Return the problem with an image's alt text, or None: empty, junk or contradictory."""
    text = alt.strip()
    if decorative:
        return f"image marked decorative also has alt text: {path}" if text else None
    if not text:
        return f"image has no alt text: {path} (describe it, or mark it decorative)"
    reason = junk_alt_reason(text, path)
    return f"{reason} ({path})" if reason else None


def entry_lines(text):
    """Return {key: 1-based line} for each `["key"]` table header of the alt-text file."""
    header = re.compile(r"""^\s*\[\s*(?:"([^"]+)"|'([^']+)'|([\w./-]+))\s*\]\s*(#.*)?$""")
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = header.match(line)
        if match:
            lines[next(group for group in match.groups() if group)] = number
    return lines


def parse_alt_text_file(text, source):
    """Parse the alt-text file; return ({site path: ImageText}, [Problem])."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = TOML_LINE.search(str(error))
        return {}, [
            Problem(source, int(match[1]) if match else 1, f"not valid TOML: {error}", "alt-text")
        ]
    lines = entry_lines(text)
    catalogue, problems = {}, []
    for path, entry in data.items():
        line = lines.get(path, 1)
        if not isinstance(entry, dict):
            problems.append(
                Problem(source, line, f'write ["{path}"] then alt = "..." below it', "alt-text")
            )
            continue
        unknown = sorted(set(entry) - {"alt", "caption", "decorative"})
        if unknown:
            problems.append(
                Problem(source, line, f"unknown keys for {path}: {unknown}", "alt-text")
            )
        image = ImageText(
            alt=str(entry.get("alt", "")).strip(),
            caption=str(entry.get("caption", "")).strip(),
            decorative=entry.get("decorative") is True,
            line=line,
        )
        message = alt_problem(image.alt, path, image.decorative)
        if message:
            problems.append(Problem(source, line, message, "alt-text"))
        catalogue[path] = image
    return catalogue, problems
