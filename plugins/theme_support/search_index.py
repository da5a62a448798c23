"""The Pagefind search index of a built site: the command that writes it. Pure."""

import sys


def pagefind_command(site_folder):
    """Return the command that indexes the built site in place into its pagefind/ folder."""
    # The pagefind package from PyPI ships the binary; `python -m pagefind` runs it, so the
    # build needs no Node.js. Only elements marked data-pagefind-body (articles, pages) are read.
    return [sys.executable, "-m", "pagefind", "--site", str(site_folder), "--quiet"]
