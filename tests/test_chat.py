"""The chat assistant, in Debian's chromium: answers from the FAQ, safely, privately, accessibly."""

import json
import re
from urllib.parse import unquote, urljoin

import pytest

from plugins.clinic.chat_index import CHAT_INDEX_SAVE_AS
from tests.sitebuild import ROOT

pytestmark = pytest.mark.browser

ARTICLE = "ketamine-vs-antidepressants/"
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
INSTALL_HINT = "run `python3 dev.py test`, which installs package-lock.json with npm ci"

# Two rewordings of every FAQ question, each sharing at most one word of meaning with it.
PARAPHRASES = {
    "How quickly does ketamine therapy work?": [
        "How soon will I notice any difference?",
        "Will I feel better right away after a session?",
    ],
    "Is ketamine therapy safe?": [
        "What are the risks?",
        "Are there side effects I should worry about?",
    ],
    "Can ketamine therapy be combined with other treatments?": [
        "Can I keep taking my antidepressants alongside it?",
        "Is it OK to mix this with my current medication?",
    ],
    "How long do the effects of ketamine therapy last?": [
        "Does the benefit wear off eventually?",
        "Is the improvement permanent?",
    ],
    "Who is a good candidate for ketamine therapy?": [
        "Would this treatment be right for me?",
        "Am I eligible if antidepressants never helped me?",
    ],
}
NO_MATCH = "Do you validate parking for visitors?"
CRISIS_MESSAGES = [
    "I want to kill myself",
    "i dont want to live anymore",
    "Sometimes I think about self-harm.",
    "I feel suicidal. Is ketamine therapy safe?",
]
CRISIS_LINKS = ["tel:988", "sms:988", "tel:911"]
# Typed into the box, each must show as text and run nothing.
XSS_PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=window.__xss=1>",
    "<script>alert(1)</script>",
    "<script>window.__xss=1</script>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)>",
    "<iframe srcdoc='<script>parent.__xss=1</script>'>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<a href=javascript:alert(1)>click</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "'><script>alert(1)</script>",
    "</p><script>alert(1)</script>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<div style=background:url(javascript:alert(1))>x</div>",
    "javascript:alert(1)",
    "{{7*7}} ${alert(1)} <%= 7*7 %>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "<template><img src=x onerror=alert(1)></template>",
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'>",
]
# Words too common to count as shared between a question and its rewording.
STOPWORDS = set(
    re.findall(
        r"\w+",
        "a about after am an any are be can do does for how i if is it me my of the there this "
        "to what when who will with would",
    )
)


def content_words(text):
    return {word for word in re.findall(r"[a-z]+", text.lower()) if word not in STOPWORDS}


@pytest.fixture(scope="module")
def searchable_site_url(site, site_url):
    """The built site, which has its Pagefind index (plugins/theme_support), on 127.0.0.1."""
    assert (site.root / "pagefind" / "pagefind.js").is_file(), "the build wrote no search index"
    return site_url


# A function, not an expression: the page's policy forbids eval, which an expression needs.
STATUS_SET = "() => document.querySelector('[data-chat-status]').textContent"


class Chat:
    """The chat panel of one page, driven as a reader would."""

    def __init__(self, page):
        self.page = page
        self.dialog = page.locator("dialog[data-chat]")
        self.launcher = page.locator("[data-chat-open]")
        self.input = page.get_by_label("Your question")
        self.replies = page.locator(".chat-msg-bot")

    def open(self):
        self.launcher.click()
        self.dialog.wait_for(state="visible")

    def ask(self, text):
        """Send a message and return the reply to it."""
        count = self.replies.count()
        self.input.fill(text)
        self.input.press("Enter")
        reply = self.replies.nth(count)
        reply.wait_for()
        # The live region is emptied as the reply appears, then given the reply's text.
        self.page.wait_for_function(STATUS_SET)
        return reply

    def status(self):
        return self.page.locator("[data-chat-status]").text_content()


