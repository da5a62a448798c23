"""The chat finds an answer asked in other words, from the FAQ files' `Also asked` notes alone,
before and after more FAQ files join, and says "I don't know" to what no entry answers."""

import json
import shutil
import subprocess

import pytest

from plugins.clinic.chat_index import CHAT_INDEX_SAVE_AS
from tests.badsites import build, make_site
from tests.localserver import served_folder
from tests.sitebuild import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "chat"
MATCHER = ROOT / "theme" / "static" / "js" / "chat-match.js"
ACCURACY = ROOT / "tests" / "js" / "chat-accuracy.mjs"
PARAPHRASES = json.loads((FIXTURES / "paraphrases.json").read_text(encoding="utf-8"))
OFF_TOPIC = json.loads((FIXTURES / "off-topic.json").read_text(encoding="utf-8"))
SEED = ["ketamine-therapy.md"]
GROWN = [*SEED, "visits.md", "costs.md"]
CONTACT_PAGE = """\
Title: The clinic
Slug: clinic

How to reach us.
"""
# Too common to count as a word a paraphrase shares with its question.
COMMON = {"a", "am", "an", "any", "are", "be", "can", "do", "does", "for", "how", "i", "if", "is"}
COMMON |= {"it", "me", "my", "of", "the", "this", "to", "what", "will"}


def chat_site(folder, faq_files):
    """Build a tiny site with these FAQ files of tests/fixtures/chat/; return its output."""
    files = {f"content/faq/{name}": (FIXTURES / name).read_text() for name in faq_files}
    site = make_site(folder, {**files, "content/pages/clinic.md": CONTACT_PAGE})
    result = build(site)
    assert result.returncode == 0, result.stderr
    return site / "output"


def answers(index_file):
    """Run the real matcher under node on every message; return its answers."""
    node = shutil.which("node")
    assert node, "node is missing: install Node.js 18+ (apt-get install nodejs)"
    command = [node, ACCURACY, MATCHER, index_file, FIXTURES / "paraphrases.json"]
    result = subprocess.run(
        [*map(str, command), str(FIXTURES / "off-topic.json")],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module", params=[SEED, GROWN], ids=["seed", "seed+2 files"])
def built(request, tmp_path_factory):
    return chat_site(tmp_path_factory.mktemp("chat"), request.param)


def content_words(text):
    return {w for w in text.lower().replace("?", "").split() if w not in COMMON}


def test_each_seed_question_has_four_paraphrases_sharing_few_words_with_it():
    for question, messages in PARAPHRASES.items():
        assert len(messages) >= 4
        for message in messages:
            assert len(content_words(question) & content_words(message)) <= 1, message


def test_the_index_carries_the_other_ways_asked(built):
    index = json.loads((built / CHAT_INDEX_SAVE_AS).read_text(encoding="utf-8"))
    seed = next(e for e in index if e["question"] == "Is ketamine therapy safe?")
    assert seed["also"] == [
        "What are the risks?",
        "Are there side effects?",
        "Is it dangerous?",
        "Can it harm me?",
    ]
    assert "Also asked" not in seed["answer"]


def test_every_paraphrase_finds_its_question(built):
    found = answers(built / CHAT_INDEX_SAVE_AS)["paraphrases"]
    wrong = [(f["message"], f["answered"]) for f in found if f["answered"] != f["expected"]]
    assert wrong == []


def test_an_off_topic_question_gets_no_answer(built):
    found = answers(built / CHAT_INDEX_SAVE_AS)["offTopic"]
    assert [f for f in found if f["answered"] is not None] == []


def test_the_other_ways_asked_never_show_on_a_page_nor_in_structured_data(built):
    for page in built.rglob("*.html"):
        assert "Also asked" not in page.read_text(encoding="utf-8"), page
        assert "What are the risks?" not in page.read_text(encoding="utf-8"), page


@pytest.mark.browser
def test_the_chat_in_the_browser_answers_paraphrases_and_admits_what_it_does_not_know(
    tmp_path_factory, browser_page
):
    site = chat_site(tmp_path_factory.mktemp("chat-browser"), GROWN)
    sample = [(question, messages[0]) for question, messages in PARAPHRASES.items()]
    with served_folder(site) as url:
        browser_page.goto(url + "faq/")
        browser_page.locator("[data-chat-open]").click()
        replies = browser_page.locator(".chat-msg-bot")
        field = browser_page.get_by_label("Your question")
        for number, (question, message) in enumerate([*sample, (None, OFF_TOPIC[0])], 1):
            field.fill(message)
            field.press("Enter")
            reply = replies.nth(number)
            reply.wait_for()
            if question:
                assert reply.locator(".chat-question").text_content() == question
            else:
                assert reply.inner_text().startswith("I don't have an answer to that in our FAQ")
                assert reply.locator(".chat-question").count() == 0
                assert reply.locator(".chat-contact a").count() >= 1
