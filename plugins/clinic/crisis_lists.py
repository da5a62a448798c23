"""The chat's crisis phrase lists: one JSON file per language, built into one file. Pure.

The lists are data (plugins/clinic/crisis/<language>.json) so that adding a phrase or a language
needs no code; the browser loads the one built file on the chat's first open, without the
files' `about` and `sources`, which are for the people who keep the lists.
"""

import json
from pathlib import Path

from .problems import Problem, display_path

CRISIS_FOLDER = Path(__file__).resolve().parent / "crisis"
CHAT_CRISIS_SAVE_AS = "chat-crisis.json"  # theme/templates/partials/chat.html fetches this name
FIELDS = {"language": str, "sources": list, "words": list, "substrings": list}


def list_error(data):
    """Return what is wrong with one language's list, or "" when nothing is."""
    if not isinstance(data, dict):
        return "must be one object with " + ", ".join(FIELDS)
    for name, kind in FIELDS.items():
        if not isinstance(data.get(name), kind):
            return f"needs {name!r}, a {'list' if kind is list else 'string'}"
    if not data["language"] or not data["sources"]:
        return "needs a language and at least one source (where the kinds of wording come from)"
    phrases = [*data["sources"], *data["words"], *data["substrings"]]
    if not all(isinstance(phrase, str) and phrase.strip() for phrase in phrases):
        return "sources, words and substrings must each be non-empty text"
    return ""


def read_crisis_lists(folder=CRISIS_FOLDER):
    """Return (lists, problems): each language's words and substrings, and each bad file."""
    lists, problems = [], []
    for path in sorted(Path(folder).glob("*.json")):
        shown = display_path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            line = getattr(error, "lineno", 1)
            problems.append(
                Problem(shown, line, f"not a valid JSON list: {error} (fix its syntax)", "crisis")
            )
            continue
        message = list_error(data)
        if message:
            problems.append(Problem(shown, 1, f"crisis list {message}", "crisis"))
            continue
        lists.append({key: data[key] for key in ["language", "words", "substrings"]})
    return lists, problems


def crisis_json(lists):
    """Serialise the lists compactly, for the browser."""
    return json.dumps(lists, ensure_ascii=False, separators=(",", ":"))