def open_chat(page, url):
    page.goto(url)
    chat = Chat(page)
    chat.open()
    return chat


@pytest.fixture
def chat(browser_page, site_url):
    """The chat, opened on the article page; site search is missing (404) as on a bare host."""
    browser_page.route("**/pagefind/**", lambda route: route.fulfill(status=404))
    return open_chat(browser_page, site_url + ARTICLE)


@pytest.fixture(scope="module")
def long_chat(browser, site_url):
    """One chat kept open across many messages, as a reader asking question after question."""
    context = browser.new_context()
    page = context.new_page()
    page.alerts = []
    page.on("dialog", lambda dialog: (page.alerts.append(dialog.message), dialog.dismiss()))
    yield open_chat(page, site_url + ARTICLE)
    context.close()


def test_every_faq_question_has_two_paraphrases_sharing_few_words(site):
    index = json.loads((site.root / CHAT_INDEX_SAVE_AS).read_text(encoding="utf-8"))
    assert sorted(PARAPHRASES) == sorted(entry["question"] for entry in index)
    for question, rewordings in PARAPHRASES.items():
        assert len(rewordings) == 2
        for rewording in rewordings:
            shared = content_words(question) & content_words(rewording)
            assert len(shared) <= 1, (rewording, shared)


@pytest.mark.parametrize(
    ("question", "paraphrase"),
    [(question, reworded) for question, pair in PARAPHRASES.items() for reworded in pair],
)
def test_a_paraphrase_finds_the_right_answer(long_chat, question, paraphrase):
    reply = long_chat.ask(paraphrase)
    assert reply.locator(".chat-question").text_content() == question
    assert reply.locator(".chat-crisis").count() == 0


def test_open_ask_read_close_then_follow_the_link(browser_page, site_url):
    browser_page.goto(site_url)
    chat = Chat(browser_page)
    assert not chat.dialog.is_visible()
    chat.open()
    assert "How can I help you today?" in chat.dialog.inner_text()
    assert "never sent anywhere" in chat.dialog.inner_text()
    reply = chat.ask("Is ketamine therapy safe?")
    assert "considered safe, with minimal side effects" in reply.inner_text()
    browser_page.get_by_role("button", name="Close").click()
    assert not chat.dialog.is_visible()
    assert browser_page.evaluate("document.activeElement.hasAttribute('data-chat-open')")
    chat.open()
    browser_page.get_by_role("link", name=re.compile("^Read it on: Ketamine-Assisted")).click()
    browser_page.wait_for_url(site_url + ARTICLE)


def test_keyboard_only_open_ask_read_close_then_follow_the_link(browser_page, site_url):
    browser_page.goto(site_url)
    # From the top of the page, Shift+Tab reaches the last control: the launcher.
    browser_page.keyboard.press("Shift+Tab")
    assert browser_page.evaluate("document.activeElement.hasAttribute('data-chat-open')")
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "chat-message"
    browser_page.keyboard.type("How long do the effects last?")
    browser_page.keyboard.press("Enter")
    reply = Chat(browser_page).replies.nth(1)
    assert "weeks to months" in reply.inner_text()
    browser_page.keyboard.press("Escape")
    assert not Chat(browser_page).dialog.is_visible()
    assert browser_page.evaluate("document.activeElement.hasAttribute('data-chat-open')")
    browser_page.keyboard.press("Enter")
    # Back from the text field, the latest answer's link comes first.
    browser_page.keyboard.press("Shift+Tab")
    assert browser_page.evaluate("document.activeElement.textContent").startswith("Read it on:")
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url(site_url + ARTICLE)


def test_focus_stays_in_the_open_panel(chat):
    inside = "document.querySelector('dialog[data-chat]').contains(document.activeElement)"
    chat.ask("Is it safe?")
    for key in ["Tab"] * 8 + ["Shift+Tab"] * 8:
        chat.page.keyboard.press(key)
        assert chat.page.evaluate(inside), key
    assert chat.page.evaluate("document.querySelector('main').inert") or chat.page.evaluate(
        "document.querySelector('dialog[data-chat]').matches(':modal')"
    )


