"""Reading time of an article, counted once per build, not on each page listing it. Pure."""

import hashlib
import math
import re

from markupsafe import Markup

# Whole minutes at 238 words a minute, the mean silent reading rate for non-fiction in
# Brysbaert's 2019 meta-analysis (Journal of Memory and Language 109). Words are counted as
# Jinja's `striptags|wordcount` counts them, so the template's fallback gives the same figure.
WORDS_PER_MINUTE = 238
WORD = re.compile(r"\w+")


def reading_minutes(html):
    """Return the whole minutes (at least 1) it takes to read an HTML text."""
    words = len(WORD.findall(Markup(html).striptags()))
    return max(math.ceil(words / WORDS_PER_MINUTE), 1)


def body_key(html):
    """Return the key a body's reading time is kept under: the digest of its text."""
    return hashlib.sha256(html.encode("utf-8", "surrogatepass")).digest()


def minutes_of(bodies, kept):
    """Return the reading minutes of each HTML body, counting only those `kept` lacks.

    `kept` has get(key) and put(key, minutes), as plugins/speed/table.py's KeptTable, or is
    None: then each is counted.
    """
    minutes = []
    for html in bodies:
        key = body_key(html) if kept is not None else None
        counted = kept.get(key) if kept is not None else None
        if counted is None:
            counted = reading_minutes(html)
            if kept is not None:
                kept.put(key, counted)
        minutes.append(counted)
    return minutes
