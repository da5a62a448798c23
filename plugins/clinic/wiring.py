"""Pelican signal wiring: thin handlers that call the pure modules."""

import logging
from pathlib import Path

from markdown import Markdown
from pelican import signals

from .chat_index import CHAT_INDEX_SAVE_AS, chat_entries, chat_index_json, faq_owners
from .faq import parse_faq
from .settings import plugin_settings

logger = logging.getLogger(__name__)


def markdown_renderer(settings):
    """Return a function that renders Markdown as Pelican's Markdown reader does."""
    config = dict(settings["MARKDOWN"])
    config.setdefault("extensions", list(config.get("extension_configs", {})))
    md = Markdown(**config)

    def render(text):
        return md.reset().convert(text)

    return render


def load_faq_library(settings):
    """Read every FAQ file of the site; return {slug: FaqDocument}. Problems are logged."""
    folder = Path(settings["PATH"]) / plugin_settings(settings)["CLINIC_FAQ_PATH"]
    render = markdown_renderer(settings)
    library = {}
    for path in sorted(folder.glob("*.md")):
        document = parse_faq(path.read_text(encoding="utf-8"), path.stem, render)
        for problem in document.problems:
            logger.warning("%s:%d: %s", path, problem.line, problem.message)
        library[document.slug] = document
    return library


def faq_slugs(content):
    """Return the FAQ slugs a page references in its `FAQ:` metadata."""
    return [slug.strip() for slug in content.metadata.get("faq", "").split(",") if slug.strip()]


def insert_faq(generator, contents):
    """Render the FAQ each page references, in place of its marker or after its content."""
    library = generator.context.get("faq_library")
    if library is None:
        library = generator.context["faq_library"] = load_faq_library(generator.settings)
    options = plugin_settings(generator.settings)
    template = generator.get_template("partials/faq") if contents else None
    for content in contents:
        slugs = faq_slugs(content)
        missing = [slug for slug in slugs if slug not in library]
        for slug in missing:
            logger.warning(
                "%s: FAQ %r not found in %s/", content.source_path, slug, options["CLINIC_FAQ_PATH"]
            )
        entries = [entry for slug in slugs if slug in library for entry in library[slug].entries]
        content.faq_entries = entries
        if not entries:
            continue
        html = template.render(
            faq_entries=entries, question_level=options["CLINIC_FAQ_QUESTION_LEVEL"]
        )
        marker = f"<p>{options['CLINIC_FAQ_MARKER']}</p>"
        if marker in content._content:
            content._content = content._content.replace(marker, html, 1)
        else:
            content._content += html


def articles_with_faq(generator):
    insert_faq(
        generator,
        [
            *generator.articles,
            *generator.translations,
            *generator.drafts,
            *generator.drafts_translations,
            *generator.hidden_articles,
            *generator.hidden_translations,
        ],
    )


def pages_with_faq(generator):
    insert_faq(
        generator,
        [
            *generator.pages,
            *generator.translations,
            *generator.hidden_pages,
            *generator.hidden_translations,
            *generator.draft_pages,
            *generator.draft_translations,
        ],
    )


def write_chat_index(generators):
    """Write the chat assistant's FAQ index; name the FAQ files it cannot link to a page."""
    context = generators[0].context
    library = context.get("faq_library", {})
    owners = faq_owners(context.get("articles", []), context.get("pages", []))
    for slug in sorted(set(library) - set(owners)):
        logger.warning("FAQ %r is on no page, so the chat assistant cannot answer from it", slug)
    output = Path(generators[0].output_path) / CHAT_INDEX_SAVE_AS
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(chat_index_json(chat_entries(library, owners)), encoding="utf-8")


def register():
    signals.article_generator_finalized.connect(articles_with_faq)
    signals.page_generator_finalized.connect(pages_with_faq)
    signals.all_generators_finalized.connect(write_chat_index)