def test_the_panel_is_a_labelled_modal_dialog(chat):
    assert chat.dialog.evaluate("d => d.matches(':modal')")
    assert chat.page.get_by_role("dialog", name="Ask a question").is_visible()


def test_each_reply_is_announced_once_in_a_polite_live_region(chat):
    live = chat.page.locator("[aria-live]")
    assert live.count() == 1
    assert live.get_attribute("aria-live") == "polite"
    first = chat.ask("Is ketamine therapy safe?")
    chat.page.wait_for_function(STATUS_SET)
    assert chat.status().startswith("Is ketamine therapy safe? When administered")
    chat.ask("Who is a good candidate for ketamine therapy?")
    chat.page.wait_for_function(
        "() => document.querySelector('[data-chat-status]').textContent.startsWith('Who')"
    )
    assert "When administered" not in chat.status()
    assert first.text_content() not in chat.status()
    assert chat.page.locator("[data-chat-log]").get_attribute("aria-live") is None


def test_every_control_is_at_least_24_by_24_pixels(chat):
    chat.ask("Is it safe?")
    chat.ask(NO_MATCH)
    controls = chat.dialog.locator("a, button, input")
    assert controls.count() >= 7  # close, field, send, answer link, three clinic links
    for index in range(controls.count()):
        box = controls.nth(index).bounding_box()
        assert min(box["width"], box["height"]) >= 24, controls.nth(index).inner_text()
    launcher = chat.launcher.bounding_box()
    assert launcher["width"] >= 24
    assert launcher["height"] >= 24


@pytest.mark.parametrize("message", CRISIS_MESSAGES)
def test_crisis_messages_show_crisis_resources_first(chat, message):
    reply = chat.ask(message)
    first = reply.locator(":scope > *").first
    assert first.get_attribute("class") == "chat-crisis"
    links = [a.get_attribute("href") for a in first.locator("a").all()]
    assert links == CRISIS_LINKS
    assert "9-8-8" in first.inner_text()
    assert "9-1-1" in first.inner_text()
    assert chat.status().startswith("If you are thinking about suicide")


def test_a_faq_match_never_suppresses_the_crisis_resources(chat):
    reply = chat.ask("I feel suicidal. Is ketamine therapy safe?")
    parts = reply.locator(":scope > *")
    assert parts.nth(0).get_attribute("class") == "chat-crisis"
    assert parts.nth(1).text_content() == "Is ketamine therapy safe?"


def test_no_match_says_so_and_offers_the_clinic_without_search(chat, site):
    reply = chat.ask(NO_MATCH)
    text = reply.inner_text()
    assert text.startswith("I don't have an answer to that in our FAQ")
    assert reply.locator(".chat-question").count() == 0
    assert "These pages of the site may help" not in text
    hrefs = [a.get_attribute("href") for a in reply.locator("a").all()]
    base = chat.page.url
    assert urljoin(base, hrefs[0]).endswith("/clinic/")
    assert (site.path(urljoin("/" + ARTICLE, hrefs[0]))).is_file()
    assert "Book a consultation" in text
    assert "Phone: [Phone number]" in text
    assert urljoin(base, hrefs[-1]).endswith("/faq/")


def test_no_match_shows_up_to_three_site_search_results(browser_page, searchable_site_url):
    chat = open_chat(browser_page, searchable_site_url + ARTICLE)
    reply = chat.ask("Is there a clinic in Vancouver?")
    assert "I don't have an answer to that in our FAQ" in reply.inner_text()
    assert "These pages of the site may help" in reply.inner_text()
    results = reply.locator(".chat-links").first.locator("a")
    assert 1 <= results.count() <= 3
    urls = [urljoin(browser_page.url, a.get_attribute("href")) for a in results.all()]
    assert any(url.endswith("/clinic/") for url in urls)
    assert all(url.startswith(searchable_site_url) for url in urls)
    assert "Contact" in reply.locator(".chat-contact").inner_text()


