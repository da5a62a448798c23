"""Alt text: the one file that holds it for every image, and the rules it must meet. Pure."""

import difflib
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


# What each key of an entry holds: the type TOML must give it, and how to write it.
ENTRY_KEYS = {
    "alt": (str, 'alt = "what the image shows"'),
    "caption": (str, 'caption = "text shown under the image"'),
    "decorative": (bool, "decorative = true (or false)"),
}
TOML_TYPES = {bool: "true or false", int: "a number", float: "a number", str: "text in quotes"}
TOML_TYPES |= {list: "a list", dict: "a table"}


def entry_problems(path, entry):
    """Yield (key, message) for each key of an entry that is unknown or of the wrong type."""
    for key, value in entry.items():
        if key not in ENTRY_KEYS:
            close = difflib.get_close_matches(key.lower(), list(ENTRY_KEYS), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}?" if close else "the keys are alt, caption, decorative"
            yield key, f"{key} is not a key of an image's entry ({path}): {hint}"
            continue
        wanted, example = ENTRY_KEYS[key]
        if type(value) is not wanted:
            given = TOML_TYPES.get(type(value), "a date")
            yield (
                key,
                f"{key} of {path} is {given} ({value!r}), not {TOML_TYPES[wanted]}: {example}",
            )


def text_value(value):
    """Return an entry's text, or "" for a value of another type (a problem says so)."""
    return value.strip() if isinstance(value, str) else ""


def key_line(text, header_line, key):
    """Return the line of `key = ...` in the entry whose header is on `header_line`."""
    pattern = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*[=.]""")
    lines = text.splitlines()
    for number in range(header_line, len(lines)):
        if lines[number].lstrip().startswith("["):
            break
        if pattern.match(lines[number]):
            return number + 1
    return header_line


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
        typed = list(entry_problems(path, entry))
        problems += [
            Problem(source, key_line(text, line, key), message, "alt-text")
            for key, message in typed
        ]
        image = ImageText(
            alt=text_value(entry.get("alt")),
            caption=text_value(entry.get("caption")),
            decorative=entry.get("decorative") is True,
            line=line,
        )
        message = alt_problem(image.alt, path, image.decorative)
        if message and not typed:  # a mistyped alt or decorative is named once, above
            problems.append(Problem(source, line, message, "alt-text"))
        catalogue[path] = image
    return catalogue, problems
