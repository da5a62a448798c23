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

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


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
