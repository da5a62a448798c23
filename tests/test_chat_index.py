"""The chat assistant's index: every FAQ entry, as plain text, linked to the page it lives on."""

import json
import os
from dataclasses import dataclass, field
from datetime import datetime

import pytest

from plugins.clinic.chat_index import CHAT_INDEX_SAVE_AS, chat_entries, chat_index_json
from plugins.clinic.crisis_lists import CHAT_CRISIS_SAVE_AS
from plugins.clinic.faq import FaqDocument, FaqEntry, parse_faq
from plugins.clinic.sanitize import plain_text
from tests.badsites import make_site, run_python
from tests.sitebuild import FIXTURE_CONTENT

ARTICLE = "ketamine-vs-antidepressants/"


@dataclass
class Content:
    url: str
    title: str
    metadata: dict = field(default_factory=dict)
    date: datetime = datetime(2026, 1, 1)


def document(slug, *questions):
    entries = tuple(FaqEntry(q, f"{q} answer", f"<p>{q} <em>answer</em></p>", 1) for q in questions)
    return FaqDocument(slug=slug, title=slug, entries=entries)


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One <strong>two</strong>\n three.</p>", "One two three."),
        ("<p>First.</p><ul><li>a</li><li>b</li></ul>", "First. a b"),
        ("<p>&lt;img src=x&gt; &amp; more</p>", "<img src=x> & more"),
    ],
)
def test_plain_text_keeps_the_words_and_drops_the_markup(html, text):
    assert plain_text(html) == text


def test_entries_carry_question_plain_answer_and_owner():
    owner = Content("early/", "Early article")
    entries = chat_entries({"costs": document("costs", "How much?")}, {"costs": owner})
    assert entries == [
        {
            "question": "How much?",
            "answer": "How much? answer",
            "url": "early/",
            "title": "Early article",
        }
    ]


def test_an_faq_on_no_page_is_left_out():
    library = {"costs": document("costs", "How much?"), "orphan": document("orphan", "Why?")}
    entries = chat_entries(library, {"costs": Content("a/", "A")})
    assert [entry["question"] for entry in entries] == ["How much?"]


def test_the_json_round_trips_any_text():
    entries = [{"question": "Q </script> \u2028 é", "answer": '"q"', "url": "a/", "title": "T"}]
    assert json.loads(chat_index_json(entries)) == entries


@pytest.fixture(scope="module")
def built_index(site):
    return json.loads((site.root / CHAT_INDEX_SAVE_AS).read_text(encoding="utf-8"))


def test_the_built_index_holds_every_faq_entry_of_the_site(built_index):
    source = (FIXTURE_CONTENT / "faq" / "ketamine-therapy.md").read_text(encoding="utf-8")
    entries = parse_faq(source, "ketamine-therapy", lambda md: f"<p>{md}</p>").entries
    assert [item["question"] for item in built_index] == [entry.question for entry in entries]
    assert [item["answer"] for item in built_index] == [entry.answer_markdown for entry in entries]


def test_the_built_index_links_each_answer_to_the_page_showing_it(site, built_index):
    for item in built_index:
        assert set(item) <= {"question", "also", "answer", "url", "title"}
        assert item["url"] == ARTICLE
        page = site.page(item["url"])
        assert item["question"] in [q.get_text(strip=True) for q in page.select(".faq-question")]
        assert page.find("h1").get_text(strip=True) == item["title"]


def test_the_built_index_is_small(site):
    assert (site.root / CHAT_INDEX_SAVE_AS).stat().st_size < 4096


def test_entries_carry_the_other_ways_asked_when_there_are_any():
    entry = FaqEntry("Safe?", "Yes.", "<p>Yes.</p>", 1, also_asked=("Risks?",))
    library = {"s": FaqDocument(slug="s", title="S", entries=(entry,))}
    (item,) = chat_entries(library, {"s": Content("a/", "A")})
    assert item["also"] == ["Risks?"]


# Pelican run on a tiny site, printing every file its writer announces (content_written).
WRITTEN = """
import sys
from pelican import Pelican, signals
from pelican.settings import read_settings

heard = []

def written(path, context):
    heard.append(path)

settings = read_settings(f"{sys.argv[1]}/settings.py", override={
    "PATH": f"{sys.argv[1]}/content", "OUTPUT_PATH": f"{sys.argv[1]}/output"})
signals.content_written.connect(written)
Pelican(settings).run()
print("\\n".join(heard))
"""


def test_the_index_and_the_crisis_lists_are_written_through_pelicans_writer(tmp_path):
    """As every page is: Pelican then stops a page of the same name from writing over them
    unnoticed, and the plugins that watch what is written (content_written) see them."""
    folder = make_site(tmp_path / "site")
    result = run_python(WRITTEN, folder, cwd=folder)
    assert result.returncode == 0, result.stderr
    heard = {os.path.relpath(line, folder / "output") for line in result.stdout.splitlines()}
    assert {CHAT_INDEX_SAVE_AS, CHAT_CRISIS_SAVE_AS} <= heard
    index = json.loads((folder / "output" / CHAT_INDEX_SAVE_AS).read_text(encoding="utf-8"))
    assert {entry["url"] for entry in index} == {"good/"}
    assert json.loads((folder / "output" / CHAT_CRISIS_SAVE_AS).read_text(encoding="utf-8"))
