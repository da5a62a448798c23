"""Readers in crisis: every page says how to reach help now, and the chat puts it first.

The crisis line is in every page's footer without JavaScript, and at the top of the chat panel
before any answer; a message that suggests crisis, in any of the lists' languages, with typos or
slang, brings the crisis resources first (the whole corpus goes through the matcher in
tests/js/crisis-corpus.test.js, and through this chat in tests/test_chat_crisis_corpus.py).
"""

import json

import pytest

from plugins.clinic.crisis_lists import CHAT_CRISIS_SAVE_AS, read_crisis_lists
from tests.sitebuild import ROOT
from tests.test_chat import ARTICLE, Chat, open_chat

pytestmark = pytest.mark.browser

CRISIS_LINKS = ["tel:988", "sms:988", "tel:911"]
HEADING = "Need help now?"
# The kinds of message the chat missed before (issue 19), and one at least in each language.
CRISIS_MESSAGES = [
    "i don't want to be alive anymore",
    "everyone would be better off without me",
    "i wish i could go to sleep and never wake up",
    "I have been self-harming",
    "I've started cutting again",
    "I burn myself when it gets bad",
    "suicdal",
    "kil myself",
    "i wanna kil myself",
    "I wnat to die",
    "su1c1de",
    "I w@nt to d1e",
    "I want to kill myself",
    "I'm a burden to everyone",
    "there's no point anymore",
    "I wish I could just disappear forever",
    "kms",
    "i want to unalive myself",
    "i want to end it all tonight",
    "I'm going to off myself",
    "I took an overdose last month",
    "Je veux mourir",
    "J'ai envie d'en finir",
    "我想自殺",
    "我不想活了",
    "我想自杀",
    "ਮੈਂ ਮਰਨਾ ਚਾਹੁੰਦਾ ਹਾਂ",
    "main marna chahunda haan",
]
# Ordinary questions, several tricky, and the FAQ question each must still find.
ORDINARY = {
    "Is it safe?": "Is ketamine therapy safe?",
    "Killer headache after session, is ketamine therapy safe?": "Is ketamine therapy safe?",
    "I'm dying to know how long the effects last": (
        "How long do the effects of ketamine therapy last?"
    ),
    "How soon will I notice any difference?": "How quickly does ketamine therapy work?",
    "Would this treatment be right for me?": "Who is a good candidate for ketamine therapy?",
}


def crisis_region(scope):
    return scope.get_by_role("region", name=HEADING)


def hrefs(locator):
    return [a.get_attribute("href") for a in locator.locator("a").all()]


def test_a_list_that_is_not_json_or_lacks_its_sources_is_a_problem(tmp_path):
    (tmp_path / "xx.json").write_text('{"language": "xx",\n  "words": [}', encoding="utf-8")
    (tmp_path / "yy.json").write_text(
        json.dumps({"language": "yy", "sources": [], "words": ["a"], "substrings": []}),
        encoding="utf-8",
    )
    lists, problems = read_crisis_lists(tmp_path)
    assert lists == []
    assert [(p.path.rsplit("/", 1)[1], p.line, p.kind) for p in problems] == [
        ("xx.json", 2, "crisis"),
        ("yy.json", 1, "crisis"),
    ]
    assert "at least one source" in problems[1].message


def test_the_build_serves_every_language_list_the_browser_matches_with(site):
    built = json.loads((site.root / CHAT_CRISIS_SAVE_AS).read_text(encoding="utf-8"))
    lists, problems = read_crisis_lists()
    assert problems == []
    assert built == lists
    assert {"en", "fr", "zh-Hant", "zh-Hans", "pa"} <= {entry["language"] for entry in built}
    assert all("sources" not in entry for entry in built)


def test_the_theme_document_names_every_list_file():
    document = (ROOT / "docs" / "theme.md").read_text(encoding="utf-8")
    for path in (ROOT / "plugins" / "clinic" / "crisis").glob("*.json"):
        assert f"`{path.name}`" in document, path.name