def test_xss_payloads_show_as_text_and_run_nothing(long_chat):
    page = long_chat.page
    outside = "document.querySelectorAll('body *:not([data-chat-log] *)').length"
    before = page.evaluate(outside)
    for payload in XSS_PAYLOADS:
        long_chat.ask(payload)
        mine = page.locator(".chat-msg-user").last
        assert mine.text_content() == payload
        assert mine.evaluate("p => p.children.length") == 0
    page.wait_for_timeout(200)
    assert page.evaluate(outside) == before
    assert page.alerts == []
    assert page.evaluate("window.__xss") is None
    log = page.locator("[data-chat-log]")
    assert (
        log.locator("img, script, svg, iframe, object, embed, video, details, input").count() == 0
    )


def test_nothing_typed_leaves_the_page(browser_page, searchable_site_url):
    requests = []
    sockets = []
    browser_page.on("request", lambda request: requests.append(request))
    browser_page.on("websocket", lambda socket: sockets.append(socket.url))
    chat = open_chat(browser_page, searchable_site_url + ARTICLE)
    secrets = ["quokkazebra wants to know the cost", "Is ketamine therapy safe? quokkazebra"]
    for message in [*secrets, "I want to kill myself quokkazebra"]:
        chat.ask(message)
    browser_page.wait_for_load_state("networkidle")
    assert any("/pagefind/" in request.url for request in requests), "search did not run"
    assert sockets == []
    for request in requests:
        assert "quokkazebra" not in unquote(request.url).lower()
        assert "quokkazebra" not in (request.post_data or "").lower()


def test_the_faq_index_is_fetched_on_first_open_not_on_load(browser_page, site_url):
    requested = []
    browser_page.on("request", lambda request: requested.append(request.url))
    browser_page.goto(site_url + ARTICLE)
    browser_page.wait_for_load_state("networkidle")
    assert not [url for url in requested if CHAT_INDEX_SAVE_AS in url]
    Chat(browser_page).open()
    browser_page.wait_for_load_state("networkidle")
    assert len([url for url in requested if CHAT_INDEX_SAVE_AS in url]) == 1


def run_axe(page):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: {INSTALL_HINT}")
    # Evaluated, not added as a <script>: the page's policy runs no inline script.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("async () => (await axe.run(document)).violations")


def test_axe_finds_no_violations_with_the_panel_open(chat):
    chat.ask("Is it safe?")
    chat.ask("I want to hurt myself")
    chat.ask(NO_MATCH)
    violations = run_axe(chat.page)
    assert violations == [], json.dumps(violations, indent=1)[:4000]


def test_without_javascript_the_launcher_is_a_link_to_the_faq(page_without_javascript, site_url):
    page = page_without_javascript
    page.goto(site_url + ARTICLE)
    link = page.get_by_role("link", name="Questions? Read our FAQ")
    assert link.is_visible()
    assert urljoin(page.url, link.get_attribute("href")) == site_url + "faq/"
    assert not page.locator("[data-chat-open]").is_visible()
    assert not page.locator("dialog[data-chat]").is_visible()
    assert page.get_by_role("dialog").count() == 0


def test_without_its_script_the_page_passes_axe(browser_page, site_url):
    # axe itself needs JavaScript, so the page without it is reproduced by blocking the script.
    browser_page.route("**/theme/js/**", lambda route: route.abort())
    browser_page.goto(site_url + ARTICLE)
    assert browser_page.get_by_role("link", name="Questions? Read our FAQ").is_visible()
    violations = run_axe(browser_page)
    assert violations == [], json.dumps(violations, indent=1)[:4000]
