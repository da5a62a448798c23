"""The notes the publish check's builds leave each other (CLINIC_CHECK_FILE), a JSON object:
the check of today's site writes the scheduled articles' dates (`scheduled`); each check adds
the problems it reported (`reported`), and reports only those no check before it did, so a
mistake is listed once however many scheduled dates it spoils (publishing/scheduled.py)."""

import json
from pathlib import Path


def read(path):
    """Return the notes in `path`, or {} if there are none yet."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def write(path, **notes):
    """Add `notes` to those in `path`."""
    Path(path).write_text(json.dumps({**read(path), **notes}), encoding="utf-8")


def not_reported(problems, path):
    """Return the problems that no earlier check reported."""
    reported = set(read(path).get("reported", []))
    return [problem for problem in problems if str(problem) not in reported]


def add_reported(problems, path):
    """Note that these problems were reported."""
    write(path, reported=[*read(path).get("reported", []), *map(str, problems)])
