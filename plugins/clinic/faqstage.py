"""The FAQ stage: every FAQ file read once into one FaqLibrary, which the visible FAQ, the
/faq/ page, the JSON-LD and the chat index all receive.

FaqGenerator is the stage's Pelican generator. Pelican makes every generator before any reads
content, so the library is read then (plugin.py, on `generator_init`) and is there when the
articles' and pages' FAQs are placed; owners, which need every page, are resolved once all
generators have read (`with_owners`); the chat index is written with the other outputs.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown import Markdown
from pelican.contents import Article, Page
from pelican.generators import Generator

from .chat_index import CHAT_INDEX_SAVE_AS, chat_entries, chat_index_json
from .crisis_lists import CHAT_CRISIS_SAVE_AS, crisis_json, read_crisis_lists
from .faq import FaqReference, faq_owners, marker_lines, marker_problems, parse_faq
from .problems import Problem, display_path, metadata_line
from .sources import readable_text

# Answers are fragments of a page: toc would give their headings ids that clash with the
# page's, and meta would read a first line like "Note: ..." as metadata.
FRAGMENT_EXCLUDED = {"markdown.extensions.toc", "markdown.extensions.meta", "toc", "meta"}
ANSWER_BREAK = "<!-- clinic: next answer -->"
# The template of a file written as it is made (JSON): Pelican's writer renders a template.
AS_IS = "{{ text|safe }}"


@dataclass(frozen=True, eq=False)
class FaqLibrary:
    """The site's FAQ files: {slug: (display path, FaqDocument)}, and who marks each up."""

    files: dict
    owners: dict = field(default_factory=dict)  # slug -> owner page's slug; see with_owners

    def published(self):
        return {slug: doc for slug, (_, doc) in self.files.items() if not doc.draft}

    def entries(self, slugs):
        return [entry for slug in slugs for entry in self.files[slug][1].entries]

    def owned_by(self):
        """Return {page slug: [FAQ slugs it owns]}."""
        owned = {}
        for slug, owner in self.owners.items():
            owned.setdefault(owner, []).append(slug)
        return owned

    def source_lines(self):
        """Return {(question, answer HTML): (file, line)} of every entry."""
        return {
            (entry.question, entry.answer_html): (path, entry.line)
            for path, document in self.files.values()
            for entry in document.entries
        }


class FaqGenerator(Generator):
    """The FAQ stage's generator: reads the library; writes the chat's index and crisis lists."""

    def __init__(self, *args, **kwargs):
        # Before Pelican's __init__, which sends generator_init: the plugin reads the library then.
        self.library, self.owner_pages, self.problems = FaqLibrary({}), {}, []
        super().__init__(*args, **kwargs)

    def read_library(self, options, undecodable, problems, parse=parse_faq):
        """Read every FAQ file of the site (not those that cannot be decoded) into the library.

        `parse(text, slug, render, render_all)` is faq.parse_faq, or a memo of it.
        """
        self.problems = problems
        render, render_all = markdown_renderer(self.settings)
        read = []
        for path, text, slug in faq_sources(self.settings, options, undecodable):
            document = parse(text, slug, render, render_all)
            shown = display_path(path)
            problems += [Problem(shown, p.line, p.message, "faq") for p in document.problems]
            read.append((shown, slug, document, metadata_line(text, "Slug")))
        files, clashes = one_file_per_slug(read)
        problems += clashes + repeated_questions(files)
        self.library = FaqLibrary(files)
        return self.library

    def generate_context(self):
        """Nothing: the library is read when the generator is made (see the module's doc)."""

    def generate_output(self, writer):
        """Write the chat assistant's FAQ index (each answer with its page) and crisis lists.

        Through Pelican's writer, as every page is: it keeps them from being written over
        by a page of the same name, unnoticed, and tells the plugins that watch what is written.
        """
        entries = chat_entries(self.library.published(), self.owner_pages)
        # The chat's crisis detection, beside its index: a bad list is a problem, not a gap.
        lists, problems = read_crisis_lists()
        self.problems.extend(problems)
        as_is = self.env.from_string(AS_IS)
        for name, text in (
            (CHAT_INDEX_SAVE_AS, chat_index_json(entries)),
            (CHAT_CRISIS_SAVE_AS, crisis_json(lists)),
        ):
            writer.write_file(name, as_is, self.context, text=text)


