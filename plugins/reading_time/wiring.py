"""Pelican signal wiring of the reading-time plugin."""

from pelican import signals
from pelican.generators import ArticlesGenerator

from publishing.pickled import PickleCache

from .reading import drop_other_kept_minutes, kept_minutes_file, minutes_of


def count_reading_minutes(generators):
    """Give each article its reading time once; every page that lists it shows the same.

    Without it the theme counts an article's words on each page that shows its reading time
    (its own and every list page), which costs a fifth of a build. Counted in the body as
    the reader (and the clinic plugin's FAQ) left it, before Pelican replaces {static} and
    {filename} links: those are in attributes, never words. A body's count is kept between
    builds by its text (CACHE_PATH/reading-minutes-*.pickle).
    """
    articles = [
        article
        for generator in generators
        if isinstance(generator, ArticlesGenerator)
        for article in [*generator.articles, *generator.translations, *generator.drafts]
    ]
    if not articles:
        return
    file = kept_minutes_file(articles[0].settings["CACHE_PATH"])
    kept = PickleCache(file)
    bodies = [article._content or "" for article in articles]
    for article, minutes in zip(articles, minutes_of(bodies, kept), strict=True):
        article.reading_minutes = minutes
    kept.save()
    drop_other_kept_minutes(file)


def register():
    signals.all_generators_finalized.connect(count_reading_minutes)
