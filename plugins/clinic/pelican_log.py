"""Pelican's own warnings and errors, caught as they are logged and turned into problems."""

import logging
import sys
import traceback
from pathlib import Path

from pelican.utils import get_date

from .problems import Problem, display_path, line_of, metadata_line

# Covered by our own checks, which name the source file and line Pelican's message lacks.
COVERED = (
    "Unable to find",  # the link check names the line of the dead {filename} link
    "There are ",  # items with one slug: the duplicate-output check
    # Follows a missing title, or one that makes an empty slug: the metadata check names both.
    "Skipping %s: file %r would be written outside",
    "Empty alt attribute",  # the image check
    "Duplicate definition of",  # the metadata check names the second line
    "Cannot get modification stamp",  # a missing image: the image check names its line
    # A category, tag or author of no letter or digit: the metadata check names its line.
    "Unable to generate valid slug for",
)
# Of a Markdown file, the metadata check (metadata.py) names these, with the line and the fix.
COVERED_IN_MARKDOWN = (
    "Skipping %s: could not find information about",
    "Unknown status",
)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
DATE_KEYS = ("Date", "Modified", "Last_reviewed")


def read_text(path):
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def date_problem(path, text):
    """Return the problem of the first metadata date in a file that does not parse, or None."""
    for key in DATE_KEYS[:2]:
        line = metadata_line(text, key)
        header = text.splitlines()[line - 1] if text and line <= len(text.splitlines()) else ""
        if not header.lower().startswith(key.lower()):
            continue
        value = header.split(":", 1)[1].strip()
        try:
            get_date(value)
        except (ValueError, OverflowError):
            return Problem(
                path,
                line,
                f"{key}: {value!r} is not a date (write it as YYYY-MM-DD, or YYYY-MM-DD HH:MM)",
                "bad-date",
            )
    return None


def problem_from_record(record, content_root, error=None):
    """Return the Problem a Pelican log record stands for, or None when another check has it."""
    template = str(record.msg)
    if template.startswith(COVERED):
        return None
    args = record.args if isinstance(record.args, tuple) else ()
    if template.startswith(COVERED_IN_MARKDOWN) and metadata_checked(args, error):
        return None
    if template.startswith("Skipping %s: could not find information about") and len(args) == 2:
        key = str(args[1])
        return Problem(
            display_path(str(args[0])),
            1,
            f"no {key}: add a '{key.capitalize()}:' line to the metadata at the top",
            f"missing-{key}",
        )
    if template.startswith("Unknown status") and len(args) >= 2:
        source = str(args[1])
        return Problem(
            display_path(source),
            metadata_line(read_text(source), "Status"),
            f"unknown status {args[0]!r}: use published, draft or hidden",
            "unknown-status",
        )
    if template.startswith("Could not process") and args:
        source = str(Path(content_root, str(args[0])))
        if isinstance(error, UnicodeDecodeError):
            return None  # the encoding check names the line
        text = read_text(source)
        found = date_problem(display_path(source), text)
        if found and metadata_checked(args, error):
            return None
        if found:
            return found
        return Problem(
            display_path(source),
            1,
            f"could not be read: {error or record.getMessage()}",
            "unreadable",
        )
    words = [str(a) for a in args]
    files = [Path(base, a) for a in words for base in ("", content_root) if a]
    source = next((file for file in files if file.is_file()), None)
    message = f"Pelican: {' '.join(record.getMessage().split())}"
    if source is None:
        return Problem(display_path(content_root), 1, message, "pelican")
    line = line_of(read_text(source), [a for a in words if a != str(source)]) or 1
    return Problem(display_path(source), line, message, "pelican")


def metadata_checked(args, error):
    """Whether a record is about a Markdown file's metadata, which the metadata check reads."""
    if isinstance(error, UnicodeDecodeError):
        return False  # the encoding check has it
    names = [str(arg) for arg in args]
    return any(name.lower().endswith(MARKDOWN_SUFFIXES) for name in names)


class ProblemFilter(logging.Filter):
    """Take Pelican's warnings and errors as problems, listed once in our form at the end.

    A filter on Pelican's loggers rather than a handler, so the record it turns into a
    problem is not printed a second time in Pelican's own form.
    """

    def __init__(self, problems, content_root, on_fatal=None):
        super().__init__()
        self.problems = problems
        self.content_root = content_root
        self.on_fatal = on_fatal  # called with Pelican's last message when it gives up

    def filter(self, record):
        if record.levelno < logging.WARNING:
            return True
        error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if record.levelno >= logging.CRITICAL:
            # Pelican's last word before it exits: its message is enough without the traceback.
            record.exc_info, record.exc_text = None, None
            message = " ".join(record.getMessage().split())
            if where := template_location(error):
                message = f"{where}: {message}"
                record.msg, record.args = message, ()
            if self.on_fatal:
                self.on_fatal(message)
            return True
        try:
            problem = problem_from_record(record, self.content_root, error)
        except Exception:  # a message we cannot read is left for Pelican to print
            return True
        if problem is not None:
            self.problems.append(problem)
        return False


def template_location(error):
    """Return `template:line` of the template an error comes from, or "" if none does."""
    if error is None:
        return ""
    if getattr(error, "filename", None) and getattr(error, "lineno", None):
        return f"{display_path(error.filename)}:{error.lineno}"  # a template syntax error
    frames = traceback.extract_tb(error.__traceback__) if error.__traceback__ else []
    in_templates = [frame for frame in frames if frame.filename.endswith(".html")]
    if not in_templates:
        return ""
    return f"{display_path(in_templates[-1].filename)}:{in_templates[-1].lineno}"


def pelican_loggers():
    """Return Pelican's loggers (one per module), which its records start from."""
    return [
        logger
        for name, logger in logging.root.manager.loggerDict.items()
        if (name == "pelican" or name.startswith("pelican.")) and isinstance(logger, logging.Logger)
    ]
