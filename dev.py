#!/usr/bin/env python3
"""Set up the project's environment if needed, then build the site or run the tests.

    python3 dev.py build     # create .venv, install requirements.lock, build into output/
    python3 dev.py test      # the Debian packages the tests drive (installed when run as root,
                             # else the command to run), the same .venv and the npm checkers,
                             # the whole suite, then the strict publish build of content/
    python3 dev.py invoke X  # any invoke task, e.g. `python3 dev.py invoke serve`

The build needs only Python 3.11+. Installing is skipped when .venv already holds exactly
requirements.lock, and node_modules exactly package-lock.json, so a second run starts at once.
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

# The Debian packages the test suite drives, each with the command that, found on the PATH,
# stands for it (None: only Debian's package will do, for its path or its modules).
SYSTEM_PACKAGES = {
    # The browser tests (marked `browser`): Playwright drives /usr/bin/chromium.
    "chromium": None,
    # tests/test_nginx.py serves a publish build as production does (deploy/nginx/)...
    "nginx": None,
    # ...with its precompressed .br files.
    "libnginx-mod-http-brotli-static": None,
    # tests/test_deploy_order.py deploys into a local folder with rsync.
    "rsync": None,
    # The npm checkers (package.json): axe-core and Lighthouse in the accessibility tests, the
    # chat matcher's unit tests (tests/test_chat_budget.py); any Node.js 18+ will do.
    "nodejs": "node",
    # Installs those checkers from package-lock.json (dev.py).
    "npm": "npm",
    # The Nu HTML validator of tests/test_validation.py (vnu-jar) runs on it.
    "default-jre-headless": "java",
}


def installed_by_dpkg(packages):
    """Return those of `packages` that dpkg lists as installed (none where there is no dpkg)."""
    if shutil.which("dpkg-query") is None:
        return set()
    listing = subprocess.run(
        ["dpkg-query", "--show", "--showformat=${Package} ${Status}\\n", *packages],
        capture_output=True,
        text=True,
        check=False,  # non-zero when a package is unknown to dpkg: it is then missing
    ).stdout
    return {line.split()[0] for line in listing.splitlines() if line.endswith(" installed")}


def missing_system_packages(packages=SYSTEM_PACKAGES):
    """Return the packages neither installed nor stood in for by a command on the PATH."""
    installed = installed_by_dpkg(packages)
    return [
        package
        for package, command in packages.items()
        if package not in installed and not (command and shutil.which(command))
    ]


def apt_commands(packages):
    """Return the commands that install `packages`, in order."""
    return [
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages],
    ]


def can_install_packages():
    """Return whether this process may install Debian packages: root, with apt-get."""
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


def ensure_system_packages(
    packages=SYSTEM_PACKAGES, run=subprocess.run, can_install=can_install_packages
):
    """Install the missing packages with apt as root; elsewhere exit with the command to run."""
    missing = missing_system_packages(packages)
    if not missing:
        return
    if not can_install():
        sys.exit(
            f"The tests need Debian packages this machine lacks: {', '.join(missing)}.\n"
            f"Install them (Debian or Ubuntu), then run the tests again:\n"
            f"    sudo apt-get install {' '.join(missing)}"
        )
    print(f"Installing Debian packages: {' '.join(missing)} ...", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in apt_commands(missing):
        status = run(command, env=environment).returncode
        if status != 0:
            sys.exit(f"`{' '.join(command)}` failed with status {status}")


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


def main(argv, system_packages=SYSTEM_PACKAGES):
    commands = commands_for(argv[0], argv[1:]) if argv else None
    if commands is None:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if argv[0] == "test":
        # First, so a machine that lacks a package stops before minutes of installing.
        ensure_system_packages(system_packages)
    ensure_environment()
    if argv[0] == "test":
        ensure_node_packages()
    return run_in_order(commands)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
