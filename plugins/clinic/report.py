"""The build's problems: Pelican's own warnings taken in, the written site checked, every file
under content/ accounted for, and the list printed as `path:line: message` with its count."""

import os
import posixpath
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from publishing.checks import local_target

from .images import IMAGE_NOT_FOUND
from .inventory import unread_problems
from .links import traced
from .pelican_log import ProblemFilter, pelican_loggers
from .problems import display_path, errors, report, summary
from .sources import readable_text


class PelicanLog:
    """Pelican's warnings and errors of one run, taken as problems (pelican_log.ProblemFilter)."""

    def __init__(self, problems, content_root):
        self.problems = problems
        self.filter = ProblemFilter(problems, content_root, on_fatal=self.report_before_exit)
        for pelican_logger in pelican_loggers():
            pelican_logger.addFilter(self.filter)

    def release(self):
        for pelican_logger in pelican_loggers():
            pelican_logger.removeFilter(self.filter)

    def report_before_exit(self, message):
        """List the problems found so far when Pelican stops on an error of its own."""
        listed = report(self.problems)
        if listed:
            print("\n".join(listed), file=sys.stderr, flush=True)
        print(f"clinic: build failed: Pelican stopped: {message}", file=sys.stderr, flush=True)


def print_problems(problems, strict):
    """List every problem, then count them; errors fail a strict build (SystemExit)."""
    if not problems:
        return
    print("\n".join(report(problems)), file=sys.stderr)
    print(f"clinic: {summary(problems)}", file=sys.stderr, flush=True)
    if errors(problems) and strict:
        raise SystemExit(1)


def inventory_problems(settings, options, files, accounted, reported):
    """Return a problem for each file under content/ that became nothing, silently.

    `files` are the content files listed at the start; `accounted` the paths of those read.
    """
    root = Path(settings["PATH"])
    accounted = {os.path.abspath(path) for path in accounted}
    prefix = os.path.join(os.path.abspath(root), "")  # joined as strings: one Path per file costs
    relative = {name for name in files if prefix + name in accounted}
    rest = [name for name in files if name not in relative]
    if rest:
        # A file reached through a symbolic link is the file it points to: compare those.
        resolved = {Path(path).resolve() for path in accounted}
        relative |= {name for name in rest if (root / name).resolve() in resolved}
    folders = (
        f"articles go in {', '.join(settings['ARTICLE_PATHS']) or '-'}/, pages in "
        f"{', '.join(settings['PAGE_PATHS']) or '-'}/, FAQ files in "
        f"{options['CLINIC_FAQ_PATH']}/, images in {', '.join(settings['STATIC_PATHS'])}/"
    )
    return unread_problems(files, relative, reported, lambda n: display_path(root / n), folders)


def traced_site_problems(found, page_sources, site_url, drafts=None):
    """Name each problem of the written site at its source file and line, where a source wrote it.

    `found` are the problems of the checks of the written pages (publishing.checks); `drafts`
    {site path: source} of the pages the build did not write as they are not published yet.
    """
    texts = {}

    def text(path):
        if path not in texts:
            texts[path] = readable_text(path)
        return texts[path]

    shown = sorted({written[0] for written in page_sources.values() if written})
    problems = [
        traced(problem, page_sources, text, lambda page: f"output/{page}", shown, drafts, site_url)
        for problem in found
    ]
    # A list page repeats the links of the summaries it shows: name each once, at its source.
    written = "output/"  # pages no source wrote; the build may be in a staging folder
    keys = [target_key(problem, site_url) for problem in found]
    at_source = {k for k, p in zip(keys, problems, strict=True) if not p.path.startswith(written)}
    return [
        p
        for k, p in zip(keys, problems, strict=True)
        if not (p.path.startswith(written) and k in at_source)
    ]


def without_missing_images(site_problems, problems):
    """Return the site problems but the dead link of each image already named as not found at
    the same line: one mistake, one problem, the one that says what to fix."""
    missing = {
        (p.path, p.line, posixpath.basename(p.message.removeprefix(IMAGE_NOT_FOUND)))
        for p in problems
        if p.message.startswith(IMAGE_NOT_FOUND)
    }

    def missing_image(problem):
        source = re.match(r"img src='([^']*)'", problem.message)
        name = source and posixpath.basename(urlsplit(source[1]).path)
        return problem.kind == "dead-link" and (problem.path, problem.line, name) in missing

    return [problem for problem in site_problems if not missing_image(problem)]


def target_key(problem, site_url):
    """Return what a site problem is about, the same from every page: its message's target."""
    match = re.search(r"='([^']*)'", problem.message)
    if not match or problem.kind == "foreign-content":  # names no page of the site
        return problem.message
    url = match.group(1)
    relative = url.startswith("#") or "{" in url  # unresolved {filename} links read the same
    target = None if relative else local_target(url, problem.path, site_url)
    fragment = urlsplit(url).fragment
    return (problem.message.split(":")[-1], target or url, fragment)
