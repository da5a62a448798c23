"""The content files of a build, checked before Pelican reads them: links out of content/,
encoding, metadata, review dates, photos' GPS positions, and the alt-text file."""

import dataclasses
import datetime
import os
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.utils import slugify

from .alttext import parse_alt_text_file
from .containment import outside_link_problems
from .encoding import TEXT_SUFFIXES, encoding_problems
from .images import ImageSources
from .inventory import content_files
from .metadata import check_metadata, content_kind, load_schema
from .photolocation import is_photo, location_problem
from .problems import Problem, display_path
from .renditions import RasterOptions
from .review import review_age_problems


def readable_text(file):
    """Return a file's text, or "" when it is missing or not UTF-8 (the encoding check says so)."""
    try:
        return Path(file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def listed_files(settings, tree):
    """Return every file under content/ (relative paths), less links that lead out of it.

    `tree` is content/'s ContentTree (containment.py).
    """
    files = content_files(Path(settings["PATH"]), settings.get("IGNORE_FILES", []))
    return [name for name in files if tree.is_inside(name)]


def source_problems(settings, options, names, links):
    """Return (problems, undecodable files) of the files `names` under content/.

    `links` are the symbolic links out of content/ (containment.outside_links).
    """
    root = Path(settings["PATH"])
    problems, undecodable = outside_link_problems(root, links), set()
    schema = load_schema()
    today = datetime.datetime.now(ZoneInfo(settings["TIMEZONE"])).date()
    for name in names:
        if is_photo(name):
            problem = location_problem(root / name, display_path(root / name))
            problems += [problem] if problem else []
        # By string: a Path per file, at every build, cost more than the check itself.
        if os.path.splitext(name)[1].lower() not in TEXT_SUFFIXES:
            continue
        with open(os.path.join(root, name), "rb") as file:
            data = file.read()
        found = encoding_problems(data, name)
        if any(problem.kind == "encoding" for problem in found):
            undecodable.add((root / name).resolve())
        else:
            found += text_problems(name, data.decode("utf-8-sig"), settings, options, schema, today)
        # Named as every problem is only when there is one: most files have none.
        problems += [dataclasses.replace(p, path=display_path(root / name)) for p in found]
    return problems, undecodable


def text_problems(name, text, settings, options, schema, today):
    """Return the metadata problems of one decoded content file, and its review's age."""
    paths = settings["ARTICLE_PATHS"], settings["PAGE_PATHS"], options["CLINIC_FAQ_PATH"]
    kind = content_kind(name, *paths)
    if kind is None:
        return []
    found = check_metadata(
        name, text, kind, schema, options["CLINIC_FAQ_MARKER"], slug_maker(settings)
    )
    if kind == "article":
        found += review_age_problems(name, text, today, options["CLINIC_REVIEW_MAX_MONTHS"])
    return found


def slug_maker(settings):
    """Return slug(key, value): the slug Pelican makes of a page's `title` (None when it makes
    slugs of something else), or of a `category`, `tag` or `author` name, as its settings say."""

    def slug(key, value):
        if key == "title" and settings["SLUGIFY_SOURCE"] != "title":
            return None
        subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
        if key != "title":  # Pelican's URLWrapper: CATEGORY_REGEX_SUBSTITUTIONS, ...
            subs = settings.get(f"{key.upper()}_REGEX_SUBSTITUTIONS", subs)
        return slugify(
            value,
            regex_subs=subs,
            preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
            use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
        )

    return slug


def alt_text_file(settings, options):
    return Path(settings["PATH"]) / options["CLINIC_ALT_TEXT"]


def image_sources(settings, options):
    """Return (where the build's images live and the alt text of each, the file's problems)."""
    file = alt_text_file(settings, options)
    catalogue, problems = parse_alt_text_file(readable_text(file), display_path(file))
    sources = ImageSources(
        content_root=Path(settings["PATH"]),
        theme_static_root=Path(settings["THEME"]) / "static",
        theme_static_dir=settings["THEME_STATIC_DIR"],
        catalogue=catalogue,
        catalogue_source=display_path(file),
        raster=RasterOptions(
            widths=tuple(options["CLINIC_IMAGE_WIDTHS"]),
            formats=tuple(options["CLINIC_IMAGE_FORMATS"]),
            quality=dict(options["CLINIC_IMAGE_QUALITY"]),
            sizes=options["CLINIC_IMAGE_SIZES"],
        ),
    )
    return sources, [*problems, *entries_without_files(sources)] if file.is_file() else []


def entries_without_files(images):
    """Return a warning for each alt-text entry whose image is no file: left behind when an
    image is renamed or deleted, it would describe nothing, unseen (a warning: no reader
    meets it, and the image may come back)."""
    return [
        Problem(
            images.catalogue_source,
            text.line,
            f"alt text for {path}, which is no file (renamed or deleted? write the entry under "
            "the image's new name, or delete it)",
            "alt-text",
            "warning",
        )
        for path, text in images.catalogue.items()
        if not images.size(path)[0]
    ]
