"""Content encoding: UTF-8 without a BOM and without control characters. Pure."""

import re

from .problems import Problem

# Files a writer edits as text; images and other binaries are copied as they are.
TEXT_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".html", ".htm", ".rst", ".toml", ".txt"}
BOM = b"\xef\xbb\xbf"
# C0 and C1 controls except tab, line feed and carriage return: invisible, and they break XML.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The ASCII bytes that are not such controls: an ASCII file of only these has no problem,
# which bytes.translate finds many times faster than the regex (most files are ASCII).
CLEAN_ASCII = bytes(byte for byte in range(128) if not CONTROL.match(chr(byte)))


def encoding_problems(data, path):
    """Return the problems of one file's bytes: not UTF-8, a BOM, control characters."""
    if data.isascii() and not data.translate(None, CLEAN_ASCII):
        return []
    if data.startswith(BOM):
        return [
            Problem(
                path,
                1,
                "file starts with a byte-order mark (save it as UTF-8 without BOM)",
                "encoding",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        return [
            Problem(
                path,
                line,
                f"not UTF-8 (byte 0x{byte}): save the file as UTF-8 in your editor",
                "encoding",
            )
        ]
    return [
        Problem(
            path,
            text.count("\n", 0, match.start()) + 1,
            f"control character U+{ord(match.group()):04X}: delete it (often pasted from"
            " a word processor)",
            "control-character",
        )
        for match in CONTROL.finditer(text)
    ]
