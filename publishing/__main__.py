"""`python -m publishing [--strict] SETTINGS OUTPUT`: one atomic build, as `invoke build` does."""

import argparse
import sys

from .bytecode import check_bytecode_by_hash

check_bytecode_by_hash()  # before the pipeline and the settings' modules are imported

from . import PublishingError  # noqa: E402
from .pipeline import build_site  # noqa: E402


def main():
    parser = argparse.ArgumentParser(prog="python -m publishing", description=__doc__)
    parser.add_argument("settings", help="Pelican settings file")
    parser.add_argument("output", help="folder that is replaced only by a build that succeeds")
    parser.add_argument("--strict", action="store_true", help="problems fail the build")
    args = parser.parse_args()
    try:
        build_site(args.settings, args.output, strict=args.strict)
    except PublishingError as error:
        sys.exit(f"error: {error}")


if __name__ == "__main__":
    main()
