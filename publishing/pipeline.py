"""One build of the site: Pelican into a staging folder, the checks, then the swap into output/."""

import contextlib
import functools
import json
import os
import shutil
import sys
import time
from pathlib import Path

from pelican.settings import read_settings

from . import PublishingError
from .checks import site_problems
from .finish import finish_folder
from .pelicanrun import run_pelican
from .plugins import missing_plugins
from .speedlayer import BuildRecord, KeptTable, forget_if_code_changed, open_store
from .staging import build_atomically, spares_of

ROOT = Path(__file__).resolve().parent.parent
HEADERS_FILE = ROOT / "deploy" / "_headers"  # read by Netlify and Cloudflare Pages


def pelican_arguments(settings_file, output, strict, content=None, overrides=None):
    """Return Pelican's command-line arguments to render the site into `output`.

    `content`: a content folder to build instead of the settings' PATH. `overrides`: settings
    to set ({name: value}), after CLINIC_STRICT when `strict`. All go after one `-e`: a second
    `-e` would replace the first's, not add to them.
    """
    arguments = ["-s", str(settings_file), "-o", str(output)]
    if content is not None:
        arguments.append(str(Path(content).resolve()))
    overrides = {**({"CLINIC_STRICT": True} if strict else {}), **(overrides or {})}
    if overrides:
        arguments += ["-e", *(f"{name}={json.dumps(value)}" for name, value in overrides.items())]
    return arguments


def count_pages(folder):
    """Return the number of HTML files under `folder` (os.walk: half the time of rglob)."""
    return sum(name.endswith(".html") for _, _, files in os.walk(folder) for name in files)


def render(
    staging,
    settings_file,
    strict,
    precompress,
    site_url,
    checked=False,
    store=None,
    content=None,
    spares=None,
    overrides=None,
):
    """Render, finish and check the site in `staging`; raise PublishingError if anything fails.

    `checked`: the clinic plugin has checked the site already, naming the source lines.
    `store`: the speed plugin's cache store (plugins/speed/store.py), or None: where later
    builds find the minified files, the compressed copies and what each page holds.
    `spares`: the folder of spare files the new files are written over, or None.
    `overrides`: settings ({name: value}) given to Pelican over the file's.
    """
    # From the settings' folder, so problems name files as the writer sees them there.
    folder = Path(settings_file).parent.resolve()
    overrides = dict(overrides or {})
    if spares:
        overrides["SPEED_SPARE_FILES"] = str(spares)
    arguments = pelican_arguments(settings_file, staging, strict, content, overrides)
    status = run_pelican(arguments, folder)
    if status != 0:
        # The clinic plugin has listed every problem, counted, with its file and line.
        reason = "the problems are listed above" if checked else f"Pelican exited with {status}"
        raise PublishingError(reason)
    shutil.copyfile(HEADERS_FILE, staging / HEADERS_FILE.name)
    # Minified (the pages checked below are those served), then compressed.
    compressed = finish_folder(staging, store, spare_folder=spares) if precompress else []
    problems = [] if checked else checked_site(staging, site_url, store)
    for problem in problems:
        print(f"{'error' if strict else 'warning'}: {problem}", file=sys.stderr)
    if problems and strict:
        raise PublishingError(f"{len(problems)} problem(s) in the built site, listed above")
    pages = count_pages(staging)
    if store:
        store.prune()
    return pages, len(problems), compressed


def checked_site(site, site_url, store):
    """Return the problems of a built site, with what each page holds kept in `store`."""
    readings = KeptTable(store, "checks", "page readings") if store else None
    problems = site_problems(site, site_url, readings)
    if readings:
        readings.save()
    return problems


def build_site(
    settings_file,
    output,
    *,
    strict=False,
    precompress=False,
    content=None,
    check_only=False,
    overrides=None,
):
    """Build the site into `output`, which is replaced only if the build and its checks pass.

    Strict (the flag, or CLINIC_STRICT in the settings) makes problems found in the built site
    fail the build; otherwise they are printed as warnings. `content` is a content folder to
    build instead of the settings' PATH (the tests build theirs with the project's settings).
    `check_only`: `output` is a scratch folder, so the last line says what was checked, not
    where the site went. `overrides`: settings ({name: value}) that replace the file's, for
    a check only (no build record is kept of a build with them).
    """
    if overrides and not check_only:
        raise ValueError("settings are overridden for a check only")
    settings = read_settings(str(settings_file), override=overrides)
    missing = missing_plugins(settings.get("PLUGINS") or [], settings.get("PLUGIN_PATHS") or [])
    if missing:
        raise PublishingError(
            f"PLUGINS names {', '.join(map(repr, missing))}, which is neither in PLUGIN_PATHS "
            f"nor installed: Pelican would build the site without it. {output} is unchanged."
        )
    strict = strict or bool(settings.get("CLINIC_STRICT"))
    began = time.time()  # before the store hashes the code: see forget_if_code_changed
    # Pelican runs in the settings' folder, so its relative CACHE_PATH is from there.
    store = open_store(settings, Path(settings_file).parent / settings["CACHE_PATH"])
    # The speed layer's spare files: what the last build replaced, written over by this one.
    spares = spares_of(Path(output).resolve()) if store else None
    steps = functools.partial(
        render,
        settings_file=settings_file,
        strict=strict,
        precompress=precompress,
        site_url=settings["SITEURL"],
        checked="clinic" in settings["PLUGINS"],
        store=store,
        content=content,
        spares=spares,
        overrides=overrides,
    )
    started = time.monotonic()
    record = build_record(settings, settings_file, output, steps.keywords, check_only)
    kept = record.kept() if record else None
    if kept:  # nothing changed since the last build: output/ is what it would build
        print(kept.report, end="", file=sys.stderr)
        pages, problems, compressed = kept.summary
    else:
        with record.listening() if record else contextlib.nullcontext() as log:
            try:
                pages, problems, compressed = build_atomically(
                    Path(output), steps, spares=bool(spares)
                )
            except PublishingError as error:
                if check_only:
                    raise PublishingError(f"check failed: {error}; nothing was published") from None
                raise PublishingError(f"build failed: {error}; {output} is unchanged") from None
            finally:
                if store and forget_if_code_changed(store, settings, began):
                    print(
                        "warning: the project's code changed while this build ran: what it kept "
                        f"in {store.root} is dropped (build again)",
                        file=sys.stderr,
                    )
        compressed = len(compressed)
        if record:
            record.keep(log, (pages, problems, compressed))
    summary = f"Checked {pages} pages" if check_only else f"Built {output}: {pages} pages"
    if not steps.keywords["checked"]:
        summary += f", {problems} problem(s) in the built site"
    if precompress:
        summary += f", {compressed} files precompressed"
    summary += f", {time.monotonic() - started:.1f} s"
    print(f"{summary}; nothing changed since the last build" if kept else summary)


def build_record(settings, settings_file, output, steps, check_only):
    """Return the speed layer's record of the last build like this one (plugins/speed/record.py),
    or None: without the speed plugin, for a check, or where the clinic plugin does not report
    every problem on stderr (the record replays that report)."""
    if not steps["store"] or check_only or not steps["checked"]:
        return None
    content = Path(steps["content"]).resolve() if steps["content"] else settings["PATH"]
    options = (steps["strict"], steps["precompress"], steps["site_url"])
    output = Path(output).resolve()
    # Besides the code, the content and the theme, the build reads the headers file.
    return BuildRecord(
        steps["store"], settings, settings_file, output, content, options, [HEADERS_FILE]
    )
