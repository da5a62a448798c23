"""Pelican signal wiring: thin handlers that call the pure modules."""

import dataclasses
import datetime
import functools
import logging
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from jinja2 import pass_context
from markdown import Markdown
from markupsafe import Markup
from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.readers import MarkdownReader

from publishing import policy
from publishing.checks import local_target, site_problems
from publishing.pickled import PickleCache

from . import jsonld
from .alttext import parse_alt_text_file
from .cache import cache_key
from .chat_index import CHAT_INDEX_SAVE_AS, chat_entries, chat_index_json
from .containment import (
    contain_static_links,
    excluding_folders,
    is_inside,
    outside_link_problems,
    outside_links,
    refuse_outside_files,
)
from .contentpaths import remember_relative_source_paths
from .crisis_lists import CHAT_CRISIS_SAVE_AS, crisis_json, read_crisis_lists
from .encoding import TEXT_SUFFIXES, encoding_problems
from .faq import FaqReference, faq_owners, marker_lines, marker_problems, parse_faq
from .images import ImageSources, site_path
from .inventory import content_files, duplicate_outputs, template_page_clashes, unread_problems
from .links import traced
from .metadata import check_metadata, content_kind, load_schema
from .pelican_log import ProblemFilter, pelican_loggers
from .photolocation import is_photo, location_problem
from .problems import Problem, display_path, errors, metadata_line, report, summary
from .readcache import settings_material
from .reader import ClinicMarkdownReader
from .rendercache import PageCache, Uncacheable, site_key
from .renditions import (
    IMAGE_ERRORS,
    RasterOptions,
    RenditionCache,
    clashes,
    is_raster,
    resolve_srcsets,
)
from .review import medical_review, review_age_problems
from .sanitize import answer_markup, unshown, visible_text
from .schedule import is_scheduled
from .settings import plugin_settings, setting_errors
from .slugs import remember_slugs
from .templatecache import TemplateCache
from .writer import ClinicWriter, fix_urls, track_body_reads

logger = logging.getLogger(__name__)


@dataclass
class Build:
    """What the plugin knows during one build."""

    settings: dict
    options: dict
    images: ImageSources
    reads: PickleCache
    problems: list = field(default_factory=list)
    faq_files: dict = field(default_factory=dict)  # slug -> (display path, FaqDocument)
    site: jsonld.Site | None = None
    section_urls: dict = field(default_factory=dict)
    # What the generators made of content/: output page -> source paths, and files read.
    page_sources: dict = field(default_factory=dict)
    read_files: set = field(default_factory=set)  # source paths as the generators name them
    contents: list = field(default_factory=list)  # every article and page made, any status
    content_files: list = field(default_factory=list)  # every file under content/, at the start
    undecodable: set = field(default_factory=set)
    templates: TemplateCache | None = None  # compiled templates, shared and kept
    chat: dict = field(default_factory=dict)  # SITEURL -> the chat partial rendered there
    faq_html: dict = field(default_factory=dict)  # (FAQ slugs, question level) -> visible FAQ


BUILD = None  # the Build in progress; Pelican runs one build at a time per process


def check_settings(pelican):
    """Stop at start-up, naming them, when the plugin's settings make no sense."""
    errors = setting_errors(pelican.settings)
    if errors:
        for error in errors:
            print(f"clinic: setting error: {error}", file=sys.stderr)
        print(f"clinic: {len(errors)} setting error(s); nothing was built", file=sys.stderr)
        raise SystemExit(2)
    if not getattr(pelican, "clinic_reports", False):
        pelican.run = functools.partial(run_then_report, pelican, pelican.run)
        pelican.clinic_reports = True


def run_then_report(pelican, run):
    """Run Pelican, then check what it wrote and report every problem.

    After the run rather than on `finalized`: blinker calls receivers in no set order, and
    other plugins (assets, search) still write files on `finalized`.
    """
    run()
    report_problems(pelican)


LOG_FILTER = None  # the ProblemFilter on Pelican's loggers, replaced at every run


def capture_pelican_log(settings, problems):
    """Turn Pelican's own warnings and errors of this run into problems."""
    global LOG_FILTER
    release_pelican_log()
    LOG_FILTER = ProblemFilter(problems, settings["PATH"], on_fatal=report_before_exit)
    for pelican_logger in pelican_loggers():
        pelican_logger.addFilter(LOG_FILTER)


def release_pelican_log():
    for pelican_logger in pelican_loggers():
        pelican_logger.removeFilter(LOG_FILTER)


def report_before_exit(message):
    """List the problems found so far when Pelican stops on an error of its own."""
    listed = report(BUILD.problems)
    if listed:
        print("\n".join(listed), file=sys.stderr, flush=True)
    print(f"clinic: build failed: Pelican stopped: {message}", file=sys.stderr, flush=True)


