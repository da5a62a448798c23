"""Parsed FAQ files are kept between builds, keyed so that a stale entry is never read."""

import pytest

from plugins.clinic.cache import cache_key
from plugins.clinic.faq import parse_faq
from publishing.pickled import PickleCache

SETTINGS = {"extensions": ["markdown.extensions.extra"]}


def document(text="## Q?\n\nA.\n"):
    return parse_faq(text, "topic", lambda markdown: f"<p>{markdown}</p>")


def test_a_saved_document_is_found_by_the_next_build(tmp_path):
    file = tmp_path / "cache" / "clinic-faq.pickle"
    first = PickleCache(file)
    key = cache_key("## Q?\n\nA.\n", SETTINGS)
    assert first.get(key) is None
    first.put(key, document())
    first.save()
    assert PickleCache(file).get(key) == document()


@pytest.mark.parametrize(
    ("text", "settings"),
    [("## Q?\n\nB.\n", SETTINGS), ("## Q?\n\nA.\n", {"extensions": []})],
)
def test_another_text_or_other_markdown_settings_make_another_key(text, settings):
    assert cache_key(text, settings) != cache_key("## Q?\n\nA.\n", SETTINGS)


def test_entries_not_used_by_a_build_are_dropped(tmp_path):
    file = tmp_path / "faq.pickle"
    cache = PickleCache(file)
    cache.put("old", document())
    cache.save()
    later = PickleCache(file)
    later.put("new", document("## R?\n\nB.\n"))
    later.save()
    assert set(PickleCache(file).entries) == {"new"}


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x04\x95"])
def test_a_broken_cache_file_only_means_an_empty_cache(tmp_path, content):
    file = tmp_path / "faq.pickle"
    file.write_bytes(content)
    assert PickleCache(file).entries == {}


def test_no_file_means_no_cache(tmp_path):
    cache = PickleCache(None)
    cache.put("key", document())
    cache.save()
    assert list(tmp_path.iterdir()) == []
