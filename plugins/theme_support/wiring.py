"""Pelican signal wiring of the theme's plugin: thin handlers that call the pure modules."""

import logging
import subprocess
from pathlib import Path

from pelican import signals

from .medical_review import medical_review, metadata_line
from .search_index import pagefind_command

logger = logging.getLogger(__name__)


def attach_medical_review(content):
    """Give every article and page its `medical_review` (or None); log bad metadata by line."""
    review, problems = medical_review(content.metadata)
    content.medical_review = review
    if problems:
        source = Path(content.source_path)
        text = source.read_text(encoding="utf-8") if source.is_file() else ""
        for problem in problems:
            line = metadata_line(text, problem.key)
            logger.error("%s:%d: %s", content.source_path, line, problem.message)


def index_for_search(pelican):
    """Index the written site with Pagefind; a failure fails the build with Pagefind's output."""
    result = subprocess.run(
        pagefind_command(pelican.output_path), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"pagefind exited {result.returncode} indexing {pelican.output_path}:\n"
            f"{result.stdout}{result.stderr}"
        )


def register():
    signals.content_object_init.connect(attach_medical_review)
    signals.finalized.connect(index_for_search)
