"""Print the chat assistant's script and style sizes, raw and gzip -9, against its budgets.

.venv/bin/python bench/chat_size.py
"""

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "theme" / "static"
FILES = ["js/chat.js", "js/chat-match.js", "css/chat.css"]
BUDGET = 6 * 1024  # bytes, gzip-compressed, script and style together (issue 5)
# Loaded on the chat's first open only, never by a page that is merely read (issue 19): the
# crisis matcher and its phrase lists (built from plugins/clinic/crisis/), which grow with each
# language.
LAZY_FILES = ["js/crisis-match.js", "chat-crisis.json"]
LAZY_BUDGET = 8 * 1024


def packed(data):
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def sizes():
    """Return {file: (raw bytes, gzip -9 bytes)} for the chat's script and style."""
    result = {}
    for name in FILES:
        data = (STATIC / name).read_bytes()
        result[name] = (len(data), packed(data))
    return result


def lazy_sizes():
    """Return {file: (raw bytes, gzip -9 bytes)} for what the chat loads on its first open."""
    sys.path.insert(0, str(ROOT))
    from plugins.clinic.crisis_lists import crisis_json, read_crisis_lists

    script = (STATIC / LAZY_FILES[0]).read_bytes()
    lists = crisis_json(read_crisis_lists()[0]).encode()
    files = zip(LAZY_FILES, [script, lists], strict=True)
    return {name: (len(data), packed(data)) for name, data in files}


def main():
    for table, budget in [(sizes(), BUDGET), (lazy_sizes(), LAZY_BUDGET)]:
        for name, (raw, gz) in table.items():
            print(f"{name:20} {raw:6} B raw {gz:6} B gzip")
        total = sum(gz for _, gz in table.values())
        print(f"{'total':20} {'':13} {total:6} B gzip = {total / budget:.0%} of {budget} B budget")


if __name__ == "__main__":
    main()
