"""Structured data on the built site: one @graph per page, FAQ markup equal to what readers see."""

import datetime
import json
import os
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from plugins.clinic.sanitize import visible_text
from tests.badsites import GOOD_SITE, build, make_site
from tests.fidelity import normalise
from tests.jsonldgraph import nodes, references
from tests.sitebuild import run_pelican

ARTICLE = "ketamine-vs-antidepressants/"
FAQ_PAGE = "faq/"


def jsonld_blocks(page):
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def graph_of(page):
    blocks = jsonld_blocks(page)
    assert len(blocks) == 1, "one JSON-LD block per page"
    return blocks[0]["@graph"]


def typed(graph, node_type):
    return [node for node in graph if node["@type"] == node_type]


@pytest.fixture(scope="module")
def article(site):
    return site.page(ARTICLE)


def test_every_page_has_exactly_one_graph_whose_references_resolve(site):
    for name, page in site.pages():
        graph = graph_of(page)
        ids = {node["@id"] for node in nodes(graph).values()}
        assert set(references(graph)) <= ids, name
        assert len(typed(graph, "WebSite")) == 1, name
        assert len(typed(graph, "MedicalClinic")) == 1, name


def test_the_article_has_one_faqpage(article):
    assert [block["@type"] for block in graph_of(article)].count("FAQPage") == 1


def test_faqpage_questions_equal_the_visible_questions_and_answers(article):
    faq = typed(graph_of(article), "FAQPage")[0]
    marked_up = [
        (q["name"], normalise(visible_text(q["acceptedAnswer"]["text"]))) for q in faq["mainEntity"]
    ]
    visible = [
        (q.get_text(strip=True), normalise(a.get_text()))
        for q, a in zip(
            article.select(".faq .faq-question"), article.select(".faq .faq-answer"), strict=True
        )
    ]
    assert marked_up == visible
    assert len(marked_up) == 5


def test_each_question_is_marked_up_on_exactly_one_page(site):
    pages_by_question = {}
    for name, page in site.pages():
        for faq in typed(graph_of(page), "FAQPage"):
            for question in faq["mainEntity"]:
                pages_by_question.setdefault(question["name"], []).append(name)
    assert pages_by_question
    assert all(pages == [ARTICLE + "index.html"] for pages in pages_by_question.values())


def test_article_graph_links_page_posting_faq_and_clinic(article):
    graph = graph_of(article)
    page = typed(graph, "MedicalWebPage")[0]
    posting = typed(graph, "BlogPosting")[0]
    clinic = typed(graph, "MedicalClinic")[0]
    assert page["mainEntity"] == {"@id": posting["@id"]}
    assert posting["mainEntityOfPage"] == {"@id": page["@id"]}
    assert posting["publisher"] == {"@id": clinic["@id"]}
    assert page["hasPart"] == {"@id": typed(graph, "FAQPage")[0]["@id"]}
    assert page["breadcrumb"] == {"@id": typed(graph, "BreadcrumbList")[0]["@id"]}


def test_article_dates_are_iso_8601_with_a_timezone(article):
    posting = typed(graph_of(article), "BlogPosting")[0]
    for key in ["datePublished", "dateModified"]:
        date = datetime.datetime.fromisoformat(posting[key])
        assert date.utcoffset() is not None, key
    assert posting["datePublished"] == "2026-11-26T09:00:00-08:00"


def test_article_images_in_the_graph_carry_the_alt_text_shown_on_the_page(article):
    posting = typed(graph_of(article), "BlogPosting")[0]
    captions = [image["caption"] for image in posting["image"]]
    shown = [img["alt"] for img in article.select("main img")]
    assert captions == shown
    assert all(image["width"] == 800 and image["height"] == 450 for image in posting["image"])


def test_the_cover_is_the_primary_image_of_the_article(article):
    graph = graph_of(article)
    page = typed(graph, "MedicalWebPage")[0]
    cover = typed(graph, "BlogPosting")[0]["image"][0]
    assert page["primaryImageOfPage"] == {"@id": cover["@id"]}
    assert cover["url"].endswith("/images/therapy-room.svg")


def test_headline_and_breadcrumb_name_the_article(article):
    graph = graph_of(article)
    title = article.find("h1").get_text(strip=True)
    assert typed(graph, "BlogPosting")[0]["headline"] == title
    trail = typed(graph, "BreadcrumbList")[0]["itemListElement"]
    assert [item["name"] for item in trail][1:] == ["Treatment", title]


def test_index_is_a_collection_page(site):
    assert typed(graph_of(site.page("/")), "CollectionPage")


def test_standalone_images_are_figures_sized_and_lazy_after_the_first(article):
    images = article.select("main figure > img")
    assert len(images) == 4
    assert all(img["width"] == "800" and img["height"] == "450" for img in images)
    assert all(img["decoding"] == "async" for img in images)
    assert [img.get("loading") for img in images] == [None, "lazy", "lazy", "lazy"]


def test_faq_page_shows_every_faq_file_and_is_linked_from_the_navigation(site):
    page = site.page(FAQ_PAGE)
    assert page.find("h1").get_text(strip=True) == "Frequently asked questions"
    topic = page.select_one("section.faq-topic#ketamine-therapy")
    assert topic.find("h2").get_text(strip=True) == "Ketamine therapy: frequently asked questions"
    assert len(topic.select(".faq-question")) == 5
    assert any(a["href"].endswith("faq/") for a in site.page("/").select("nav a[href]"))


def test_faq_page_shows_a_faq_file_as_the_article_that_references_it_does(site, article):
    shown = site.page(FAQ_PAGE).select_one("section.faq-topic#ketamine-therapy div.faq")
    assert shown.decode() == article.select_one("main div.faq").decode()


def test_faq_page_does_not_mark_up_questions_another_page_owns(site):
    assert typed(graph_of(site.page(FAQ_PAGE)), "FAQPage") == []


def test_the_site_builds_strict_with_absolute_urls_in_its_graph(tmp_path):
    result = run_pelican(tmp_path / "output", settings="publishconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "output" / ARTICLE / "index.html").read_text(encoding="utf-8")

    graph = graph_of(BeautifulSoup(page, "html.parser"))
    site_url = os.environ.get("SITEURL", "https://example.org").rstrip("/") + "/"
    assert all(node["@id"].startswith(site_url) for node in nodes(graph).values())
    faq = typed(graph, "FAQPage")[0]
    assert all("href" not in q["acceptedAnswer"]["text"] for q in faq["mainEntity"])


def test_an_answers_site_link_in_the_graph_leads_where_the_readers_link_does(tmp_path):
    """The development build writes relative links: the graph's are resolved from the page."""
    link = "[the team]({filename}/pages/about.md#team)"
    faq = f"Title: Basics\n\n## Is this a question?\n\nSee {link}.\n"
    make_site(tmp_path, {**GOOD_SITE, "content/faq/basics.md": faq})
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "output/good/index.html").read_text(), "html.parser")
    shown = page.select_one(".faq .faq-answer a")["href"]
    answer = typed(graph_of(page), "FAQPage")[0]["mainEntity"][0]["acceptedAnswer"]["text"]
    marked_up = BeautifulSoup(answer, "html.parser").a["href"]
    assert shown == "../about/#team"
    assert marked_up == urljoin("/good/", shown) == "/about/#team"
