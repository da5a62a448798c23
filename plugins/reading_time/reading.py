"""Reading time of an article, counted once per build, not on each page listing it. Pure."""

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