def check_sources(settings, options):
    """Check every text file under content/: clean UTF-8, and metadata as the schema says.

    Remember the files that cannot be decoded, for the reader's own error to be left out.
    """
    root = Path(settings["PATH"])
    # A link out of content/ is a problem of its own (start_build), and is never read.
    BUILD.content_files = [
        name
        for name in content_files(root, settings.get("IGNORE_FILES", []))
        if is_inside(root, name)
    ]
    schema = load_schema()
    today = datetime.datetime.now(ZoneInfo(settings["TIMEZONE"])).date()
    for name in BUILD.content_files:
        # By string: a Path per file, at every build, cost more than the check itself.
        if os.path.splitext(name)[1].lower() not in TEXT_SUFFIXES:
            continue
        with open(os.path.join(root, name), "rb") as file:
            data = file.read()
        found = encoding_problems(data, name)
        if any(problem.kind == "encoding" for problem in found):
            BUILD.undecodable.add((root / name).resolve())
        else:
            kind = content_kind(
                name, settings["ARTICLE_PATHS"], settings["PAGE_PATHS"], options["CLINIC_FAQ_PATH"]
            )
            if kind is not None:
                text = data.decode("utf-8-sig")
                found += check_metadata(name, text, kind, schema, options["CLINIC_FAQ_MARKER"])
            if kind == "article":
                found += review_age_problems(name, text, today, options["CLINIC_REVIEW_MAX_MONTHS"])
        if found:
            # Named as every problem is only when there is one: most files have none.
            found = [dataclasses.replace(p, path=display_path(root / name)) for p in found]
            BUILD.problems.extend(found)


def check_photo_locations(settings):
    """Report photos under content/ that carry a GPS position: the repository may be public."""
    root = Path(settings["PATH"])
    for name in BUILD.content_files:
        if is_photo(name):
            problem = location_problem(root / name, display_path(root / name))
            if problem:
                BUILD.problems.append(problem)


def start_build(pelican):
    """Begin each run (autoreload runs many) afresh: read the alt-text file, no problems yet."""
    global BUILD
    options = plugin_settings(pelican.settings)
    cache_file = Path(pelican.settings["CACHE_PATH"]) / "clinic-reads.pickle"
    reads = PickleCache(cache_file if options["CLINIC_READ_CACHE"] else None)
    BUILD = Build(pelican.settings, options, image_sources(pelican.settings, options), reads)
    capture_pelican_log(pelican.settings, BUILD.problems)
    root = pelican.settings["PATH"]
    links = outside_links(root)
    BUILD.problems.extend(outside_link_problems(root, links))
    pelican.settings.update(excluding_folders(pelican.settings, root, links))
    check_sources(pelican.settings, options)
    check_photo_locations(pelican.settings)
    BUILD.problems.extend(alt_text_problems(pelican.settings, options))


def alt_text_file(settings, options):
    return Path(settings["PATH"]) / options["CLINIC_ALT_TEXT"]


def image_sources(settings, options):
    """Return where the build's images live and the alt text the writer gave each."""
    file = alt_text_file(settings, options)
    text = readable_text(file)
    catalogue, _ = parse_alt_text_file(text, display_path(file))
    return ImageSources(
        content_root=Path(settings["PATH"]),
        theme_static_root=Path(settings["THEME"]) / "static",
        theme_static_dir=settings["THEME_STATIC_DIR"],
        catalogue=catalogue,
        catalogue_source=display_path(file),
        raster=RasterOptions(
            widths=tuple(options["CLINIC_IMAGE_WIDTHS"]),
            formats=tuple(options["CLINIC_IMAGE_FORMATS"]),
            quality=dict(options["CLINIC_IMAGE_QUALITY"]),
            sizes=options["CLINIC_IMAGE_SIZES"],
        ),
    )


def alt_text_problems(settings, options):
    file = alt_text_file(settings, options)
    if not file.is_file():
        return []
    return parse_alt_text_file(readable_text(file), display_path(file))[1]


def readable_text(file):
    """Return a file's text, or "" when it is missing or not UTF-8 (the encoding check says so)."""
    try:
        return file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def use_clinic_reader(readers):
    """Read Markdown with the image checks, reporting into this build's problem list."""
    reader = type(
        "ClinicMarkdownReader",
        (ClinicMarkdownReader,),
        {
            "image_sources": BUILD.images,
            "problems": BUILD.problems,
            "reads": BUILD.reads,
            "key_material": (
                settings_material(BUILD.settings),
                readable_text(alt_text_file(BUILD.settings, BUILD.options)),
            ),
            "digests": {},
        },
    )
    for extension in MarkdownReader.file_extensions:
        readers.reader_classes[extension] = reader


def prefetch_reads(generator):
    """Render the site's Markdown files not kept from earlier builds, on every core at once."""
    reader = generator.readers.readers.get("md")
    if not isinstance(reader, ClinicMarkdownReader):
        return
    settings, names = generator.settings, set(MarkdownReader.file_extensions)
    files = [
        *generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]),
        *generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"]),
    ]
    paths = [os.path.join(generator.path, f) for f in files if f.rsplit(".", 1)[-1] in names]
    if BUILD.undecodable:  # resolving costs a stat of every folder on the way: only when needed
        paths = [p for p in paths if Path(p).resolve() not in BUILD.undecodable]
    reader.prefetch(paths, BUILD.options["CLINIC_WORKERS"])


