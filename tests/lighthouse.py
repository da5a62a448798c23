"""Run Lighthouse (npm, on Debian's chromium) on a URL and read its report."""

import json
import os
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import CHROMIUM
from tests.nodetools import LIGHTHOUSE, executable, node_file

# The flags of tests/conftest.py that suit a browser Lighthouse starts itself.
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def run_lighthouse(url, categories=("performance", "accessibility", "best-practices", "seo")):
    """Audit a URL with Lighthouse's default mobile preset; return the parsed JSON report."""
    node = executable("node", "nodejs")
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [
            node,
            str(node_file(LIGHTHOUSE)),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(categories)}",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        ]
        environment = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
        result = subprocess.run(command, capture_output=True, text=True, env=environment)
        if result.returncode != 0 or not report.is_file():
            raise RuntimeError(f"lighthouse exited {result.returncode}:\n{result.stderr[-4000:]}")
        return json.loads(report.read_text(encoding="utf-8"))


def scores(report):
    """Return {category id: score from 0 to 100}."""
    return {key: round(c["score"] * 100) for key, c in report["categories"].items()}


def failed_audits(report, category):
    """Return the audits that cost a category points, as 'id: title' strings."""
    audits = report["audits"]
    return [
        f"{ref['id']}: {audits[ref['id']]['title']}"
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and (audits[ref["id"]]["score"] or 0) < 1
        and audits[ref["id"]]["scoreDisplayMode"] not in ("notApplicable", "manual", "informative")
    ]
