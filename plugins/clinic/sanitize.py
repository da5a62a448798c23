"""Answer HTML for structured data, and the text a reader sees. Pure; nh3 does the parsing."""

import html
import re
from urllib.parse import urljoin

import nh3

# The tags Google reads in an FAQ answer (developers.google.com/search/docs/appearance/
# structured-data/faqpage, "Answer.text"); everything else is unwrapped to its text.
ANSWER_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "br", "ol", "ul", "li", "a", "p", "div", "b", "strong"}
    | {"i", "em"}
)
# "*" replaces nh3's default attributes for every tag (title, lang), which Google ignores.
ANSWER_ATTRIBUTES = {"a": {"href"}, "*": set()}
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


# Building a sanitiser costs several times what one cleaning does: build each once.
ANSWER_CLEANER = nh3.Cleaner(
    tags=set(ANSWER_TAGS),
    attributes=ANSWER_ATTRIBUTES,
    url_schemes=set(LINK_SCHEMES),
    link_rel=None,
    strip_comments=True,
)
TEXT_CLEANER = nh3.Cleaner(tags=set())
RELATIVE_LINK = re.compile(r'href="(?![a-z][a-z0-9+.-]*:)', re.IGNORECASE)
TAG_START = re.compile("<")


def answer_markup(answer):
    """Return answer HTML reduced to Google's tags, its links as written."""
    return ANSWER_CLEANER.clean(answer).strip()


def answer_html(answer, page_url):
    """Return answer HTML reduced to Google's tags, links made absolute against `page_url`."""
    return absolute_links(answer_markup(answer), page_url)


def absolute_links(cleaned, page_url):
    """Return answer_markup's output with its relative links made absolute against `page_url`."""
    if not RELATIVE_LINK.search(cleaned):
        return cleaned
    return nh3.clean(
        cleaned,
        tags=set(ANSWER_TAGS),
        attributes=ANSWER_ATTRIBUTES,
        url_schemes=set(LINK_SCHEMES),
        url_relative=lambda url: urljoin(page_url, url),
        link_rel=None,
    ).strip()


def visible_text(fragment):
    """Return the text a reader sees in an HTML fragment (scripts, styles and tags dropped)."""
    return html.unescape(TEXT_CLEANER.clean(fragment))


def plain_text(html):
    """Return the text of an HTML fragment, its white space collapsed, words of two elements
    kept apart (`<p>a</p><p>b</p>` reads "a b")."""
    return " ".join(visible_text(TAG_START.sub(" <", html)).split())


def folded(text):
    """Return text without white space, so line breaks and indents never decide a match."""
    return "".join(text.split())


def unshown(marked_up, page_html):
    """Return the (question, answer HTML) pairs whose text the page does not show."""
    # Fast path: the page holds the answer's HTML as it is and the question as text.
    missing = [
        (question, answer)
        for question, answer in marked_up
        if answer not in page_html or html.escape(question, quote=False) not in page_html
    ]
    if not missing:
        return []
    shown = folded(visible_text(page_html))
    return [
        (question, answer)
        for question, answer in missing
        if folded(question) not in shown or folded(visible_text(answer)) not in shown
    ]