def one_file_per_slug(read):
    """Return ({slug: (display path, FaqDocument)} in reading order, problems of the files
    whose slug another file has): one would hide the other, as a copy that kept its Slug: did.

    `read` holds (display path, file name's slug, FaqDocument, line of its Slug:) in path
    order. The file named after its slug keeps it (the copy is the other), else the first.
    """
    keeps = {}
    for shown, _, document, _ in sorted(read, key=lambda file: file[2].slug != file[1]):
        keeps.setdefault(document.slug, shown)
    files, problems = {}, []
    for shown, _, document, line in read:
        if keeps[document.slug] == shown:
            files[document.slug] = (shown, document)
        else:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"Slug: {document.slug!r} is the slug of {keeps[document.slug]} too: one "
                    "FAQ file would hide the other (give this one another Slug:)",
                    "duplicate-slug",
                )
            )
    return files, problems


def repeated_questions(files):
    """Return a problem for each question a published FAQ file asks that an earlier one (by
    path) asks too, in any case: /faq/ shows every file, so readers would find it twice, with
    two answers, and the FAQPage of a page showing both would name it twice.

    `files` is {slug: (display path, FaqDocument)}; drafts are on no public page yet.
    """
    first, problems = {}, []
    for path, document in sorted(files.values(), key=lambda file: file[0]):
        if document.draft:
            continue
        for entry in document.entries:
            key = entry.question.casefold()
            if key in first:
                where = f"{first[key][0]}, line {first[key][1]}"
                problems.append(
                    Problem(
                        path,
                        entry.line,
                        f"question also asked in {where}: {entry.question!r} (ask it in one "
                        "FAQ file, and name that file in the FAQ: lines of the pages it suits)",
                        "faq",
                    )
                )
            else:
                first[key] = (path, entry.line)
    return problems


def faq_sources(settings, options, undecodable):
    """Return (path, text, slug) of each FAQ file of the site, in order, but those that
    cannot be decoded (the encoding check names them)."""
    folder = Path(settings["PATH"]) / options["CLINIC_FAQ_PATH"]
    paths = sorted(folder.glob("*.md"))
    return [
        (path, readable_text(path), path.stem)
        for path in paths
        if not (undecodable and path.resolve() in undecodable)
    ]


def markdown_renderer(settings):
    """Return (render one, render many): Markdown as Pelican's reader renders it."""
    config = dict(settings["MARKDOWN"])
    configs = config.get("extension_configs", {})
    extensions = [*config.get("extensions", []), *configs]
    config["extensions"] = list(dict.fromkeys(e for e in extensions if e not in FRAGMENT_EXCLUDED))
    config["extension_configs"] = {k: v for k, v in configs.items() if k not in FRAGMENT_EXCLUDED}
    md = Markdown(**config)

    def render(text):
        return md.reset().convert(text)

    def render_all(texts):
        """Render all answers of a file in one conversion, split where each one ends.

        Footnotes and raw HTML could reach across answers, so those go one by one.
        """
        if len(texts) > 1 and not any("[^" in text or "<" in text for text in texts):
            parts = render(f"\n\n{ANSWER_BREAK}\n\n".join(texts)).split(ANSWER_BREAK)
            if len(parts) == len(texts):
                return [part.strip() for part in parts]
        return [render(text) for text in texts]

    return render, render_all


def faq_slugs(content):
    """Return the FAQ slugs a page references in its `FAQ:` metadata."""
    return [slug.strip() for slug in content.metadata.get("faq", "").split(",") if slug.strip()]


def source_line(content, key):
    """Return the line of a metadata key in a page's source file."""
    return metadata_line(readable_text(content.source_path), key)


class VisibleFaq:
    """The visible FAQ of sets of FAQ files, each rendered once a build.

    An article and the site-wide FAQ page that show the same file show the same HTML.
    """

    def __init__(self, library):
        self.library, self.html = library, {}

    def __call__(self, generator, slugs, level):
        key = (tuple(slugs), level)
        if key not in self.html:
            template = generator.get_template("partials/faq")
            entries = self.library.entries(slugs)
            self.html[key] = template.render(faq_entries=entries, question_level=level)
        return self.html[key]


def insert_faq(generator, contents, visible, options, problems):
    """Render the FAQ each page references, in place of its marker or after its content."""
    library = visible.library.files
    for content in contents:
        slugs = faq_slugs(content)
        draft = content.status == "draft"
        for slug in slugs:
            if slug not in library:
                message = f"FAQ {slug!r} not found in {options['CLINIC_FAQ_PATH']}/"
            elif library[slug][1].draft and not draft:
                message = (
                    f"FAQ {slug!r} is a draft: delete `Status: draft` from "
                    f"{library[slug][0]} to publish it"
                )
            else:
                continue
            shown = display_path(content.source_path)
            problems.append(Problem(shown, source_line(content, "FAQ"), message, "faq"))
        shown = [s for s in slugs if s in library and (draft or not library[s][1].draft)]
        content.faq_entries = visible.library.entries(shown)
        level = options["CLINIC_FAQ_QUESTION_LEVEL"]
        html = visible(generator, shown, level) if content.faq_entries else ""
        content._content = placed_faq(content, html, bool(slugs), options, problems)


