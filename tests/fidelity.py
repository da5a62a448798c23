"""Read the seed page as sentences and check that a text holds them all, in order."""

import re
import unicodedata
from pathlib import Path

SEED = Path(__file__).parent / "fixtures" / "seed-ketamine-vs-antidepressants.txt"
# The scraped chat widget starts here; its text is dropped (the widget comes back as a feature).
WIDGET_START = "Chatbot"
IMAGE_PLACEHOLDER = "ketamine_img"
SENTENCE_END = re.compile(r"(?<!\bvs\.)(?<=[.!?])\s+(?=[A-Z])")


def normalise(text):
    """Fold the differences HTML rendering may introduce: Unicode form, quotes, white space."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def seed_lines(text):
    """Return the seed's lines of content: no blanks, image placeholders or chat widget."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("\u2022").strip()
        if line == WIDGET_START:
            break
        if line and line != IMAGE_PLACEHOLDER:
            lines.append(line)
    return lines


def seed_sentences(text=None):
    """Return every sentence (and heading) of the seed, in order."""
    text = SEED.read_text(encoding="utf-8") if text is None else text
    return [
        normalise(sentence) for line in seed_lines(text) for sentence in SENTENCE_END.split(line)
    ]


def missing_or_out_of_order(sentences, page_text):
    """Return the sentences not found in page_text after the sentence before them."""
    page_text = normalise(page_text)
    problems, position = [], 0
    for sentence in sentences:
        found = page_text.find(sentence, position)
        if found < 0:
            problems.append(sentence)
        else:
            position = found + len(sentence)
    return problems
