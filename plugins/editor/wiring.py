"""Pelican signal wiring of the editor plugin: write /admin/ once the site is built."""

import logging
import shutil
from pathlib import Path

from pelican import signals

from plugins.assets.fingerprint import fingerprinted_names
from plugins.assets.settings import plugin_settings as asset_settings
from plugins.clinic.metadata import load_schema
from plugins.clinic.settings import plugin_settings as clinic_settings
from publishing import policy

from .config import config_text, editor_config, format_options
from .page import OWN_SCRIPTS, STATIC, bundle_files, editor_page, is_placeholder, unset_page
from .settings import plugin_settings

logger = logging.getLogger(__name__)


class MissingBundle(Exception):
    """Decap CMS's files are not installed (npm ci)."""


def bundle_folder(options):
    """Return the folder of Decap CMS's files; raise MissingBundle if they are not there."""
    # Relative to the project (Pelican's folder), as the settings file names it.
    bundle = Path(options["EDITOR_BUNDLE"])
    if not bundle.is_absolute():
        bundle = Path(__file__).resolve().parent.parent.parent / bundle
    if not (bundle / "decap-cms.js").is_file():
        raise MissingBundle(
            f"the web editor's files are missing from {bundle}: run `npm ci` in the project "
            "(python3 dev.py test does), or take `editor` out of PLUGINS"
        )
    return bundle


def editor_files(settings):
    """Return {name under the editor's folder: bytes or a source file} of the editor."""
    options = plugin_settings(settings)
    meta_policy = policy.editor_meta_policy(options["EDITOR_LOCAL_BACKEND"])
    if is_placeholder(options["EDITOR_REPO"]) and not options["EDITOR_LOCAL_BACKEND"]:
        # Published without its repository: a page that says so, not a sign-in that fails.
        page = unset_page(settings["SITENAME"], meta_policy, policy.REFERRER_POLICY, "EDITOR_REPO")
        return {"index.html": page.encode()}
    schema = load_schema()
    clinic = clinic_settings(settings)
    paths = {
        "article": settings["ARTICLE_PATHS"][0],
        "page": settings["PAGE_PATHS"][0],
        "faq": clinic["CLINIC_FAQ_PATH"],
        "alt_text": clinic["CLINIC_ALT_TEXT"],
    }
    bundle = bundle_folder(options)
    style = fingerprinted_names(settings["THEME"], settings["THEME_STATIC_PATHS"])["css/site.css"]
    page = editor_page(
        settings["SITENAME"],
        meta_policy,
        policy.REFERRER_POLICY,
        f"../{asset_settings(settings)['CLINIC_ASSETS_DIR']}/{style}",
        format_options(schema),
    )
    files = {
        "index.html": page.encode(),
        "config.yml": config_text(editor_config(schema, options, paths)).encode(),
    }
    files.update({name: STATIC / name for name in OWN_SCRIPTS})
    files.update({name: bundle / name for name in bundle_files(bundle)})
    return files


def write_editor(pelican):
    """Write the editor's page, configuration and scripts under the output's EDITOR_DIR.

    Without Decap's files a strict build fails; a preview goes on without /admin/, warning,
    so a writer without Node.js still sees their article.
    """
    folder = Path(pelican.settings["OUTPUT_PATH"]) / plugin_settings(pelican.settings)["EDITOR_DIR"]
    try:
        files = editor_files(pelican.settings)
    except MissingBundle as error:
        if pelican.settings.get("CLINIC_STRICT"):
            raise
        logger.warning("%s; this build has no %s/", error, folder.name)
        return
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in files.items():
        if isinstance(source, bytes):
            (folder / name).write_bytes(source)
        else:
            shutil.copyfile(source, folder / name)


def register():
    # Not checked at start-up: Pelican shows a traceback for what a plugin raises there.
    signals.finalized.connect(write_editor)