def placed_faq(content, html, has_faq, options, problems):
    """Return the page's HTML with its FAQ in place of its marker, or after its text.

    A marker that shows nothing (a second one, or one on a page without `FAQ:`) is a problem,
    and is left out rather than shown as text.
    """
    marker = options["CLINIC_FAQ_MARKER"]
    paragraph, body = f"<p>{marker}</p>", content._content
    if paragraph not in body:
        return body + html
    text = readable_text(content.source_path)
    # With an FAQ, only a second marker is a problem: a text that holds it once has none
    # (each marker line holds it), and need not be read line by line.
    if not has_faq or text.count(marker) > 1:
        for line, message in marker_problems(marker_lines(text, marker), marker, has_faq):
            problems.append(Problem(display_path(content.source_path), line, message, "faq"))
    first, _, rest = body.partition(paragraph)
    return first + html + rest.replace(paragraph, "")


def add_faq_page(generator, visible, pages, options, problems):
    """Add the site-wide FAQ page, which shows every FAQ file, to the site's pages."""
    slug, title = options["CLINIC_FAQ_PAGE_SLUG"], options["CLINIC_FAQ_PAGE_TITLE"]
    generator.context["faq_page"] = None
    published = list(visible.library.published().values())
    if not slug or not published:
        return
    taken = [page for page in pages if page.slug == slug]
    if taken:
        message = f"slug {slug!r} is the FAQ page's"
        problems.append(Problem(display_path(taken[0].source_path), 1, message, "duplicate-slug"))
        return
    topics = sorted(published, key=lambda d: d.title or d.slug)
    # Each file's questions under its title (an h2): the h3s an article's FAQ has by default.
    shown = {topic.slug: visible(generator, [topic.slug], 3) for topic in topics}
    html = generator.get_template("partials/faq_topics").render(faq_topics=topics, faq_html=shown)
    page = Page(
        html,
        metadata={"title": title, "slug": slug, "template": "faq"},
        settings=generator.settings,
        source_path=str(Path(generator.settings["PATH"]) / options["CLINIC_FAQ_PATH"] / "index.md"),
        context=generator.context,
    )
    # Every page's navigation asks for this URL, and Pelican formats it anew each time.
    page.override_url, page.override_save_as = page.url, page.save_as
    page.faq_entries = [entry for topic in topics for entry in topic.entries]
    page.faq_topics = topics
    page.cover = None
    generator.pages.append(page)
    generator.context["faq_page"] = page


def with_owners(library, public, faq_page, problems, drafts=()):
    """Return the library with each published FAQ's owner among the `public` pages.

    Also returns {FAQ slug: owner page}; an `Owner:` naming no page is a problem, which says
    so when it names one of the `drafts` (a publish build makes an article dated in the
    future one): that page is there, just not published yet.
    """
    references = [
        FaqReference(
            c.slug, c.date if isinstance(c, Article) else None, c.source_path, tuple(faq_slugs(c))
        )
        for c in public
        if c.slug != faq_page
    ]
    owners = faq_owners(library.published(), references, faq_page)
    known = {c.slug: c for c in public}
    unpublished = {c.slug: display_path(c.source_path) for c in drafts}
    for path, document in library.files.values():
        if document.owner and document.owner not in known:
            message = f"Owner {document.owner!r} is no page's slug"
            if document.owner in unpublished:
                message = (
                    f"Owner {document.owner!r} is {unpublished[document.owner]}, which is not "
                    "published yet (name a published page, or publish that one first)"
                )
            problems.append(Problem(path, document.owner_line, message, "faq"))
    owner_pages = {slug: known[page] for slug, page in owners.items() if page in known}
    return replace(library, owners=owners), owner_pages


def owned_faq(content, library, owned_by, faq_page):
    """Return the FAQ entries this page marks up: those of the FAQs it owns."""
    if content.status != "published":
        return ()
    if content.slug == faq_page and hasattr(content, "faq_topics"):
        slugs = [topic.slug for topic in content.faq_topics]
    else:
        slugs = faq_slugs(content)
    slugs += [slug for slug in owned_by.get(content.slug, ()) if slug not in slugs]
    owners = library.owners
    return tuple(
        entry
        for slug in slugs
        if owners.get(slug) == content.slug and slug in library.files
        for entry in library.files[slug][1].entries
    )
