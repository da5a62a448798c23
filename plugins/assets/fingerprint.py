"""Content-hashed names for the theme's static files. Pure but for reading files."""

import hashlib
from pathlib import Path, PurePosixPath

from jinja2 import pass_context

from .settings import plugin_settings

DIGEST_LENGTH = 10  # hex digits: 40 bits, so two versions of one file never share a name


class MissingAsset(LookupError):
    """A template asked for a theme file that does not exist."""


def digest(data):
    """Return the short content hash of some bytes."""
    return hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]


def fingerprinted_name(relative_path, content_digest):
    """Return `css/site.css` as `css/site.<digest>.css`: the hash before the extension."""
    path = PurePosixPath(relative_path)
    return str(path.with_name(f"{path.stem}.{content_digest}{path.suffix}"))


def theme_static_files(theme, static_paths):
    """Return {path relative to the theme's static output: source file} for a theme.

    Pelican copies each of THEME_STATIC_PATHS in turn into the same folder, so a later
    path's file wins over an earlier one's.
    """
    files = {}
    for static_path in static_paths:
        source = Path(theme) / static_path
        if source.is_file():
            files[source.name] = source
        elif source.is_dir():
            for file in sorted(path for path in source.rglob("*") if path.is_file()):
                files[file.relative_to(source).as_posix()] = file
    return files


def fingerprinted_files(settings):
    """Return {fingerprinted output path: source file} for every static file of the theme."""
    folder = plugin_settings(settings)["CLINIC_ASSETS_DIR"]
    return {
        f"{folder}/{fingerprinted_name(name, digest(source.read_bytes()))}": source
        for name, source in theme_static_files(
            settings["THEME"], settings["THEME_STATIC_PATHS"]
        ).items()
    }


def fingerprinted_names(theme, static_paths):
    """Return {path relative to the theme's static output: its fingerprinted name}."""
    return {
        name: fingerprinted_name(name, digest(source.read_bytes()))
        for name, source in theme_static_files(theme, static_paths).items()
    }


@pass_context
def asset_url(context, relative_path):
    """Return the fingerprinted URL of a theme static file, e.g. `asset_url("css/site.css")`."""
    # The build computes the names once (ASSET_NAMES), rather than walking and hashing the
    # theme on every call, for every page.
    names = context.get("ASSET_NAMES") or fingerprinted_names(
        context["THEME"], context["THEME_STATIC_PATHS"]
    )
    if relative_path not in names:
        raise MissingAsset(
            f"asset_url({relative_path!r}): no such file in the theme's static folders "
            f"({', '.join(context['THEME_STATIC_PATHS'])})"
        )
    folder = plugin_settings(context)["CLINIC_ASSETS_DIR"]
    return f"{context['SITEURL']}/{folder}/{names[relative_path]}"
