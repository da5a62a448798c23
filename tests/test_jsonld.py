"""The JSON-LD builder and its one serializer: safe in <script>, linked by @id. No build."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from plugins.clinic.jsonld import Image, Site, WebPage, page_graph, script_json
from tests.jsonldgraph import nodes, references

TZ = datetime.timezone(datetime.timedelta(hours=-8))
SITE = Site(
    url="https://example.org/",
    name="[Clinic name]",
    description="Ketamine-assisted psychotherapy in Vancouver",
    telephone="[Phone number]",
    address={"street": "[Street address]", "locality": "Vancouver", "country": "CA"},
    logo=Image("https://example.org/theme/images/logo.svg", "Clinic logo", 120, 40),
)
ARTICLE = WebPage(
    kind="article",
    url="https://example.org/an-article/",
    title="A title",
    description="A summary.",
    published=datetime.datetime(2026, 11, 26, 9, 0, tzinfo=TZ),
    author="Clinic editorial team",
    author_is_organization=True,
    images=(Image("https://example.org/images/a.svg", "Two armchairs by a table.", 800, 450),),
    section=("Treatment", "https://example.org/category/treatment/"),
    last_reviewed=datetime.date(2026, 11, 20),
    reviewed_by="[Reviewer name]",
    faq=(("Is it safe?", '<p>See <a href="../clinic/">the clinic</a>.</p>'),),
)
# Every character class that has broken a JSON-LD block somewhere: quotes, backslashes,
# the end of the script element, comment openers, line separators, non-ASCII, NUL.
any_text = st.text(st.characters(exclude_categories=()))
# Text read from a UTF-8 file never holds a lone surrogate (U+D800-DFFF), so fields don't.
file_text = st.text()


def embedded(text):
    """Return the page a serialized block would be part of, parsed as a browser would."""
    page = f'<head><script type="application/ld+json">{text}</script></head><p id="after">x</p>'
    return BeautifulSoup(page, "html.parser")


@given(any_text)
def test_any_string_round_trips_through_a_script_element(value):
    data = {"@context": "https://schema.org", value: [value, {"name": value}]}
    soup = embedded(script_json(data))
    assert len(soup.find_all("script")) == 1
    assert json.loads(soup.find("script").string) == data
    assert soup.find(id="after").get_text() == "x"


@given(file_text)
def test_any_string_in_any_field_of_a_page_graph_round_trips(value):
    page = WebPage(
        kind="article",
        url="https://example.org/x/",
        title=value,
        description=value,
        author=value,
        reviewed_by=value,
        keywords=(value,),
        faq=((value or "?", f"<p>{value}</p>"),),
    )
    graph = page_graph(Site(url="https://example.org/", name=value), page)
    text = script_json(graph)
    assert json.loads(embedded(text).find("script").string) == graph


@given(any_text)
def test_serialized_text_never_holds_markup_characters_or_line_separators(value):
    text = script_json({"name": value})
    assert not {"<", ">", "&", "\u2028", "\u2029"} & set(text)


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("</script><script>alert(1)</script>", "\\u003c/script\\u003e"),
        ("<!-- a comment", "\\u003c!--"),
        ("Tom & Jerry", "\\u0026"),
        ('a "quoted" title', '\\"quoted\\"'),
        ("line\u2028separator", "\\u2028"),
    ],
)
def test_dangerous_characters_are_escaped(value, escaped):
    assert escaped in script_json({"name": value})


def test_article_graph_has_one_node_of_each_type_all_references_resolve():
    graph = page_graph(SITE, ARTICLE)
    types = [node["@type"] for node in graph["@graph"]]
    assert sorted(types) == sorted(
        ["WebSite", "MedicalClinic", "MedicalWebPage", "BreadcrumbList", "BlogPosting", "FAQPage"]
    )
    assert set(references(graph)) <= set(nodes(graph))


def test_article_page_links_posting_faq_and_publisher():
    graph = nodes(page_graph(SITE, ARTICLE))
    page = graph["https://example.org/an-article/#webpage"]
    posting = graph[page["mainEntity"]["@id"]]
    assert posting["@type"] == "BlogPosting"
    assert posting["mainEntityOfPage"] == {"@id": page["@id"]}
    assert graph[posting["publisher"]["@id"]]["@type"] == "MedicalClinic"
    assert graph[page["hasPart"]["@id"]]["@type"] == "FAQPage"
    assert graph[page["breadcrumb"]["@id"]]["@type"] == "BreadcrumbList"


def test_dates_are_iso_8601_with_their_timezone():
    graph = nodes(page_graph(SITE, ARTICLE))
    posting = graph["https://example.org/an-article/#article"]
    assert posting["datePublished"] == "2026-11-26T09:00:00-08:00"
    assert posting["dateModified"] == posting["datePublished"]
    assert datetime.datetime.fromisoformat(posting["datePublished"]).utcoffset() is not None


def test_review_metadata_goes_on_the_medical_web_page():
    page = nodes(page_graph(SITE, ARTICLE))["https://example.org/an-article/#webpage"]
    assert page["lastReviewed"] == "2026-11-20"
    assert page["reviewedBy"] == {"@type": "Person", "name": "[Reviewer name]"}


def test_images_carry_their_alt_text_as_caption():
    posting = nodes(page_graph(SITE, ARTICLE))["https://example.org/an-article/#article"]
    assert posting["image"] == [
        {
            "@type": "ImageObject",
            "@id": "https://example.org/an-article/#image-1",
            "url": "https://example.org/images/a.svg",
            "contentUrl": "https://example.org/images/a.svg",
            "width": 800,
            "height": 450,
            "caption": "Two armchairs by a table.",
        }
    ]


def test_faq_answer_is_sanitised_with_absolute_links():
    faq = nodes(page_graph(SITE, ARTICLE))["https://example.org/an-article/#faq"]
    assert faq["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Is it safe?",
            "acceptedAnswer": {
                "@type": "Answer",
                "text": '<p>See <a href="https://example.org/clinic/">the clinic</a>.</p>',
            },
        }
    ]


def test_clinic_settings_and_placeholders_are_published_as_written():
    clinic = nodes(page_graph(SITE, ARTICLE))["https://example.org/#clinic"]
    assert clinic["name"] == "[Clinic name]"
    assert clinic["telephone"] == "[Phone number]"
    assert clinic["address"]["streetAddress"] == "[Street address]"
    assert "email" not in clinic  # an unset setting leaves no empty property
    assert clinic["logo"]["caption"] == "Clinic logo"


@pytest.mark.parametrize(
    ("kind", "page_type", "has_posting"),
    [("article", "MedicalWebPage", True), ("page", "WebPage", False)],
)
def test_kind_of_page_decides_its_nodes(kind, page_type, has_posting):
    page = WebPage(kind=kind, url="https://example.org/x/", title="X")
    types = [node["@type"] for node in page_graph(SITE, page)["@graph"]]
    assert page_type in types
    assert ("BlogPosting" in types) is has_posting
    assert "FAQPage" not in types


def test_home_page_is_a_collection_without_breadcrumb():
    home = WebPage(kind="collection", url="https://example.org/", title="[Clinic name]")
    types = [node["@type"] for node in page_graph(SITE, home)["@graph"]]
    assert types == ["WebSite", "MedicalClinic", "CollectionPage"]
