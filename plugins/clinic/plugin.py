"""The clinic plugin: one ClinicPlugin per Pelican object, whose bound methods handle Pelican's
signals during that object's runs.

Each handler is a few lines that hand this run's state to a module of one concern:
sources.py (content files checked first), reader.py (Markdown and its images), faqstage.py
(the FAQ library and where it shows), covers.py, pictures.py (renditions), outputs.py (what
each file became), structured_data.py (JSON-LD), report.py (problems, Pelican's log).
"""

import functools
import sys
from dataclasses import dataclass, field

from pelican import signals
from pelican.contents import Article
from pelican.readers import MarkdownReader

from publishing import policy
from publishing.checks import site_problems

from . import checknotes, covers, faqstage, outputs, pictures, sources
from .containment import ContentTree, contain_static_links, drop_outside_files, excluding_folders
from .faq import parse_faq
from .images import ImageSources
from .problems import display_path
from .reader import ClinicMarkdownReader, render_markdown
from .renditions import encode_renditions
from .report import (
    PelicanLog,
    inventory_problems,
    print_problems,
    traced_site_problems,
    without_missing_images,
)
from .schedule import as_of_moment, is_scheduled, scheduled_moments
from .settings import plugin_settings, setting_errors
from .structured_data import PageMarkup, clinic_jsonld, site_record


@dataclass
class Run:
    """What the plugin knows during one run of Pelican (autoreload runs many)."""

    options: dict
    tree: ContentTree  # content/'s folder and the symbolic links under it
    images: ImageSources
    problems: list
    files: list  # every file under content/, listed at the start
    undecodable: set  # files that are not UTF-8: the encoding check names them
    log: PelicanLog
    faq: faqstage.FaqGenerator | None = None  # the FAQ stage, made with the other generators
    visible_faq: faqstage.VisibleFaq | None = None
    read_files: set = field(default_factory=set)  # source paths the generators read
    page_sources: dict = field(default_factory=dict)  # output page -> source paths it shows
    drafts: dict = field(default_factory=dict)  # a draft's site path -> its source
    as_of: object = None  # CLINIC_AS_OF's moment (a datetime), or None: now


