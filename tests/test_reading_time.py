"""Reading time: counted once per article in Python, the same figure the template would give."""

import re
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader
from pelican.generators import ArticlesGenerator

import pelicanconf
from plugins.reading_time import reading
from plugins.reading_time.reading import (
    minutes_of,
    reading_minutes,
)
from plugins.reading_time.wiring import count_reading_minutes
from plugins.speed.store import Store
from plugins.speed.table import KeptTable
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


def test_a_body_is_counted_once_then_its_minutes_are_kept_by_its_text(tmp_path, monkeypatch):
    counted = []
    monkeypatch.setattr(reading, "reading_minutes", lambda html: counted.append(html) or 7)
    store = Store(tmp_path, "code version")
    first = KeptTable(store, "reading-minutes")
    assert minutes_of(["<p>a</p>", "<p>b</p>"], first) == [7, 7]
    first.save()
    assert minutes_of(["<p>a</p>", "<p>b, edited</p>"], KeptTable(store, "reading-minutes")) == [
        7,
        7,
    ]
    assert counted == ["<p>a</p>", "<p>b</p>", "<p>b, edited</p>"]


def test_without_a_table_every_body_is_counted(monkeypatch):
    counted = []
    monkeypatch.setattr(reading, "reading_minutes", lambda html: counted.append(html) or 7)
    assert minutes_of(["<p>a</p>", "<p>a</p>"], None) == [7, 7]
    assert counted == ["<p>a</p>", "<p>a</p>"]


def test_the_plugin_gives_every_article_its_minutes_and_the_site_runs_it(tmp_path):
    generator = object.__new__(ArticlesGenerator)  # only what the plugin reads of one
    settings = {"CACHE_PATH": str(tmp_path)}
    published = SimpleNamespace(_content="<p>" + "word " * 239 + "</p>", settings=settings)
    draft = SimpleNamespace(_content="<p>a draft</p>", settings=settings)
    generator.articles, generator.translations, generator.drafts = [published], [], [draft]
    count_reading_minutes([generator])
    assert (published.reading_minutes, draft.reading_minutes) == (2, 1)
    assert "reading_time" in pelicanconf.PLUGINS
