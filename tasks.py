"""Project tasks: `invoke --list` shows them. Run through `python3 dev.py invoke TASK`."""

import shutil
import sys
from pathlib import Path

from invoke import task
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = Path(read_settings(str(DEV_SETTINGS))["OUTPUT_PATH"])
PELICAN = f'"{sys.executable}" -m pelican'
HOST, PORT = "127.0.0.1", 8000
STRICT = " -e CLINIC_STRICT=true"


@task
def clean(c):
    """Remove the built site."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task
def build(c, strict=False):
    """Build the site with the development settings; --strict fails on content problems."""
    c.run(f'{PELICAN} -s "{DEV_SETTINGS}"' + (STRICT if strict else ""), echo=True)


@task(pre=[clean], post=[build])
def rebuild(c):
    """Remove output/, then build it again."""


@task
def preview(c):
    """Build the site with the publish settings, as it will be deployed."""
    c.run(f'{PELICAN} -s "{PUBLISH_SETTINGS}"', echo=True)


@task
def serve(c, port=PORT):
    """Serve the built output/ on http://127.0.0.1:PORT/."""
    c.run(f'{PELICAN} -s "{DEV_SETTINGS}" --listen -b {HOST} -p {port}', pty=True)
