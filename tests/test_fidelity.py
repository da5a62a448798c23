"""The seed article (its copy in the fixture site, tests/site/content) is published faithfully:
every sentence, in order, with its FAQ."""

import pytest

from plugins.clinic.faq import parse_faq
from tests.fidelity import (
    SEED,
    missing_or_out_of_order,
    normalise,
    seed_lines,
    seed_sentences,
)
from tests.sitebuild import FIXTURE_CONTENT

ARTICLE = "ketamine-vs-antidepressants/"
KEY_POINTS = [
    "Rapid Relief:",
    "Neuroplasticity Benefits:",
    "Effective for Treatment-Resistant Depression:",
    "Combines with Psychotherapy:",
    "Administered in Clinical Settings:",
]
SEED_HEADINGS = [
    "What You Need to Know",
    "Understanding Ketamine-Assisted Psychotherapy",
    "How Traditional Antidepressants Work",
    "Comparing Ketamine Therapy and Traditional Antidepressants",
    "Frequently Asked Questions (FAQs)",
    "Final Thoughts",
]


@pytest.fixture(scope="module")
def article(site):
    return site.page(ARTICLE)


@pytest.fixture(scope="module")
def article_text(article):
    return article.find("main").get_text()


def test_seed_reading_drops_only_the_chat_widget_and_image_placeholders():
    lines = seed_lines(SEED.read_text(encoding="utf-8"))
    assert lines[0].startswith("Ketamine-Assisted Psychotherapy vs. Traditional Antidepressants")
    assert lines[-1].startswith("As mental health treatment continues to advance")
    assert not {"Chatbot", "close", "send", "ketamine_img"} & set(lines)
    assert not any("How can I assist you today" in line for line in lines)


def test_seed_reads_as_its_36_sentences_and_headings():
    sentences = seed_sentences()
    assert len(sentences) == 36
    assert sentences[0] == normalise(seed_lines(SEED.read_text(encoding="utf-8"))[0])


def test_every_seed_sentence_is_on_the_article_page_in_order(article_text):
    assert missing_or_out_of_order(seed_sentences(), article_text) == []


@pytest.mark.parametrize("drop", [0, 5, 17, -1])
def test_the_check_catches_a_removed_sentence(article_text, drop):
    sentences = seed_sentences()
    removed = sentences[drop]
    assert removed in normalise(article_text)
    assert missing_or_out_of_order(sentences, normalise(article_text).replace(removed, "")) == [
        removed
    ]


def test_the_check_catches_sentences_out_of_order():
    assert missing_or_out_of_order(["Second.", "First."], "First. Second.") == ["First."]


def test_the_chat_widget_text_is_not_published(article_text):
    assert "How can I assist you today" not in article_text
    assert "Chatbot" not in article_text


def test_headings_are_the_seeds(article):
    assert article.find("h1").get_text(strip=True) == normalise(
        seed_lines(SEED.read_text(encoding="utf-8"))[0]
    )
    assert [h.get_text(strip=True) for h in article.select("main h2")][: len(SEED_HEADINGS)] == (
        SEED_HEADINGS
    )


def test_the_five_key_points_keep_their_bold_lead_ins(article):
    heading = article.find("h2", string="What You Need to Know")
    points = heading.find_next("ul").find_all("li", recursive=False)
    assert [li.find("strong").get_text(strip=True) for li in points] == KEY_POINTS


def faq_document():
    source = FIXTURE_CONTENT / "faq" / "ketamine-therapy.md"
    return parse_faq(source.read_text(encoding="utf-8"), "ketamine-therapy", lambda md: md)


def test_faq_file_holds_the_five_seed_answers_word_for_word():
    document = faq_document()
    seed_text = normalise(SEED.read_text(encoding="utf-8"))
    assert document.problems == ()
    assert len(document.entries) == 5
    for entry in document.entries:
        assert normalise(entry.answer_markdown) in seed_text


def test_every_faq_question_and_answer_is_on_the_article_page(article):
    faq = article.select_one(".faq")
    assert faq is not None, "the article shows no FAQ"
    questions = [q.get_text(strip=True) for q in faq.select(".faq-question")]
    answers = [normalise(a.get_text()) for a in faq.select(".faq-answer")]
    document = faq_document()
    assert questions == [entry.question for entry in document.entries]
    assert answers == [normalise(entry.answer_markdown) for entry in document.entries]


def test_faq_sits_under_its_seed_heading(article):
    heading = article.find("h2", string="Frequently Asked Questions (FAQs)")
    assert heading.find_next_sibling() is article.select_one(".faq")
    assert "[FAQ]" not in article.get_text()
