"""Build problems: where a writer's input is wrong, as `path:line: message`. Pure."""

import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    # A short name for the sort of mistake (`missing-title`, `dead-link`): docs/content.md.
    kind: str = ""
    # "error" fails a strict build; "warning" is listed and counted, and publishes.
    severity: str = "error"

    def __str__(self):
        tag = f" [{self.kind}]" if self.kind else ""
        level = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {level}{self.message}{tag}"


# What Problem.__str__ prints, read back: a path holds no colon, a kind is a lowercase name.
PROBLEM_LINE = re.compile(
    r"(?P<path>[^\s:][^:\n]*):(?P<line>\d+): (?P<warning>warning: )?"
    r"(?P<message>[^\n]*?)(?: \[(?P<kind>[a-z0-9]+(?:-[a-z0-9]+)*)\])?"
)


def parse_problem(text):
    """Return the Problem a report line names (as str(problem) printed it), or None."""
    match = PROBLEM_LINE.fullmatch(text.rstrip("\r\n"))
    if match is None:
        return None
    severity = "warning" if match["warning"] else "error"
    kind = match["kind"] or ""
    return Problem(match["path"], int(match["line"]), match["message"], kind, severity)


def display_path(path, base=None):
    """Return `path` relative to `base` (the working folder) when inside it, else absolute."""
    path = os.path.abspath(path)
    base = os.path.join(os.path.abspath(base or os.getcwd()), "")
    shown = path[len(base) :] if path.startswith(base) else path
    return shown if os.sep == "/" else Path(shown).as_posix()


def metadata_line(text, key):
    """Return the 1-based line of `Key:` in a metadata header, or 1 when it is not there."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        if pattern.match(line):
            return number
    return 1


def report(problems):
    """Return the lines that list every problem, sorted by file and line, each once."""
    return [str(problem) for problem in sorted(set(problems))]


def summary(problems):
    """Return the one line that counts the problems, the files they are in, and their levels."""
    unique = set(problems)
    files = len({problem.path for problem in unique})
    warnings = sum(problem.severity == "warning" for problem in unique)
    counted = [plural(len(unique) - warnings, "error"), plural(warnings, "warning")]
    return f"{plural(len(unique), 'problem')} in {plural(files, 'file')}: {', '.join(counted)}"


def errors(problems):
    """Return the problems that fail a strict build."""
    return [problem for problem in problems if problem.severity != "warning"]


def plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"


def line_of(text, needles):
    """Return the 1-based line of the first needle found in `text`, trying them in order."""
    for needle in needles:
        if needle:
            found = text.find(needle)
            if found >= 0:
                return text.count("\n", 0, found) + 1
    return None
