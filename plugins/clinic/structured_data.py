"""Structured data: each page's JSON-LD graph, made from the site, the page and the FAQ
library, and the template globals that print it."""

from jinja2 import pass_context
from markupsafe import Markup
from pelican.utils import get_relative_path, path_to_url

from . import jsonld
from .faqstage import owned_faq
from .problems import Problem
from .sanitize import answer_markup, unshown, visible_text


def site_record(settings, options, site_image):
    """Return the site and clinic as the JSON-LD builder wants them."""
    base = (settings["SITEURL"] or "") + "/"

    def image(path):
        found = site_image(path) if path else None
        return as_image(base, found) if found else None

    return jsonld.Site(
        url=base,
        name=settings.get("CLINIC_NAME") or settings["SITENAME"],
        description=settings.get("SITESUBTITLE", ""),
        language=settings["DEFAULT_LANG"],
        telephone=settings.get("CLINIC_PHONE", ""),
        email=settings.get("CLINIC_EMAIL", ""),
        address=settings.get("CLINIC_ADDRESS", {}),
        logo=image(options["CLINIC_LOGO"]),
        image=image(options["CLINIC_SOCIAL_IMAGE"]),
    )


def as_image(base, image):
    return jsonld.Image(jsonld.absolute(base, image.url), image.alt, image.width, image.height)


class PageMarkup:
    """Gives articles and pages their JSON-LD graph: one site, one FAQ library, one build."""

    def __init__(self, site, library, images, settings, problems):
        self.site, self.library, self.images = site, library, images
        self.settings, self.problems = settings, problems
        self.section_urls = {}  # category slug -> URL: Pelican formats it on every access
        self.owned_by = library.owned_by()
        self.lines = library.source_lines()

    def mark_up(self, content, kind, faq_page):
        """Give a page its JSON-LD; FAQ markup only where the page owns the FAQ."""
        owned = owned_faq(content, self.library, self.owned_by, faq_page)
        record = self.page_record(content, kind, owned)
        content.jsonld_graph = jsonld.page_graph(self.site, record)
        self.check_faq_shown(content, [(e.question, e.answer_html) for e in owned])

    def page_record(self, content, kind, faq):
        """Return one article or page as the JSON-LD builder wants it."""
        site, images, seen = self.site, [], set()
        paths = [content.cover.url] if content.cover else []
        for path in [*paths, *content.metadata.get("image_paths", ())]:
            image = self.images.image(path)[0] if path not in seen else None
            seen.add(path)
            if image and image.alt:
                images.append(as_image(site.url, image))
        category = getattr(content, "category", None)
        if category is not None and category.slug not in self.section_urls:
            self.section_urls[category.slug] = jsonld.absolute(site.url, category.url)
        review = content.medical_review
        return jsonld.WebPage(
            kind=kind,
            url=jsonld.absolute(site.url, content.url),
            title=content.title,
            description=visible_summary(content),
            published=getattr(content, "date", None) if kind == "article" else None,
            modified=getattr(content, "modified", None),
            author=str(content.author) if getattr(content, "author", None) else "",
            author_is_organization=str(getattr(content, "author", "")) == self.settings["AUTHOR"],
            images=tuple(images),
            section=(str(category), self.section_urls[category.slug]) if category else None,
            keywords=tuple(str(tag) for tag in getattr(content, "tags", [])),
            last_reviewed=review.date if review else None,
            reviewed_by=review.reviewer if review else "",
            faq=tuple((entry.question, self.marked_up_answer(content, entry)) for entry in faq),
            faq_cleaned=True,
        )

    def marked_up_answer(self, content, entry):
        """Return an answer reduced to Google's tags, its site links resolved for the page."""
        answer = entry.answer_html
        if "{" in answer:
            # `{filename}` and `{static}` links, resolved as Pelican's writer resolves them in
            # the page: with RELATIVE_URLS, from the page's folder (the graph's links are then
            # made absolute against the page's URL).
            siteurl = self.settings["SITEURL"]
            if self.settings["RELATIVE_URLS"]:
                siteurl = path_to_url(get_relative_path(content.save_as))
            answer = content._update_content(answer, siteurl)
        return answer_markup(answer)

    def check_faq_shown(self, content, owned):
        """Report every marked-up question or answer that the page does not show its readers."""
        if not owned:
            return
        for pair in unshown(owned, content._content):
            path, line = self.lines[pair]
            message = f"marked up on {content.url} but not shown there: {pair[0]!r}"
            self.problems.append(Problem(path, line, message, "faq"))


def visible_summary(content):
    """Return the page's summary as plain text, for the description."""
    summary = content.metadata.get("summary", "")
    return " ".join(visible_text(summary).split()) if summary else ""


@pass_context
def clinic_jsonld(context):
    """Return this page's JSON-LD, serialized for a <script> element."""
    content = context.get("article") or context.get("page")
    graph = getattr(content, "jsonld_graph", None)
    if graph is None:
        graph = collection_graph(context)
    return Markup(jsonld.script_json(graph))


def collection_graph(context):
    """Return the graph of a list page (index, category, tag, archives)."""
    site = context["clinic_site"]
    output = context.get("output_file", "index.html")
    path = output[: -len("index.html")] if output.endswith("index.html") else output
    name = str(context.get("category") or context.get("tag") or site.name)
    page = jsonld.WebPage("collection", jsonld.absolute(site.url, path), name)
    return jsonld.page_graph(site, page)
