"""A category's, tag's or author's slug is kept once worked out, and is Pelican's answer."""

import pytest
from pelican import urlwrappers
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category, Tag
from pelican.utils import slugify

from plugins.clinic.slugs import kept_slug, remember_slugs, slugify_once

SUBSTITUTIONS = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]


@pytest.mark.parametrize(
    ("value", "options"),
    [
        ("Treatment", {}),
        ("Ketamine & Mood", {"regex_subs": SUBSTITUTIONS}),
        ("Ketamine &amp; <b>Mood</b>", {"regex_subs": SUBSTITUTIONS}),
        ("Thérapie assistée", {"regex_subs": SUBSTITUTIONS}),
        ("Thérapie assistée", {"regex_subs": SUBSTITUTIONS, "use_unicode": True}),
        ("Case Kept", {"regex_subs": SUBSTITUTIONS, "preserve_case": True}),
        ("a b", {"regex_subs": [("b", "c")]}),
    ],
)
def test_the_kept_slug_is_pelicans(value, options):
    assert slugify_once(value, **options) == slugify(value, **options)
    assert slugify_once(value, **options) == slugify(value, **options)  # now from the memo


def test_other_substitutions_get_their_own_slug():
    assert slugify_once("a b", regex_subs=[("b", "c")]) == "a c"
    assert slugify_once("a b", regex_subs=[("b", "d")]) == "a d"


def test_wrappers_keep_each_names_slug_once_remembered(monkeypatch):
    monkeypatch.setattr(urlwrappers, "slugify", urlwrappers.slugify)  # put Pelican's back after
    settings = {**DEFAULT_CONFIG}
    before = Category("Ketamine & Mood", settings).slug
    remember_slugs()
    kept_slug.cache_clear()
    assert [Category("Ketamine & Mood", settings).slug for _ in range(3)] == [before] * 3
    assert kept_slug.cache_info().misses == 1
    assert Tag("psychotherapy", settings) == "Psychotherapy"
