"""Project tasks: `invoke --list` shows them. Run through `python3 dev.py invoke TASK`."""

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from invoke import Exit, task
from pelican.settings import read_settings

from publishing import PublishingError
from publishing.pipeline import build_site
from publishing.targets import TARGET_VARIABLE, configured_target

ROOT = Path(__file__).resolve().parent
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = Path(read_settings(str(DEV_SETTINGS))["OUTPUT_PATH"])
PELICAN = f'"{sys.executable}" -m pelican'
HOST, PORT = "127.0.0.1", 8000


@contextmanager
def reported():
    """Turn a failed build or deploy into its message and a non-zero exit."""
    try:
        yield
    except PublishingError as error:
        raise Exit(f"error: {error}", code=1) from None


@task
def clean(c):
    """Remove the built site."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task
def build(c, strict=False):
    """Build with the development settings; output/ is replaced only if the build succeeds."""
    with reported():
        build_site(DEV_SETTINGS, OUTPUT, strict=strict)


@task(pre=[clean], post=[build])
def rebuild(c):
    """Remove output/, then build it again."""


@task
def preview(c):
    """Build the site as it will be deployed: publish settings, strict, precompressed."""
    with reported():
        build_site(PUBLISH_SETTINGS, OUTPUT, strict=True, precompress=True)


@task
def publish(c, target=""):
    """Build as `preview` does, then deploy to TARGET (default: $CLINIC_DEPLOY_TARGET)."""
    with reported():
        destination = configured_target(target or os.environ.get(TARGET_VARIABLE, ""), os.environ)
        preview(c)
        destination.deploy(OUTPUT)


@task
def serve(c, port=PORT):
    """Serve the built output/ on http://127.0.0.1:PORT/."""
    c.run(f'{PELICAN} -s "{DEV_SETTINGS}" --listen -b {HOST} -p {port}', pty=True)


@task
def live(c, port=PORT):
    """Preview on http://127.0.0.1:PORT/, rebuilding and refreshing the browser on changes."""
    c.run(f'"{sys.executable}" -m preview --root "{ROOT}" --port {port}', pty=True)
