"""`python -m preview [--port N] [--settings FILE]`: the live preview, from the project root."""

import argparse
from pathlib import Path

from publishing.bytecode import check_bytecode_by_hash

check_bytecode_by_hash()  # before the builds' modules are imported

from .live import run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(prog="python -m preview", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder")
    parser.add_argument("--settings", default="pelicanconf.py", help="settings file in the root")
    parser.add_argument("--output", default="output", help="folder to build into, in the root")
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0: any free)")
    args = parser.parse_args()
    root = args.root.resolve()
    try:
        run(root, root / args.settings, root / args.output, port=args.port)
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM during a build: stopped, as asked
        print("Stopped.", flush=True)


if __name__ == "__main__":
    main()
