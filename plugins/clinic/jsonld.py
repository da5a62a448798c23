"""Structured data: one schema.org @graph per page, built as dicts, and its one serializer.

Pure: the wiring turns Pelican's objects into the plain records below.
"""

import functools
import json
from dataclasses import dataclass, field
from urllib.parse import urljoin

import orjson

from .sanitize import absolute_links, answer_html

SCHEMA = "https://schema.org"
# Characters that could end the <script> element or open a comment in it (`</script>`,
# `<!--`), plus the two line separators older JavaScript parsers reject in strings. JSON
# holds them only inside strings, where these escapes read back as the same characters.
SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


@dataclass(frozen=True)
class Image:
    url: str  # absolute, or root-relative when the site has no SITEURL
    alt: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, eq=False)
class Site:
    url: str  # the home page, ending with "/"
    name: str
    description: str = ""
    language: str = "en"
    telephone: str = ""
    email: str = ""
    address: dict = field(default_factory=dict)
    logo: Image | None = None
    image: Image | None = None


@dataclass(frozen=True)
class WebPage:
    """A page of the site: kind is "article", "page" or "collection"."""

    kind: str
    url: str
    title: str
    description: str = ""
    published: object = None  # aware datetime
    modified: object = None
    author: str = ""
    author_is_organization: bool = False
    images: tuple[Image, ...] = ()
    section: tuple[str, str] | None = None  # (name, url) of its category
    keywords: tuple[str, ...] = ()
    last_reviewed: object = None  # date
    reviewed_by: str = ""
    faq: tuple[tuple[str, str], ...] = ()  # (question, answer HTML) it marks up
    faq_cleaned: bool = False  # the answers are sanitize.answer_markup's output already


def script_json(data):
    """Serialize data as JSON that is safe as the text of a <script> element."""
    # orjson, as json took a large share of the plugin's work (bench/README.md, "Figures
    # behind the code"). orjson writes non-ASCII characters as they are (pages are UTF-8) and
    # refuses what is not Unicode text (a lone surrogate), which json escapes instead.
    try:
        text = orjson.dumps(data).decode()
    except orjson.JSONEncodeError:
        text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    for character, escape in SCRIPT_ESCAPES:
        text = text.replace(character, escape)
    return text


def ref(node_id):
    return {"@id": node_id}


def without_empty(node):
    """Drop properties with no value, so a missing setting leaves no empty string behind."""
    return {key: value for key, value in node.items() if value not in ("", None, [], {})}


def image_node(image, node_id):
    return without_empty(
        {
            "@type": "ImageObject",
            "@id": node_id,
            "url": image.url,
            "contentUrl": image.url,
            "width": image.width,
            "height": image.height,
            "caption": image.alt,
        }
    )


def website_node(site):
    return without_empty(
        {
            "@type": "WebSite",
            "@id": site.url + "#website",
            "url": site.url,
            "name": site.name,
            "description": site.description,
            "inLanguage": site.language,
            "publisher": ref(site.url + "#clinic"),
        }
    )


def clinic_node(site):
    address = site.address or {}
    return without_empty(
        {
            "@type": "MedicalClinic",
            "@id": site.url + "#clinic",
            "name": site.name,
            "url": site.url,
            "telephone": site.telephone,
            "email": site.email,
            "logo": image_node(site.logo, site.url + "#logo") if site.logo else None,
            "image": image_node(site.image, site.url + "#image") if site.image else None,
            "address": without_empty(
                {
                    "@type": "PostalAddress",
                    "streetAddress": address.get("street", ""),
                    "addressLocality": address.get("locality", ""),
                    "addressRegion": address.get("region", ""),
                    "postalCode": address.get("postal_code", ""),
                    "addressCountry": address.get("country", ""),
                }
            ),
        }
    )


def breadcrumb_node(site, page):
    trail = [(site.name, site.url)]
    if page.section:
        trail.append(page.section)
    trail.append((page.title, page.url))
    return {
        "@type": "BreadcrumbList",
        "@id": page.url + "#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def faq_node(page, page_id):
    clean = absolute_links if page.faq_cleaned else answer_html
    return {
        "@type": "FAQPage",
        "@id": page.url + "#faq",
        "url": page.url,
        "isPartOf": ref(page_id),
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": clean(answer, page.url)},
            }
            for question, answer in page.faq
        ],
    }


def posting_node(site, page, page_id):
    author_type = "Organization" if page.author_is_organization else "Person"
    return without_empty(
        {
            "@type": "BlogPosting",
            "@id": page.url + "#article",
            "headline": page.title,
            "description": page.description,
            "url": page.url,
            "datePublished": page.published.isoformat() if page.published else None,
            "dateModified": (page.modified or page.published).isoformat()
            if page.published
            else None,
            "author": {"@type": author_type, "name": page.author} if page.author else None,
            "publisher": ref(site.url + "#clinic"),
            "mainEntityOfPage": ref(page_id),
            "isPartOf": ref(site.url + "#website"),
            "inLanguage": site.language,
            "articleSection": page.section[0] if page.section else None,
            "keywords": list(page.keywords),
            "image": [
                image_node(image, f"{page.url}#image-{number}")
                for number, image in enumerate(page.images, start=1)
            ],
        }
    )


def page_node(site, page):
    """Return the node of the page itself: MedicalWebPage, WebPage or CollectionPage."""
    page_type = {"article": "MedicalWebPage", "collection": "CollectionPage"}.get(
        page.kind, "WebPage"
    )
    node_id = page.url + "#webpage"
    return without_empty(
        {
            "@type": page_type,
            "@id": node_id,
            "url": page.url,
            "name": page.title,
            "description": page.description,
            "inLanguage": site.language,
            "isPartOf": ref(site.url + "#website"),
            "about": ref(site.url + "#clinic") if page.kind != "article" else None,
            "breadcrumb": ref(page.url + "#breadcrumb") if page.url != site.url else None,
            "mainEntity": ref(page.url + "#article") if page.kind == "article" else None,
            "primaryImageOfPage": ref(page.url + "#image-1")
            if page.kind == "article" and page.images
            else None,
            "datePublished": page.published.isoformat() if page.published else None,
            "dateModified": page.modified.isoformat() if page.modified else None,
            "lastReviewed": page.last_reviewed.isoformat() if page.last_reviewed else None,
            "reviewedBy": {"@type": "Person", "name": page.reviewed_by}
            if page.reviewed_by
            else None,
            "hasPart": ref(page.url + "#faq") if page.faq else None,
        }
    )


@functools.lru_cache(maxsize=4)
def site_nodes(site):
    """Return the WebSite and MedicalClinic nodes, the same on every page (built once)."""
    return website_node(site), clinic_node(site)


def page_graph(site, page):
    """Return the whole JSON-LD document of one page: one @graph, nodes linked by @id."""
    node = page_node(site, page)
    graph = [*site_nodes(site), node]
    if page.url != site.url:
        graph.append(breadcrumb_node(site, page))
    if page.kind == "article":
        graph.append(posting_node(site, page, node["@id"]))
    if page.faq:
        graph.append(faq_node(page, node["@id"]))
    return {"@context": SCHEMA, "@graph": graph}


def absolute(base, path):
    """Return the URL of a site path: absolute when the site has a SITEURL, else root-relative."""
    if "://" in path or path.startswith("/"):
        return urljoin(base, path)
    return base + path
