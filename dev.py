#!/usr/bin/env python3
"""Set up the project's environment if needed, then build the site or run the tests.

    python3 dev.py build     # create .venv, install pinned packages, build into output/
    python3 dev.py test      # the same environment and the npm checkers, the whole suite,
                             # then the strict publish build of content/ into a scratch folder
    python3 dev.py invoke X  # any invoke task, e.g. `python3 dev.py invoke serve`

Needs only Python 3.11+ (the tests also need Node.js with npm, and Java for the validator).
Installing is skipped when .venv already holds exactly the packages pinned in pyproject.toml,
and node_modules exactly those locked in package-lock.json, so a second run starts at once.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed-requirements"
NODE_MODULES = ROOT / "node_modules"
NODE_STAMP = NODE_MODULES / ".installed-lock"


def pinned_requirements():
    """Return every requirement pinned in pyproject.toml, runtime and test."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    return project["dependencies"] + [req for group in extras.values() for req in group]


def ensure_environment():
    """Create .venv and install the pinned requirements unless already done."""
    requirements = pinned_requirements()
    fingerprint = hashlib.sha256("\n".join([sys.version, *requirements]).encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    if not (BIN / "python").exists():
        print(f"Creating {VENV.name}/ ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing pinned packages ...", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "install", "-q"]
    subprocess.run([*pip, *requirements], check=True)
    STAMP.write_text(fingerprint)


def ensure_node_packages():
    """Install the npm packages of package-lock.json (the test suite's checkers) unless done."""
    lock = (ROOT / "package-lock.json").read_bytes()
    fingerprint = hashlib.sha256(lock).hexdigest()
    if NODE_STAMP.exists() and NODE_STAMP.read_text() == fingerprint:
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is missing: install Node.js 18+ with npm (apt-get install nodejs npm)")
    print("Installing locked npm packages ...", flush=True)
    # --ignore-scripts: vnu-jar's install script would download a Java runtime; we use the
    # system's Java instead, and no package here needs a build step.
    command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"]
    subprocess.run(command, cwd=ROOT, check=True)
    NODE_STAMP.write_text(fingerprint)


def commands_for(name, arguments):
    """Return the commands a dev.py command runs, in order, or None for an unknown one."""
    commands = {
        "build": [[str(BIN / "invoke"), "build", *arguments]],
        # The suite builds the fixture site (tests/site/), never content/: the publish build
        # after it checks the real content with the same strict rules as `invoke publish`.
        "test": [
            [str(BIN / "python"), "-m", "pytest", *arguments],
            [str(BIN / "invoke"), "check", "--publish"],
        ],
        "invoke": [[str(BIN / "invoke"), *arguments]],
    }
    return commands.get(name)


def run_in_order(commands):
    """Run each command until one fails; return the first non-zero exit status, else 0.

    Any status but 0 stops, pytest's 5 ("no tests ran") too: a run that tested nothing fails.
    """
    for command in commands:
        status = subprocess.run(command, cwd=ROOT).returncode
        if status != 0:
            return status
    return 0


def main(argv):
    commands = commands_for(argv[0], argv[1:]) if argv else None
    if commands is None:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ensure_environment()
    if argv[0] == "test":
        ensure_node_packages()
    return run_in_order(commands)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
