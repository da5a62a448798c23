"""The npm checkers (package.json) and the system Java, found or failed with an install hint."""

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
INSTALL_HINT = "run `python3 dev.py test`, which installs package-lock.json with npm ci"


def node_file(path):
    """Return a file of an npm package, failing the test with an install hint if it is missing."""
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: {INSTALL_HINT}")
    return path


def executable(name, package):
    """Return the path of a system program, failing with the Debian package that provides it."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: install it (apt-get install {package})")
    return found
