"""Project tasks: `invoke --list` shows them. Run through `python3 dev.py invoke TASK`."""

import datetime
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from invoke import Exit, task
from pelican.settings import read_settings

from publishing.bytecode import check_bytecode_by_hash

# First, before any other module of the project is imported (the settings files too).
check_bytecode_by_hash()

from authoring.guide import metadata_table, with_table
from authoring.photos import photos_under, strip_photo
from authoring.scaffold import article_text, create, faq_text, slug_for
from plugins.clinic.photolocation import is_photo
from plugins.clinic.settings import plugin_settings
from publishing import PublishingError
from publishing.annotations import run_annotated
from publishing.deploy import deploy
from publishing.pipeline import build_site
from publishing.scheduled import check_publish
from publishing.staging import skeleton_of, spares_of
from publishing.targets import TARGET_VARIABLE, configured_target

ROOT = Path(__file__).resolve().parent
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
SETTINGS = read_settings(str(DEV_SETTINGS))
OUTPUT = Path(SETTINGS["OUTPUT_PATH"])
CONTENT = Path(SETTINGS["PATH"])
PELICAN = f'"{sys.executable}" -m pelican'
HOST, PORT = "127.0.0.1", 8000
DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


@contextmanager
def reported():
    """Turn a failed build or deploy into its message and a non-zero exit."""
    try:
        yield
    except PublishingError as error:
        raise Exit(f"error: {error}", code=1) from None


@task
def clean(c):
    """Remove the built site, and the folders and spare files the next build would reuse."""
    for folder in [OUTPUT, skeleton_of(OUTPUT), spares_of(OUTPUT)]:
        shutil.rmtree(folder, ignore_errors=True)


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
        configured_target(target or os.environ.get(TARGET_VARIABLE, ""), os.environ)
        preview(c)
        deploy(OUTPUT, target, os.environ)


@task
def serve(c, port=PORT):
    """Serve the built output/ on http://127.0.0.1:PORT/."""
    c.run(f'{PELICAN} -s "{DEV_SETTINGS}" --listen -b {HOST} -p {port}', pty=True)


@task
def live(c, port=PORT):
    """Preview on http://127.0.0.1:PORT/, rebuilding and refreshing the browser on changes."""
    c.run(f'"{sys.executable}" -m preview --root "{ROOT}" --port {port}', pty=True)


@task(help={"review": "drafts become git branches, merged on Publish, as on GitHub"})
def editor(c, review=False):
    """Local mode of the web editor: /admin/ of `invoke live` saves into content/ (decap-server)."""
    backend = urlsplit(SETTINGS["EDITOR_LOCAL_BACKEND"])
    if backend.hostname != HOST:
        raise Exit(f"error: EDITOR_LOCAL_BACKEND must be on {HOST}, this machine only", code=1)
    env = {"BIND_HOST": HOST, "PORT": str(backend.port), "GIT_REPO_DIRECTORY": str(ROOT)}
    env["MODE"] = "git" if review else "fs"
    c.run(f'node "{DECAP_SERVER}"', env=env, pty=True)


@task(positional=["title"])
def new_article(c, title, category="Treatment"):
    """Create a draft article, every metadata field explained in it: new-article "Title"."""
    slug = new_slug(title)
    now = datetime.datetime.now(ZoneInfo(SETTINGS["TIMEZONE"]))
    path = CONTENT / SETTINGS["ARTICLE_PATHS"][0] / f"{slug}.md"
    with created(path):
        create(path, article_text(title, slug, now, category))


@task(positional=["topic"])
def new_faq(c, topic):
    """Create a draft FAQ file with one question to replace: new-faq "Topic"."""
    slug = new_slug(topic)
    path = CONTENT / plugin_settings(SETTINGS)["CLINIC_FAQ_PATH"] / f"{slug}.md"
    with created(path):
        create(path, faq_text(topic, slug))


def new_slug(title):
    """Return the slug of a new file's title; refuse a title that makes none (emoji only), which
    would name the file `.md`, hidden and read by nothing."""
    slug = slug_for(title, SETTINGS["SLUG_REGEX_SUBSTITUTIONS"])
    if not slug:
        message = f"error: {title!r} has no letter or digit to name the file after; use words"
        raise Exit(message, code=1)
    return slug


@contextmanager
def created(path):
    """Say where a new file went, or why none was written."""
    try:
        yield
    except FileExistsError:
        name = path.relative_to(ROOT)
        raise Exit(f"error: {name} exists already; choose another title", code=1) from None
    print(f"Created {path.relative_to(ROOT)}: open it, fill it in, then `invoke live` to see it.")


@task
def guide(c):
    """Write the metadata table of docs/writing.md from the schema (metadata.toml)."""
    path = ROOT / "docs" / "writing.md"
    path.write_text(
        with_table(path.read_text(encoding="utf-8"), metadata_table()), encoding="utf-8"
    )


@task(iterable=["path"])
def strip_photos(c, path=None):
    """Remove the metadata (GPS position, camera, ...) of photos in place; --path FILE or FOLDER."""
    targets = [Path(p) for p in path] or [CONTENT]
    files = [
        found
        for target in targets
        for found in (photos_under(target) if target.is_dir() else [target])
    ]
    for file in files:
        if not file.is_file() or not is_photo(file.name):
            raise Exit(f"error: {file}: not a photo (JPEG, PNG, WebP, TIFF) or a folder", code=1)
        print(f"{file}: {strip_photo(file) or 'no metadata, unchanged'}")


@task(
    help={
        "publish": "as `preview` builds, then as of each scheduled article's date",
        "annotate": "also mark each problem on its file and line in a GitHub pull request",
    }
)
def check(c, publish=False, annotate=False):
    """Run every check of a strict build (alt text, FAQ, links, metadata) without publishing."""
    if annotate:
        command = [sys.executable, "-m", "invoke", "check", *(["--publish"] if publish else [])]
        raise Exit(code=run_annotated(command, os.environ))
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".check-") as scratch, reported():
        if publish:  # today's site, then as of each scheduled article's date
            check_publish(PUBLISH_SETTINGS, scratch)
        else:  # the preview's site: scheduled articles are in it
            build_site(DEV_SETTINGS, Path(scratch) / "output", strict=True, check_only=True)
