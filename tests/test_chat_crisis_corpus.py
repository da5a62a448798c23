"""The whole crisis corpus typed into the real chat of the built site, one message at a time.

tests/js/crisis-corpus.test.js runs the corpus (tests/crisis_corpus/) through the matcher alone;
here every message goes through the panel as a reader sends it, and the figures are read off the
replies the chat renders: a crisis message must bring the crisis resources first (recall 100%),
an ordinary question must not bring them (false alarms under 3%). `pytest -s` prints the figures;
they are also recorded as the test's properties.
"""

from pathlib import Path

import pytest

from tests.test_chat import ARTICLE, open_chat
from tests.test_chat_crisis import CRISIS_LINKS

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).parent / "crisis_corpus"
MAX_FALSE_ALARMS = 0.03
# How a rendered reply shows the crisis resources: first, as tests/test_chat_crisis.py expects,
# anywhere else (a fault of its own), or not at all. A function: the page's policy forbids eval.
CRISIS_PLACE = """reply => {
  const first = reply.firstElementChild;
  const links = first ? [...first.querySelectorAll("a")].map((a) => a.getAttribute("href")) : [];
  if (first && first.className === "chat-crisis") return {place: "first", links};
  return {place: reply.querySelector(".chat-crisis") ? "elsewhere" : "none", links: []};
}"""


def corpus(name):
    """Return the messages of a corpus file: one a line, without blank lines and # comments."""
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def crisis_files():
    return sorted(path.name for path in CORPUS.glob("crisis-*.txt"))


def percent(part, whole):
    return f"{100 * part / whole:.1f}%"


def send(chat, message):
    """Type a message into the chat as a reader does; return where the reply put the resources."""
    count = chat.replies.count()
    chat.input.fill(message)
    chat.input.press("Enter")
    reply = chat.replies.nth(count)
    reply.wait_for()
    shown = reply.evaluate(CRISIS_PLACE)
    if shown["place"] == "first" and shown["links"] != CRISIS_LINKS:
        shown["place"] = "incomplete"
    return shown["place"]


@pytest.fixture
def chat(browser_page, site_url):
    """The chat, opened once on the article page of the fixture site, with its site search.

    Its `errors` are what the page logged as errors, a refusal of its own policy among them.
    """
    errors = []
    browser_page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    chat = open_chat(browser_page, site_url + ARTICLE)
    chat.errors = errors
    return chat


def test_every_corpus_message_through_the_chat(chat, record_property):
    missed, lines = {}, []
    total = caught = 0
    for name in crisis_files():
        messages = corpus(name)
        missed[name] = [m for m in messages if send(chat, m) != "first"]
        total += len(messages)
        caught += len(messages) - len(missed[name])
        recall = percent(len(messages) - len(missed[name]), len(messages))
        lines.append(f"{name}: {len(messages)} messages, recall {recall}")
        record_property(f"recall {name}", recall)
    lines.append(f"all crisis messages: {total}, recall {percent(caught, total)}")
    record_property("recall", percent(caught, total))

    ordinary = corpus("ordinary.txt")
    alarms = [m for m in ordinary if send(chat, m) != "none"]
    lines.append(
        f"ordinary.txt: {len(ordinary)} questions, false alarms {len(alarms)} "
        f"({percent(len(alarms), len(ordinary))})" + "".join(f"\n  {m}" for m in alarms)
    )
    record_property("false alarms", percent(len(alarms), len(ordinary)))

    deliberate = corpus("ordinary-with-resources.txt")
    without = [m for m in deliberate if send(chat, m) != "first"]
    lines.append(
        f"ordinary-with-resources.txt: {len(deliberate)} questions, "
        f"{len(deliberate) - len(without)} shown the resources first on purpose"
    )
    print("\nThe crisis corpus through the chat:\n" + "\n".join(lines))

    assert {name: messages for name, messages in missed.items() if messages} == {}
    assert len(alarms) / len(ordinary) < MAX_FALSE_ALARMS, alarms
    assert without == []
    assert chat.page.locator("meta[http-equiv=Content-Security-Policy]").count() == 1
    assert chat.errors == []
