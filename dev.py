#!/usr/bin/env python3
"""Set up the project's environment if needed, then build the site or run the tests.

    python3 dev.py build     # create .venv, install requirements.lock, build into output/
    python3 dev.py test      # the same environment and the npm checkers, the whole suite,
                             # then the strict publish build of content/ into a scratch folder
    python3 dev.py invoke X  # any invoke task, e.g. `python3 dev.py invoke serve`

Needs only Python 3.11+ (the tests also need Node.js with npm, and Java for the validator).
Installing is skipped when .venv already holds exactly requirements.lock, and node_modules
exactly package-lock.json, so a second run starts at once.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".installed-lock"
NODE_MODULES = ROOT / "node_modules"
NODE_STAMP = NODE_MODULES / ".installed-lock"


def canonical_name(name):
    """Return a distribution's name as the package index compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_packages(lock_text):
    """Return (name, version, hashes) for each package a lock file pins."""
    pins = re.finditer(r"^([A-Za-z0-9][\w.-]*)==(\S+)(.*?)(?=^\S|\Z)", lock_text, re.M | re.S)
    return [
        (canonical_name(name), version, re.findall(r"--hash=(sha256:[0-9a-f]{64})", rest))
        for name, version, rest in (pin.groups() for pin in pins)
    ]


def pip(*arguments, **options):
    """Run the venv's pip with none of this machine's pip configuration.

    The lock's hashes are those of PyPI's files: a mirror, extra index or constraint file set
    in pip.conf or PIP_* variables could offer other files, or other versions.
    """
    command = [str(BIN / "python"), "-m", "pip", "--isolated", "--disable-pip-version-check"]
    environment = {**os.environ, "PIP_CONFIG_FILE": os.devnull}
    return subprocess.run([*command, *arguments], env=environment, **options)


def ensure_environment():
    """Create .venv and make it hold exactly requirements.lock, unless it already does."""
    lock = LOCK.read_bytes()
    fingerprint = hashlib.sha256(sys.version.encode() + b"\0" + lock).hexdigest()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    if not (BIN / "python").exists():
        print(f"Creating {VENV.name}/ ...", flush=True)
        venv.create(VENV, with_pip=True)
    print(f"Installing {LOCK.name} ...", flush=True)
    if pip("install", "-q", "--require-hashes", "-r", str(LOCK)).returncode != 0:
        sys.exit(f"Installing {LOCK.name} failed (see pip's message above)")
    # What the venv held before that the lock does not pin (its own setuptools, say) goes.
    listing = pip("list", "--format=freeze", capture_output=True, text=True, check=True).stdout
    installed = {canonical_name(line.split("==")[0]) for line in listing.splitlines()}
    unlocked = sorted(installed - {name for name, _, _ in locked_packages(lock.decode())})
    if unlocked and pip("uninstall", "-q", "-y", *unlocked).returncode != 0:
        sys.exit(f"Removing {', '.join(unlocked)} from {VENV.name}/ failed")
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
