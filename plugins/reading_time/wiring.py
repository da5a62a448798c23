"""Pelican signal wiring of the reading-time plugin."""

from pelican import signals
from pelican.generators import ArticlesGenerator

from plugins.speed import open_store
from plugins.speed.table import KeptTable

from .reading import minutes_of


def count_reading_minutes(generators):
    """Give each article its reading time once; every page that lists it shows the same.

    Without it the theme counts an article's words on each page that shows its reading time
    (its own and every list page), which costs a fifth of a build. Counted in the body as
    the reader (and the clinic plugin's FAQ) left it, before Pelican replaces {static} and
    {filename} links: those are in attributes, never words. A body's count is kept between
    builds by its text, with the speed plugin (plugins/speed).
    """
    articles = [
        article
        for generator in generators
        if isinstance(generator, ArticlesGenerator)
        for article in [*generator.articles, *generator.translations, *generator.drafts]
    ]
    if not articles:
        return
    store = open_store(articles[0].settings)
    kept = KeptTable(store, "reading-minutes") if store else None
    bodies = [article._content or "" for article in articles]
    for article, minutes in zip(articles, minutes_of(bodies, kept), strict=True):
        article.reading_minutes = minutes
    if kept:
        kept.save()


def register():
    signals.all_generators_finalized.connect(count_reading_minutes)
