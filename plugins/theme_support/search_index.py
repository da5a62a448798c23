"""The Pagefind search index of a built site: the command that writes it. Pure."""

import re
import sys


def content_glob(settings):
    """Return the Pagefind glob of the files articles and pages are saved as."""
    # Only these carry data-pagefind-body; listing pages (index, tags, categories: thousands
    # at N=10,000) would be parsed for nothing, and Pagefind's peak memory grows with each file.
    patterns = sorted(
        {
            re.sub(r"\{[^}]*\}", "*", settings[name])
            for name in ["ARTICLE_SAVE_AS", "PAGE_SAVE_AS"]
            if settings.get(name)
        }
    )
    return patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"


def pagefind_command(site_folder, glob="**/*.html"):
    """Return the command that indexes `glob` of the built site into its pagefind/ folder."""
    # The pagefind package from PyPI ships the binary; `python -m pagefind` runs it, so the
    # build needs no Node.js. Only elements marked data-pagefind-body (articles, pages) are read.
    command = [sys.executable, "-m", "pagefind", "--site", str(site_folder), "--quiet"]
    return [*command, "--glob", glob]
