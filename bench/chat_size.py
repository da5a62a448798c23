"""Print the chat assistant's script and style sizes, raw and gzip -9, against its budget.

.venv/bin/python bench/chat_size.py
"""

import gzip
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "theme" / "static"
FILES = ["js/chat.js", "js/chat-match.js", "css/chat.css"]
BUDGET = 6 * 1024  # bytes, gzip-compressed, script and style together (issue 5)


def sizes():
    """Return {file: (raw bytes, gzip -9 bytes)} for the chat's script and style."""
    result = {}
    for name in FILES:
        data = (STATIC / name).read_bytes()
        result[name] = (len(data), len(gzip.compress(data, compresslevel=9, mtime=0)))
    return result


def main():
    table = sizes()
    for name, (raw, packed) in table.items():
        print(f"{name:20} {raw:6} B raw {packed:6} B gzip")
    total = sum(packed for _, packed in table.values())
    print(f"{'total':20} {'':13} {total:6} B gzip = {total / BUDGET:.0%} of {BUDGET} B budget")


if __name__ == "__main__":
    main()
