"""`python -m publishing.deploy OUTPUT [--target NAME]`: deploy a built site, as `invoke publish`
does after its build; every failure is one line, `error: ...`."""

import argparse
import os
import sys
from pathlib import Path

from . import PublishingError
from .targets import TARGET_VARIABLE, configured_target


def deploy(output, target_name, env):
    """Deploy the built site in `output` to the target `target_name` configured from `env`."""
    target = configured_target(target_name or env.get(TARGET_VARIABLE, ""), env)
    if not (Path(output) / "index.html").is_file():
        raise PublishingError(f"{output} holds no built site: build it first (invoke preview)")
    target.deploy(Path(output))


def main():
    parser = argparse.ArgumentParser(prog="python -m publishing.deploy", description=__doc__)
    parser.add_argument("output", help="the built site, e.g. output")
    parser.add_argument("--target", default="", help=f"default: ${TARGET_VARIABLE}")
    args = parser.parse_args()
    try:
        deploy(args.output, args.target, os.environ)
    except PublishingError as error:
        sys.exit(f"error: {error}")


if __name__ == "__main__":
    main()