class ClinicPlugin:
    """The plugin for one Pelican object; `run` is the state of its current run."""

    # The work's plain functions, each the same output for the same input: the optional speed
    # plugin (plugins/speed) replaces them on this object by memoized ones.
    render_markdown = staticmethod(render_markdown)
    parse_faq = staticmethod(parse_faq)
    encode_renditions = staticmethod(encode_renditions)
    check_site = staticmethod(site_problems)

    def __init__(self, pelican):
        self.settings = pelican.settings
        self.run = None
        self.handlers = [
            (signals.get_generators, self.add_faq_stage),
            (signals.readers_init, self.use_clinic_reader),
            (signals.generator_init, self.prepare_generator),
            (signals.content_object_init, self.attach_medical_review),
            (signals.content_object_init, self.leave_out_later_articles),
            (signals.article_generator_pretaxonomy, self.drop_unwritable),
            (signals.article_generator_finalized, self.finish_articles),
            (signals.page_generator_finalized, self.finish_pages),
            (signals.static_generator_finalized, self.plan_renditions),
            (signals.all_generators_finalized, self.finish_contents),
            (signals.finalized, self.write_renditions),
        ]

    def run_and_report(self, pelican_run):
        """Run Pelican with the handlers connected, then check what it wrote and report.

        Reported after the run rather than on `finalized`: blinker calls a signal's receivers
        in no set order, and other plugins (assets, search, sitemap) still write on `finalized`.
        Connected only during the run, so two Pelican objects in one process never share a
        signal; blinker holds the bound methods weakly, and the Pelican object holds this one.
        """
        self.start_run()
        for signal, handler in self.handlers:
            signal.connect(handler)
        try:
            pelican_run()
        finally:
            for signal, handler in self.handlers:
                signal.disconnect(handler)
        self.report()

    def start_run(self):
        """Begin each run afresh: check the content files, read the alt-text file."""
        if self.run is not None:
            self.run.log.release()  # kept after a failed run, for Pelican's last word
        settings, options = self.settings, plugin_settings(self.settings)
        tree = ContentTree.walk(settings["PATH"])
        links = tree.outside_links()
        settings.update(excluding_folders(settings, settings["PATH"], links))
        images, problems = sources.image_sources(settings, options)
        files = sources.listed_files(settings, tree)
        found, undecodable = sources.source_problems(settings, options, files, links)
        problems += found
        log = PelicanLog(problems, settings["PATH"])
        self.run = Run(options, tree, images, problems, files, undecodable, log)
        as_of = options["CLINIC_AS_OF"]
        self.run.as_of = as_of_moment(as_of, settings.get("TIMEZONE")) if as_of else None

    def add_faq_stage(self, pelican):
        return faqstage.FaqGenerator

    def use_clinic_reader(self, readers):
        """Read Markdown with the image checks, reporting into this run's problems."""
        for extension in MarkdownReader.file_extensions:
            readers.reader_classes[extension] = self.markdown_reader

    def markdown_reader(self, settings):
        return ClinicMarkdownReader(settings, self.run, self.render_markdown)

    def prepare_generator(self, generator):
        """Give templates the plugin's globals; read the FAQ library when its stage is made."""
        run = self.run
        contain_static_links(generator, run.tree)
        generator.env.globals.update(
            clinic_jsonld=clinic_jsonld,
            site_image=functools.partial(covers.site_image, run.images, run.problems),
            content_security_policy=policy.meta_policy(),
            referrer_policy=policy.REFERRER_POLICY,
        )
        if isinstance(generator, faqstage.FaqGenerator):
            # Pelican makes every generator before any reads: the articles will find it.
            found = run.options, run.undecodable, run.problems
            library = generator.read_library(*found, parse=self.parse_faq)
            run.faq, run.visible_faq = generator, faqstage.VisibleFaq(library)

    def faq_reading(self):
        """Return this run's FAQ files, (path, text, slug) each, and the (render, render_all)
        pair read_library renders their answers with: the speed plugin parses them ahead."""
        run = self.run
        sources = faqstage.faq_sources(self.settings, run.options, run.undecodable)
        return sources, faqstage.markdown_renderer(self.settings)

    def attach_medical_review(self, content):
        covers.attach_medical_review(content, self.run.problems)

    def leave_out_later_articles(self, content):
        """As of CLINIC_AS_OF, an article dated later is a draft, as Pelican makes one dated
        later than now (WITH_FUTURE_DATES = False; Article makes that decision after this)."""
        as_of = self.run.as_of
        article = isinstance(content, Article)
        if as_of is not None and article and is_scheduled(getattr(content, "date", None), as_of):
            content.status = "draft"

    def drop_unwritable(self, generator):
        """Drop what was read from outside content/, and pages no file system could hold."""
        drop_outside_files(generator, self.run.tree)
        outputs.drop_overlong(generator, self.run.problems)

    def finish_articles(self, generator):
        self.show_faq_and_covers(generator)
        as_of = self.run.as_of
        for content in outputs.written_contents(generator):
            # Publish builds never write one (WITH_FUTURE_DATES = False makes it a draft).
            content.scheduled = is_scheduled(getattr(content, "date", None), as_of)
        notes = self.run.options["CLINIC_CHECK_FILE"]
        if notes and as_of is None:  # today's site: the later checks' dates
            moments = scheduled_moments(generator.drafts, name=display_path)
            checknotes.write(notes, scheduled=moments)

    def finish_pages(self, generator):
        self.drop_unwritable(generator)
        self.show_faq_and_covers(generator)
        run, pages = self.run, outputs.written_contents(generator)
        faqstage.add_faq_page(generator, run.visible_faq, pages, run.options, run.problems)

    def show_faq_and_covers(self, generator):
        run, contents = self.run, outputs.written_contents(generator)
        faqstage.insert_faq(generator, contents, run.visible_faq, run.options, run.problems)
        for content in contents:
            covers.attach_cover(content, run.images, run.problems)

    def plan_renditions(self, generator):
        run = self.run
        self.drop_unwritable(generator)
        pictures.plan_static_renditions(
            generator.staticfiles, self.settings, run.images, run.problems
        )

    def finish_contents(self, generators):
        """Settle each page's output, then the FAQ's owners, then each page's JSON-LD."""
        run, faq_page = self.run, self.run.options["CLINIC_FAQ_PAGE_SLUG"]
        outputs.claim_outputs(
            generators, self.settings, run.faq.library, run.problems, run.read_files,
            run.page_sources,
        )  # fmt: skip
        run.drafts = outputs.unpublished_pages(generators)
        public = [
            content
            for generator in generators
            for name in ("articles", "hidden_articles", "pages", "hidden_pages")
            for content in getattr(generator, name, [])
        ]
        drafts = [
            content
            for generator in generators
            for content in outputs.written_contents(generator)
            if content.status == "draft"
        ]
        library, owner_pages = faqstage.with_owners(
            run.faq.library, public, faq_page, run.problems, drafts
        )
        run.faq.library, run.faq.owner_pages = library, owner_pages
        site = site_record(self.settings, run.options, self.site_image)
        generators[0].context["clinic_site"] = site  # the list pages' JSON-LD
        markup = PageMarkup(site, library, run.images, self.settings, run.problems)
        for generator in generators:
            kind = "article" if hasattr(generator, "hidden_articles") else "page"
            for content in outputs.written_contents(generator):
                markup.mark_up(content, kind, faq_page)

    def site_image(self, path):
        return covers.site_image(self.run.images, self.run.problems, path)

    def write_renditions(self, pelican):
        run = self.run
        pictures.write_renditions(
            pelican.output_path, run.images, run.problems, self.encode_renditions
        )

    def report(self):
        """List every problem as path:line: message, then count them; errors fail a strict build."""
        run, settings = self.run, self.settings
        problems, site_url = run.problems, settings["SITEURL"]
        written = self.check_site(settings["OUTPUT_PATH"], site_url)
        traced = traced_site_problems(written, run.page_sources, site_url, run.drafts)
        problems += without_missing_images(traced, problems)
        accounted = [*run.read_files, *(path for path, _ in run.faq.library.files.values())]
        accounted.append(sources.alt_text_file(settings, run.options))
        reported = {problem.path for problem in problems}
        problems += inventory_problems(settings, run.options, run.files, accounted, reported)
        run.log.release()
        found, run.problems[:] = list(problems), []
        notes = run.options["CLINIC_CHECK_FILE"]
        if notes:  # one of the publish check's builds: what the ones before it did not say
            found = checknotes.not_reported(found, notes)
            checknotes.add_reported(found, notes)
        print_problems(found, run.options["CLINIC_STRICT"])


def check_settings(settings):
    """Stop at start-up, naming them, when the plugin's settings make no sense."""
    errors = setting_errors(settings)
    if errors:
        for error in errors:
            print(f"clinic: setting error: {error}", file=sys.stderr)
        print(f"clinic: {len(errors)} setting error(s); nothing was built", file=sys.stderr)
        raise SystemExit(2)


def attach(pelican):
    """Give a new Pelican object its ClinicPlugin, kept as `pelican.clinic`.

    `pelican.run` is wrapped (a patch of Pelican, one of the plugin's two): the report needs
    the whole output, and no signal comes after the last plugin's `finalized` handler.
    tests/test_pelican_patches.py fails if Pelican's run changes under it.
    """
    check_settings(pelican.settings)
    if getattr(pelican, "clinic", None) is None:
        pelican.clinic = ClinicPlugin(pelican)
        pelican.run = functools.partial(pelican.clinic.run_and_report, pelican.run)


def register():
    signals.initialized.connect(attach)
    pictures.resolve_srcset_links()
