"""The inventory: every file under content/ is a page, a static file, or a problem."""

import fnmatch
import os
from pathlib import Path, PurePosixPath

from .problems import Problem


def content_files(root, ignore_patterns):
    """Return every file under `root` as a posix path relative to it, skipping ignored names."""
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(
            name for name in folders if not any(fnmatch.fnmatch(name, p) for p in ignore_patterns)
        )
        # Strings, not a Path per file: a site has thousands of files.
        relative = Path(folder).relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        for name in sorted(files):
            if not any(fnmatch.fnmatch(name, p) for p in ignore_patterns):
                found.append(prefix + name)
    return found


def unread_problems(files, accounted, reported, shown, folders):
    """Return a problem for each file that became nothing and has no problem of its own.

    `files` are paths relative to the content folder; `accounted` and `reported` hold the
    ones that became output and the ones already named by a problem; `shown(file)` gives the
    path a problem names; `folders` describes what reads what, for the hint.
    """
    return [
        Problem(
            shown(file),
            1,
            f"nothing reads this file, so it is not on the site ({folders})",
            "unread-file",
        )
        for file in files
        if file not in accounted and shown(file) not in reported
    ]


def duplicate_outputs(entries):
    """Return a problem for each page that would overwrite another's output file.

    `entries` are (output file, source path, line of its Slug:/Title:, date or None). The
    earliest dated keeps an output, then the one whose file is named after it, then the first
    by path: the article published first has had the address longest, so the one added later
    (often a copy that kept the Slug: and Date:) is the one told to change its Slug: (never a
    published page, whose links would break).
    """
    owners, problems = {}, []

    def claim_order(entry):
        output, source, _, date = entry
        named_after = PurePosixPath(source).stem in PurePosixPath(output).with_suffix("").parts
        return (date is None, date if date is not None else "", not named_after, source)

    for output, source, line, _ in sorted(entries, key=claim_order):
        if output in owners and owners[output] != source:
            problems.append(
                Problem(
                    source,
                    line,
                    f"writes {output}, as {owners[output]} does: one would overwrite the other"
                    " (give this one another Slug:)",
                    "duplicate-slug",
                )
            )
        else:
            owners.setdefault(output, source)
    return problems


# The most bytes one name of a file or folder may have (NAME_MAX of Linux, macOS, Windows).
NAME_MAX = 255


def overlong_outputs(entries):
    """Return a problem for each page whose output file has a name no file system holds.

    `entries` are as for duplicate_outputs. Pelican would stop on the file system's error
    when writing it, naming neither the source nor its line.
    """
    problems = []
    for output, source, line, _ in entries:
        longest = max(len(name.encode()) for name in output.split("/"))
        if longest > NAME_MAX:
            problems.append(
                Problem(
                    source,
                    line,
                    f"its address makes a file name of {longest} characters, more than the "
                    f"{NAME_MAX} a file system holds (write a Slug: of a few words)",
                    "bad-value",
                )
            )
    return problems


def template_page_clashes(entries, template_outputs):
    """Return a problem for each page that would overwrite a page the site's templates write.

    `entries` are as for duplicate_outputs; `template_outputs` are {output file: template}
    of DIRECT_TEMPLATES (/privacy/, /search/...), which are written whatever content holds.
    """
    return [
        Problem(
            source,
            line,
            f"writes {output}, the site's {template_outputs[output]!r} page"
            " (give this one another Slug:)",
            "duplicate-slug",
        )
        for output, source, line, _ in entries
        if output in template_outputs
    ]
