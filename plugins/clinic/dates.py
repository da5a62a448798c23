"""Metadata dates in their common ISO forms, read without dateutil. Pure.

Pelican reads every `Date:` and `Modified:` with dateutil's parser, slowly enough to count on
a large site, every build (bench/README.md, "Figures behind the code"). `YYYY-MM-DD`, with
`HH:MM` or `HH:MM:SS` after a space or a `T` and no zone, means one date whatever the parser:
read it directly.
"""

import re

from pelican.utils import SafeDatetime

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


def iso_date(text):
    """Return the date of `text` as Pelican would, or None when it has another form."""
    match = ISO_DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return SafeDatetime(*(int(part or 0) for part in match.groups()))
    except ValueError:  # no such day or hour: Pelican's own reading says so
        return None