def parallel_writer(pelican):
    """Give Pelican the writer that renders all pages at the end, on every core."""
    return type(
        "ClinicWriter",
        (ClinicWriter,),
        {"problems": BUILD.problems, "workers_setting": BUILD.options["CLINIC_WORKERS"]},
    )


class WritePages:
    """A generator Pelican runs after the article and page generators: it writes their pages."""

    def __init__(self, *args, **kwargs):
        pass

    def generate_output(self, writer):
        if isinstance(writer, ClinicWriter):
            fix_urls(BUILD.contents)
            writer.flush(render_cache(writer.settings))
            counts = writer.rendered, writer.reused
            logger.info("clinic: pages: %d rendered, %d from the cache", *counts)


def render_cache(settings):
    """Return the pages kept from earlier builds (CLINIC_RENDER_CACHE), or None."""
    if not BUILD.options["CLINIC_RENDER_CACHE"] or settings.get("WRITE_SELECTED"):
        return None
    root = os.path.abspath(settings["PATH"])
    # By name, not resolved (a source reached through a link counts as another file): slower
    # to change, never stale.
    sources = {os.path.abspath(content.source_path) for content in BUILD.contents}
    others = [name for name in BUILD.content_files if os.path.join(root, name) not in sources]
    theme = [settings["THEME"], *settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    theme += settings.get("EXTRA_TEMPLATES_PATHS", [])
    theme += [os.path.join(settings["THEME"], path) for path in settings["THEME_STATIC_PATHS"]]
    try:
        key = site_key(settings, settings["PLUGIN_PATHS"], theme, root, others)
    except Uncacheable as error:
        logger.warning("clinic: no page is kept: a setting holds a %s", error)
        return None
    track_body_reads()
    return PageCache(Path(settings["CACHE_PATH"]) / "clinic-pages", key, BUILD.contents)


def page_writer(pelican):
    return WritePages


def save_reads(generators):
    """Keep this build's renderings (only the files it read) for the next build."""
    BUILD.reads.save()


def add_template_globals(generator):
    """Give templates the JSON-LD of the page, the images of the theme and the site's policy."""
    generator.env.globals.update(
        clinic_jsonld=clinic_jsonld,
        clinic_chat=clinic_chat,
        site_image=site_image,
        content_security_policy=policy.meta_policy(),
        referrer_policy=policy.REFERRER_POLICY,
    )


def keep_compiled_templates(generator):
    """Compile each template once a build; with CLINIC_TEMPLATE_CACHE, keep it in CACHE_PATH."""
    if BUILD.templates is None:
        kept = BUILD.options["CLINIC_TEMPLATE_CACHE"]
        folder = Path(BUILD.settings["CACHE_PATH"]) / "clinic-templates" if kept else None
        BUILD.templates = TemplateCache(folder)
    generator.env.bytecode_cache = BUILD.templates


def prune_templates(pelican):
    """Keep the compiled templates of the last few builds only."""
    if BUILD.templates is not None:
        BUILD.templates.prune()


# FAQ files -------------------------------------------------------------------------------


# Answers are fragments of a page: toc would give their headings ids that clash with the
# page's, and meta would read a first line like "Note: ..." as metadata.
FRAGMENT_EXCLUDED = {"markdown.extensions.toc", "markdown.extensions.meta", "toc", "meta"}
ANSWER_BREAK = "<!-- clinic: next answer -->"


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


def faq_files():
    """Read every FAQ file of the site once: {slug: (display path, FaqDocument)}."""
    if not BUILD.faq_files:
        folder = Path(BUILD.settings["PATH"]) / BUILD.options["CLINIC_FAQ_PATH"]
        render, render_all = markdown_renderer(BUILD.settings)
        markdown_settings = repr(BUILD.settings["MARKDOWN"])  # once, not for every file
        cache_file = Path(BUILD.settings["CACHE_PATH"]) / "clinic-faq.pickle"
        cache = PickleCache(cache_file if BUILD.options["CLINIC_FAQ_CACHE"] else None)
        for path in sorted(folder.glob("*.md")):
            if BUILD.undecodable and path.resolve() in BUILD.undecodable:
                continue
            text = readable_text(path)
            key = cache_key(f"{path.stem}\n{text}", markdown_settings)
            document = cache.get(key)
            if document is None:
                document = parse_faq(text, path.stem, render, render_all)
                cache.put(key, document)
            shown = display_path(path)
            BUILD.problems.extend(
                Problem(shown, p.line, p.message, "faq") for p in document.problems
            )
            BUILD.faq_files[document.slug] = (shown, document)
        cache.save()
    return BUILD.faq_files


def faq_slugs(content):
    """Return the FAQ slugs a page references in its `FAQ:` metadata."""
    return [slug.strip() for slug in content.metadata.get("faq", "").split(",") if slug.strip()]


def source_line(content, key):
    """Return the line of a metadata key in a page's source file."""
    return metadata_line(Path(content.source_path).read_text(encoding="utf-8"), key)


def visible_faq(generator, slugs, level):
    """Return the visible FAQ of these FAQ files, questions at heading `level`.

    Rendered once a build for each set of files: an article and the site-wide FAQ page
    that show the same file show the same HTML.
    """
    key = (tuple(slugs), level)
    if key not in BUILD.faq_html:
        entries = [entry for slug in slugs for entry in faq_files()[slug][1].entries]
        template = generator.get_template("partials/faq")
        BUILD.faq_html[key] = template.render(faq_entries=entries, question_level=level)
    return BUILD.faq_html[key]


def insert_faq(generator, contents):
    """Render the FAQ each page references, in place of its marker or after its content."""
    library, options = faq_files(), BUILD.options
    for content in contents:
        slugs = faq_slugs(content)
        for slug in slugs:
            if slug not in library:
                BUILD.problems.append(
                    Problem(
                        display_path(content.source_path),
                        source_line(content, "FAQ"),
                        f"FAQ {slug!r} not found in {options['CLINIC_FAQ_PATH']}/",
                        "faq",
                    )
                )
            elif library[slug][1].draft and content.status != "draft":
                BUILD.problems.append(
                    Problem(
                        display_path(content.source_path),
                        source_line(content, "FAQ"),
                        f"FAQ {slug!r} is a draft: delete `Status: draft` from "
                        f"{library[slug][0]} to publish it",
                        "faq",
                    )
                )
        shown = [
            slug
            for slug in slugs
            if slug in library and (content.status == "draft" or not library[slug][1].draft)
        ]
        entries = [entry for slug in shown for entry in library[slug][1].entries]
        content.faq_entries = entries
        html = (
            visible_faq(generator, shown, options["CLINIC_FAQ_QUESTION_LEVEL"]) if entries else ""
        )
        content._content = placed_faq(content, html, bool(slugs))


def placed_faq(content, html, has_faq):
    """Return the page's HTML with its FAQ in place of its marker, or after its text.

    A marker that shows nothing (a second one, or one on a page without `FAQ:`) is a problem,
    and is left out rather than shown as text.
    """
    marker = BUILD.options["CLINIC_FAQ_MARKER"]
    paragraph, body = f"<p>{marker}</p>", content._content
    if paragraph not in body:
        return body + html
    lines = marker_lines(readable_text(Path(content.source_path)), marker)
    for line, message in marker_problems(lines, marker, has_faq):
        BUILD.problems.append(Problem(display_path(content.source_path), line, message, "faq"))
    first, _, rest = body.partition(paragraph)
    return first + html + rest.replace(paragraph, "")


# Covers and images -----------------------------------------------------------------------


def attach_cover(content):
    """Set `content.cover` from its `Cover:` metadata, with the alt text of that image."""
    content.cover = None
    written = content.metadata.get("cover", "")
    if not written:
        return
    image, message = BUILD.images.image(site_path(written, ""))
    if message:
        BUILD.problems.append(
            Problem(
                display_path(content.source_path), source_line(content, "Cover"), message, "cover"
            )
        )
    content.cover = image


def attach_medical_review(content):
    """Set `content.medical_review` from `Reviewed_by:`/`Last_reviewed:`; bad ones are problems."""
    content.medical_review, problems = medical_review(content.metadata)
    for problem in problems:
        line = source_line(content, problem.key)
        BUILD.problems.append(
            Problem(display_path(content.source_path), line, problem.message, "medical-review")
        )


def remember_content(content):
    """Keep each article and page the build makes, to settle their URLs before rendering."""
    if isinstance(content, Article | Page):
        BUILD.contents.append(content)


def site_image(path):
    """Return the SiteImage of a theme or content image by site path, e.g. the logo."""
    if not path:
        return None  # an optional image setting left empty
    image, message = BUILD.images.image(path)
    if message:
        BUILD.problems.append(
            Problem(BUILD.images.catalogue_source, 1, f"{message} (theme)", "image")
        )
    return image


def plan_static_renditions(generator):
    """Plan the renditions of every raster image copied from content/, shown or not."""
    root, paths = Path(BUILD.settings["PATH"]).resolve(), set()
    for static in generator.staticfiles:
        source = Path(static.source_path).resolve()
        if source.is_relative_to(root):
            paths.add(source.relative_to(root).as_posix())
    for path in sorted(paths):
        if is_raster(path):
            BUILD.images.renditions_of(path)
    for path, source in clashes(BUILD.images.renditions, paths):
        message = f"a rendition of {source} has this name and would replace it: rename this file"
        BUILD.problems.append(Problem(display_path(root / path), 1, message, "image"))


def write_renditions(pelican):
    """Write every planned rendition into the output, over Pelican's copies of the originals.

    The originals never stay in the output: their EXIF, GPS included, must not be published.
    """
    folder = Path(pelican.settings["CACHE_PATH"]) / "clinic-images"
    cache = RenditionCache(folder if BUILD.options["CLINIC_IMAGE_CACHE"] else None)
    for path, renditions in BUILD.images.renditions.items():
        source = BUILD.images.file(path)
        try:
            cache.write(source, renditions, BUILD.images.raster, pelican.output_path)
        except IMAGE_ERRORS as error:
            BUILD.problems.append(
                Problem(display_path(source), 1, f"cannot encode this image: {error}", "image")
            )
    logger.info("clinic: images: %d encoded, %d from the cache", cache.encoded, cache.reused)


def resolve_srcset_links():
    """Resolve `{static}` in srcset attributes wherever Pelican resolves it in src (once)."""
    update_content = Content._update_content
    if getattr(update_content, "resolves_srcsets", False):
        return

    def update_with_srcsets(self, content, siteurl):
        updated = update_content(self, content, siteurl)
        return resolve_srcsets(updated, siteurl, self.settings["RELATIVE_URLS"])

    update_with_srcsets.resolves_srcsets = True
    Content._update_content = update_with_srcsets


# The article and page generators ---------------------------------------------------------


def written_articles(generator):
    return [
        *generator.articles,
        *generator.translations,
        *generator.drafts,
        *generator.drafts_translations,
        *generator.hidden_articles,
        *generator.hidden_translations,
    ]


def written_pages(generator):
    return [
        *generator.pages,
        *generator.translations,
        *generator.hidden_pages,
        *generator.hidden_translations,
        *generator.draft_pages,
        *generator.draft_translations,
    ]


def finish_articles(generator):
    contents = written_articles(generator)
    insert_faq(generator, contents)
    for content in contents:
        attach_cover(content)
        # Publish builds never write one (WITH_FUTURE_DATES = False makes it a draft).
        content.scheduled = is_scheduled(getattr(content, "date", None))


def finish_pages(generator):
    contents = written_pages(generator)
    insert_faq(generator, contents)
    for content in contents:
        attach_cover(content)
    add_faq_page(generator)


def add_faq_page(generator):
    """Add the site-wide FAQ page, which shows every FAQ file, to the site's pages."""
    slug, title = BUILD.options["CLINIC_FAQ_PAGE_SLUG"], BUILD.options["CLINIC_FAQ_PAGE_TITLE"]
    generator.context["faq_page"] = None
    published = [document for _, document in faq_files().values() if not document.draft]
    if not slug or not published:
        return
    taken = [page for page in written_pages(generator) if page.slug == slug]
    if taken:
        BUILD.problems.append(
            Problem(
                display_path(taken[0].source_path),
                1,
                f"slug {slug!r} is the FAQ page's",
                "duplicate-slug",
            )
        )
        return
    topics = sorted(published, key=lambda d: d.title or d.slug)
    # Each file's questions under its title (an h2): the h3s an article's FAQ has by default.
    shown = {topic.slug: visible_faq(generator, [topic.slug], 3) for topic in topics}
    html = generator.get_template("partials/faq_topics").render(faq_topics=topics, faq_html=shown)
    folder = Path(BUILD.settings["PATH"]) / BUILD.options["CLINIC_FAQ_PATH"]
    page = Page(
        html,
        metadata={"title": title, "slug": slug, "template": "faq"},
        settings=generator.settings,
        source_path=str(folder / "index.md"),
        context=generator.context,
    )
    # Every page's navigation asks for this URL, and Pelican formats it anew each time.
    page.override_url, page.override_save_as = page.url, page.save_as
    page.faq_entries = [entry for topic in topics for entry in topic.entries]
    page.faq_topics = topics
    page.cover = None
    generator.pages.append(page)
    generator.context["faq_page"] = page


# The inventory: what became of every file under content/ ---------------------------------


def template_outputs(settings):
    """Return {output file: template} of the pages DIRECT_TEMPLATES write."""
    templates = settings.get("DIRECT_TEMPLATES", [])
    saved_as = {name: settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html") for name in templates}
    return {output: name for name, output in saved_as.items() if output}


def claim_outputs(generators):
    """Drop pages that would overwrite another's output, as problems; record what was read."""
    entries, found, saved_as = [], [], {}
    for generator in generators:
        for content in getattr(generator, "staticfiles", []):
            BUILD.read_files.add(content.source_path)
        for contents in content_lists(generator):
            for content in contents:
                found.append(content)
                # Pelican works save_as out afresh on every access: once here.
                saved_as[id(content)] = content.save_as
                entries.append((saved_as[id(content)], display_path(content.source_path), 1))
    # Lines are looked up (reading the file again) only for the pages that clash.
    sources = {display_path(content.source_path): content for content in found}
    clashes = [
        dataclasses.replace(problem, line=slug_line(sources[problem.path]))
        for problem in duplicate_outputs(entries)
        + template_page_clashes(entries, template_outputs(BUILD.settings))
    ]
    dropped = {problem.path for problem in clashes}
    BUILD.problems.extend(clashes)
    for generator in generators:
        for contents in content_lists(generator):
            for content in contents:
                problem = template_problem(generator, content)
                if problem:
                    # Written with the default template, so list pages linking to it stay whole.
                    BUILD.problems.append(problem)
                    content.template = content.default_template
    for generator in generators:
        for contents in content_lists(generator):
            contents[:] = [c for c in contents if display_path(c.source_path) not in dropped]
    faq_paths = {slug: path for slug, (path, _) in faq_files().items()}
    for content in found:
        BUILD.read_files.add(content.source_path)
        shown = [display_path(content.source_path)]
        shown += [faq_paths[slug] for slug in faq_slugs(content) if slug in faq_paths]
        if getattr(content, "faq_topics", None) is not None:
            shown += sorted(faq_paths.values())
        BUILD.page_sources.setdefault(saved_as[id(content)], shown)


def template_problem(generator, content):
    """Return the problem of a page whose `Template:` the theme does not have, or None."""
    try:
        generator.get_template(content.template)
    except Exception:  # Pelican's PelicanTemplateNotFound, or a template that does not compile
        line = metadata_line(readable_text(Path(content.source_path)), "Template")
        return Problem(
            display_path(content.source_path),
            line,
            f"template {content.template!r} is not in the theme (remove the Template: line)",
            "unknown-template",
        )
    return None


def content_lists(generator):
    """Return the generator's lists of articles or pages, every status (the lists themselves)."""
    names = [
        "articles",
        "translations",
        "drafts",
        "drafts_translations",
        "hidden_articles",
        "hidden_translations",
        "pages",
        "hidden_pages",
        "draft_pages",
        "draft_translations",
    ]
    if not hasattr(generator, "hidden_articles") and not hasattr(generator, "hidden_pages"):
        return []
    return [getattr(generator, name) for name in dict.fromkeys(names) if hasattr(generator, name)]


def slug_line(content):
    """Return the line that sets a page's slug: its `Slug:`, else its `Title:`."""
    if not Path(content.source_path).is_file():
        return 1
    text = readable_text(Path(content.source_path))
    line = metadata_line(text, "Slug")
    return line if line > 1 or text.lower().startswith("slug") else metadata_line(text, "Title")


def inventory_problems(settings):
    """Return a problem for each file under content/ that became nothing, silently."""
    root = Path(settings["PATH"])
    accounted = {os.path.abspath(path) for path in BUILD.read_files}
    accounted |= {os.path.abspath(shown) for shown, _ in faq_files().values()}
    accounted.add(os.path.abspath(alt_text_file(settings, BUILD.options)))
    files = BUILD.content_files  # listed once, at the start of the build
    prefix = os.path.join(os.path.abspath(root), "")  # joined as strings: one Path per file costs
    relative = {name for name in files if prefix + name in accounted}
    rest = [name for name in files if name not in relative]
    if rest:
        # A file reached through a symbolic link is the file it points to: compare those.
        resolved = {Path(path).resolve() for path in accounted}
        relative |= {name for name in rest if (root / name).resolve() in resolved}
    folders = (
        f"articles go in {', '.join(settings['ARTICLE_PATHS']) or '-'}/, pages in "
        f"{', '.join(settings['PAGE_PATHS']) or '-'}/, FAQ files in "
        f"{BUILD.options['CLINIC_FAQ_PATH']}/, images in {', '.join(settings['STATIC_PATHS'])}/"
    )
    reported = {problem.path for problem in BUILD.problems}
    return unread_problems(files, relative, reported, lambda n: display_path(root / n), folders)


def traced_site_problems(settings):
    """Check the written site; name each problem's source file and line where a source wrote it."""
    output = Path(settings["OUTPUT_PATH"])
    texts = {}

    def text(path):
        if path not in texts:
            texts[path] = readable_text(Path(path))
        return texts[path]

    # What each page holds is kept by its text: only pages that changed are parsed again.
    found = site_problems(
        output, settings["SITEURL"], Path(settings["CACHE_PATH"]) / "clinic-checks"
    )
    shown = sorted({written[0] for written in BUILD.page_sources.values() if written})
    problems = [
        traced(problem, BUILD.page_sources, text, lambda page: f"output/{page}", shown)
        for problem in found
    ]
    # A list page repeats the links of the summaries it shows: name each once, at its source.
    written = "output/"  # pages no source wrote; the build may be in a staging folder
    keys = [target_key(problem, settings["SITEURL"]) for problem in found]
    at_source = {k for k, p in zip(keys, problems, strict=True) if not p.path.startswith(written)}
    return [
        p
        for k, p in zip(keys, problems, strict=True)
        if not (p.path.startswith(written) and k in at_source)
    ]


def target_key(problem, site_url):
    """Return what a site problem is about, the same from every page: its message's target."""
    match = re.search(r"='([^']*)'", problem.message)
    if not match or problem.kind == "foreign-content":  # names no page of the site
        return problem.message
    url = match.group(1)
    relative = url.startswith("#") or "{" in url  # unresolved {filename} links read the same
    target = None if relative else local_target(url, problem.path, site_url)
    fragment = urlsplit(url).fragment
    return (problem.message.split(":")[-1], target or url, fragment)


# Structured data -------------------------------------------------------------------------


def site_record(settings):
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
        logo=image(BUILD.options["CLINIC_LOGO"]),
        image=image(BUILD.options["CLINIC_SOCIAL_IMAGE"]),
    )


def as_image(base, image):
    return jsonld.Image(jsonld.absolute(base, image.url), image.alt, image.width, image.height)


def page_record(site, content, kind, faq):
    """Return one article or page as the JSON-LD builder wants it."""
    images, seen = [], set()
    paths = [content.cover.url] if content.cover else []
    for path in [*paths, *content.metadata.get("image_paths", ())]:
        image = BUILD.images.image(path)[0] if path not in seen else None
        seen.add(path)
        if image and image.alt:
            images.append(as_image(site.url, image))
    category = getattr(content, "category", None)
    if category is not None and category.slug not in BUILD.section_urls:
        # Pelican formats a URL on every access; a category's is the same for all its pages.
        BUILD.section_urls[category.slug] = jsonld.absolute(site.url, category.url)
    return jsonld.WebPage(
        kind=kind,
        url=jsonld.absolute(site.url, content.url),
        title=content.title,
        description=visible_summary(content),
        published=getattr(content, "date", None) if kind == "article" else None,
        modified=getattr(content, "modified", None),
        author=str(content.author) if getattr(content, "author", None) else "",
        author_is_organization=str(getattr(content, "author", "")) == BUILD.settings["AUTHOR"],
        images=tuple(images),
        section=(str(category), BUILD.section_urls[category.slug]) if category else None,
        keywords=tuple(str(tag) for tag in getattr(content, "tags", [])),
        last_reviewed=content.medical_review.date if content.medical_review else None,
        reviewed_by=content.medical_review.reviewer if content.medical_review else "",
        faq=tuple((entry.question, marked_up_answer(content, entry)) for entry in faq),
        faq_cleaned=True,
    )


def marked_up_answer(content, entry):
    """Return an entry's answer reduced to Google's tags, its site links resolved for the page."""
    if "{" in entry.answer_html:
        return answer_markup(with_site_links(content, entry.answer_html))
    # Made once with the FAQ file's parse and kept with it: not sanitised again on every build.
    return entry.answer_markup or answer_markup(entry.answer_html)


def with_site_links(content, answer):
    """Resolve `{filename}` and `{static}` links in an answer as Pelican does in the page."""
    if "{" not in answer:
        return answer
    return content._update_content(answer, BUILD.settings["SITEURL"])


def visible_summary(content):
    """Return the page's summary as plain text, for the description."""
    summary = content.metadata.get("summary", "")
    return " ".join(visible_text(summary).split()) if summary else ""


def mark_up_pages(generators):
    """Give each page its JSON-LD; FAQ markup only where the page owns the FAQ."""
    articles = [g for g in generators if hasattr(g, "hidden_articles")]
    pages = [g for g in generators if hasattr(g, "hidden_pages")]
    site = BUILD.site = site_record(BUILD.settings)
    files = faq_files()
    public = [
        *(c for g in articles for c in [*g.articles, *g.hidden_articles]),
        *(c for g in pages for c in [*g.pages, *g.hidden_pages]),
    ]
    faq_page = BUILD.options["CLINIC_FAQ_PAGE_SLUG"]
    references = [
        FaqReference(
            c.slug, c.date if isinstance(c, Article) else None, c.source_path, tuple(faq_slugs(c))
        )
        for c in public
        if c.slug != faq_page
    ]
    published = {slug: doc for slug, (_, doc) in files.items() if not doc.draft}
    owners = faq_owners(published, references, faq_page)
    pages_by_slug = {c.slug: c for c in public}
    write_chat_index(
        Path(generators[0].output_path),
        published,
        {slug: pages_by_slug[page] for slug, page in owners.items() if page in pages_by_slug},
    )
    owned_by = {}
    for slug, owner in owners.items():
        owned_by.setdefault(owner, []).append(slug)
    known = {c.slug for c in public}
    for _slug, (path, document) in files.items():
        if document.owner and document.owner not in known:
            BUILD.problems.append(
                Problem(
                    path, document.owner_line, f"Owner {document.owner!r} is no page's slug", "faq"
                )
            )
    lines = {
        (entry.question, entry.answer_html): (path, entry.line)
        for path, document in files.values()
        for entry in document.entries
    }
    for generator, kind in [*((g, "article") for g in articles), *((g, "page") for g in pages)]:
        contents = written_articles(generator) if kind == "article" else written_pages(generator)
        for content in contents:
            owned = owned_faq(content, owners, owned_by, files, faq_page)
            content.jsonld_graph = jsonld.page_graph(site, page_record(site, content, kind, owned))
            check_faq_shown(content, [(e.question, e.answer_html) for e in owned], lines)


def write_chat_index(output_path, documents, owner_pages):
    """Write the chat assistant's FAQ index (each answer with its page) and crisis lists."""
    output_path.mkdir(parents=True, exist_ok=True)
    entries = chat_entries(documents, owner_pages)
    (output_path / CHAT_INDEX_SAVE_AS).write_text(chat_index_json(entries), encoding="utf-8")
    # The chat's crisis detection, beside its index: a bad list is a problem, never a silent gap.
    lists, problems = read_crisis_lists()
    BUILD.problems.extend(problems)
    (output_path / CHAT_CRISIS_SAVE_AS).write_text(crisis_json(lists), encoding="utf-8")


def owned_faq(content, owners, owned_by, files, faq_page):
    """Return the FAQ entries this page marks up: those of the FAQs it owns."""
    if content.status != "published":
        return ()
    if content.slug == faq_page and hasattr(content, "faq_topics"):
        slugs = [topic.slug for topic in content.faq_topics]
    else:
        slugs = faq_slugs(content)
    slugs += [slug for slug in owned_by.get(content.slug, ()) if slug not in slugs]
    return tuple(
        entry
        for slug in slugs
        if owners.get(slug) == content.slug and slug in files
        for entry in files[slug][1].entries
    )


def check_faq_shown(content, owned, lines):
    """Report every marked-up question or answer that the page does not show its readers."""
    if not owned:
        return
    for pair in unshown(owned, content._content):
        path, line = lines[pair]
        BUILD.problems.append(
            Problem(
                path, line, f"marked up on {content.url} but not shown there: {pair[0]!r}", "faq"
            )
        )


@pass_context
def clinic_jsonld(context):
    """Return this page's JSON-LD, serialized for a <script> element."""
    content = context.get("article") or context.get("page")
    graph = getattr(content, "jsonld_graph", None)
    if graph is None:
        graph = collection_graph(context)
    return Markup(jsonld.script_json(graph))


@pass_context
def clinic_chat(context):
    """Return the chat partial, rendered once per SITEURL: every page there shows the same one.

    It reads only build-wide values (settings, the FAQ and contact pages' URLs) and SITEURL,
    which relative URLs make differ by a page's depth; rendering it on each page cost more
    than the page's own JSON-LD.
    """
    site_url = context.get("SITEURL")
    if site_url not in BUILD.chat:
        template = context.environment.get_template("partials/chat.html")
        BUILD.chat[site_url] = Markup(template.render(context.get_all()))
    return BUILD.chat[site_url]


def collection_graph(context):
    """Return the graph of a list page (index, category, tag, archives)."""
    site = BUILD.site
    output = context.get("output_file", "index.html")
    path = output[: -len("index.html")] if output.endswith("index.html") else output
    name = str(context.get("category") or context.get("tag") or site.name)
    page = jsonld.WebPage("collection", jsonld.absolute(site.url, path), name)
    return jsonld.page_graph(site, page)


# The end of the build --------------------------------------------------------------------


def report_problems(pelican):
    """List every problem as path:line: message, then count them; errors fail a strict build."""
    BUILD.problems.extend(traced_site_problems(pelican.settings))
    BUILD.problems.extend(inventory_problems(pelican.settings))
    release_pelican_log()
    problems = list(BUILD.problems)
    BUILD.problems.clear()
    if not problems:
        return
    print("\n".join(report(problems)), file=sys.stderr)
    print(f"clinic: {summary(problems)}", file=sys.stderr, flush=True)
    if errors(problems) and BUILD.options["CLINIC_STRICT"]:
        raise SystemExit(1)


def register():
    signals.initialized.connect(check_settings)
    # Sent at the start of every run, so a dev server's rebuilds never see stale FAQ files.
    signals.get_generators.connect(start_build)
    signals.readers_init.connect(use_clinic_reader)
    signals.generator_init.connect(contain_static_links)
    signals.content_object_init.connect(attach_medical_review)
    signals.content_object_init.connect(remember_content)
    signals.generator_init.connect(add_template_globals)
    signals.generator_init.connect(keep_compiled_templates)
    signals.finalized.connect(prune_templates)
    signals.article_generator_init.connect(prefetch_reads)
    signals.all_generators_finalized.connect(save_reads)
    signals.get_writer.connect(parallel_writer)
    signals.get_generators.connect(page_writer)
    signals.article_generator_finalized.connect(finish_articles)
    signals.page_generator_finalized.connect(finish_pages)
    signals.all_generators_finalized.connect(claim_outputs)
    signals.all_generators_finalized.connect(mark_up_pages)
    signals.static_generator_finalized.connect(plan_static_renditions)
    signals.finalized.connect(write_renditions)
    resolve_srcset_links()
    remember_relative_source_paths()
    refuse_outside_files()
    remember_slugs()