def test_every_built_page_has_the_crisis_line_first_in_its_footer(site):
    pages = list(site.pages())
    assert len(pages) >= 10
    for path, page in pages:
        line = page.select_one("footer.site-footer > section.crisis-line")
        assert line is not None, path
        assert page.select_one("footer.site-footer").find() is line, path
        heading = page.find(id=line["aria-labelledby"])
        assert heading.get_text(strip=True) == HEADING, path
        assert [a["href"] for a in line.select("a")] == CRISIS_LINKS, path
        text = line.get_text(" ", strip=True)
        for words in ["9-8-8", "9-1-1", "24/7", "English and French"]:
            assert words in text, (path, words)


def test_without_javascript_every_page_shows_the_crisis_line(
    page_without_javascript, site, site_url
):
    page = page_without_javascript
    for path, _ in site.pages():
        page.goto(site_url + path.removesuffix("index.html"))
        region = page.get_by_role("contentinfo").get_by_role("region", name=HEADING)
        assert region.is_visible(), path
        for name, href in [
            ("Call 9-8-8, the Suicide Crisis Helpline", "tel:988"),
            ("Text 9-8-8, the Suicide Crisis Helpline", "sms:988"),
            ("In an emergency, call 9-1-1", "tel:911"),
        ]:
            link = region.get_by_role("link", name=name)
            assert link.is_visible(), (path, name)
            assert link.get_attribute("href") == href, (path, name)


@pytest.fixture(scope="module")
def long_chat(browser, site_url):
    """One chat kept open across many messages; site search missing (404) as on a bare host."""
    context = browser.new_context()
    page = context.new_page()
    page.route("**/pagefind/**", lambda route: route.fulfill(status=404))
    yield open_chat(page, site_url + ARTICLE)
    context.close()


def test_the_panel_shows_the_crisis_line_at_its_top_before_any_answer(browser_page, site_url):
    chat = open_chat(browser_page, site_url + ARTICLE)
    region = crisis_region(chat.dialog)
    assert region.is_visible()
    assert hrefs(region) == CRISIS_LINKS
    assert chat.replies.count() == 1  # the greeting, no answer yet
    above_log = "r => r.compareDocumentPosition(document.querySelector('[data-chat-log]')) & 4"
    assert region.evaluate(above_log)
    chat.ask("Is it safe?")
    assert region.is_visible()


@pytest.mark.parametrize("message", CRISIS_MESSAGES)
def test_a_crisis_message_brings_the_crisis_resources_first(long_chat, message):
    reply = long_chat.ask(message)
    first = reply.locator(":scope > *").first
    assert first.get_attribute("class") == "chat-crisis"
    assert hrefs(first) == CRISIS_LINKS


def test_self_harm_finds_no_reassuring_answer_on_safety(long_chat):
    reply = long_chat.ask("I have been self-harming")
    assert reply.locator(".chat-crisis").count() == 1
    assert reply.locator(".chat-question").count() == 0
    assert "considered safe" not in reply.inner_text()


@pytest.mark.parametrize(("message", "question"), ORDINARY.items())
def test_an_ordinary_question_still_gets_its_faq_answer_alone(long_chat, message, question):
    reply = long_chat.ask(message)
    assert reply.locator(".chat-crisis").count() == 0
    assert reply.locator(".chat-question").text_content() == question


def test_without_its_lists_the_chat_shows_the_resources_with_every_answer(browser_page, site_url):
    browser_page.route(f"**/{CHAT_CRISIS_SAVE_AS}", lambda route: route.fulfill(status=404))
    chat = open_chat(browser_page, site_url + ARTICLE)
    reply = chat.ask("Is it safe?")
    parts = reply.locator(":scope > *")
    assert parts.nth(0).get_attribute("class") == "chat-crisis"
    assert parts.nth(1).text_content() == "Is ketamine therapy safe?"


def test_the_crisis_lists_load_on_first_open_not_on_load(browser_page, site_url):
    requested = []
    browser_page.on("request", lambda request: requested.append(request.url))
    browser_page.goto(site_url + ARTICLE)
    browser_page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "crisis" in url]
    Chat(browser_page).open()
    browser_page.wait_for_load_state("networkidle")
    loaded = [url.rsplit("/", 1)[1] for url in requested if "crisis" in url]
    assert sorted(loaded) == [CHAT_CRISIS_SAVE_AS, "crisis-match.js"]
