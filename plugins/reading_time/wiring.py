"""Pelican signal wiring of the reading-time plugin."""

from pelican import signals
from pelican.generators import ArticlesGenerator

from .reading import reading_minutes


def count_reading_minutes(generators):
    """Give each article its reading time once; every page that lists it shows the same.

    Without it the theme counts an article's words on each page that shows its reading time
    (its own and every list page), which costs a fifth of a build. Counted in the body as
    the reader (and the clinic plugin's FAQ) left it, before Pelican replaces {static} and
    {filename} links: those are in attributes, never words. Not kept between builds: that
    saved under a twentieth of an edit's rebuild (bench/README.md).
    """
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            for article in [*generator.articles, *generator.translations, *generator.drafts]:
                article.reading_minutes = reading_minutes(article._content or "")


def register():
    signals.all_generators_finalized.connect(count_reading_minutes)
