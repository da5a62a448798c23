"""Reading time: counted once per article in Python, the same figure the template would give."""

import re
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader
from pelican.generators import ArticlesGenerator

import pelicanconf
from plugins.reading_time.reading import reading_minutes
from plugins.reading_time.wiring import count_reading_minutes
from tests.sitebuild import ROOT

TEMPLATE = '{% from "partials/macros.html" import reading_minutes %}{{ reading_minutes(html) }}'


def template_minutes(html):
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True)
    return int(env.from_string(TEMPLATE).render(html=html))


@pytest.mark.parametrize(
    ("html", "minutes"),
    [
        ("", 1),
        ("<p>one two</p>", 1),
        ("<p>" + "word " * 238 + "</p>", 1),
        ("<p>" + "word " * 239 + "</p>", 2),
        ("<p>" + "word&nbsp;" * 500 + "</p><!-- a comment of words -->", 3),
    ],
)
def test_reading_minutes_are_whole_minutes_at_238_words(html, minutes):
    assert reading_minutes(html) == minutes


# No deadline: each example compiles a Jinja template, which takes over 200 ms on a loaded
# machine, and a timing is not what this property is about.
@settings(deadline=None)
@given(st.lists(st.sampled_from(["word", "<b>", "</b>", " ", "é", "&amp;", "\n", "<p>x</p>"])))
def test_python_and_template_count_the_same_minutes(parts):
    html = "".join(parts) * 60
    assert reading_minutes(html) == template_minutes(html)


def test_cards_show_the_reading_time_of_the_article_page(site):
    for card in site.page("/").select("article.card"):
        minutes = re.search(r"(\d+) min read", card.get_text())[1]
        article = site.page(card.select_one(".card-title a")["href"])
        assert f"· {minutes} min read" in " ".join(article.select_one(".byline").get_text().split())


def test_the_plugin_gives_every_article_its_minutes_and_the_site_runs_it():
    generator = object.__new__(ArticlesGenerator)  # only what the plugin reads of one
    published = SimpleNamespace(_content="<p>" + "word " * 239 + "</p>")
    draft = SimpleNamespace(_content="<p>a draft</p>")
    generator.articles, generator.translations, generator.drafts = [published], [], [draft]
    count_reading_minutes([generator])
    assert (published.reading_minutes, draft.reading_minutes) == (2, 1)
    assert "reading_time" in pelicanconf.PLUGINS
