"""Pelican's Markdown reader, with the image processor added for each file it reads."""

import os
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .images import ImageProcessor, PageImages
from .problems import display_path
from .settings import DEFAULTS

# After attr_list (8), so the decorative class is already an attribute; before unescape (0).
PRIORITY = 5
META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor


class ClinicMarkdownReader(MarkdownReader):
    """Read Markdown as Pelican does; check and complete every image on the way."""

    image_sources = None  # ImageSources of the build, set by the wiring
    problems = None  # the build's problem list, set by the wiring

    def markdown(self):
        """Return this reader's Markdown instance, reset for a new file.

        Pelican makes a new instance (all its extensions) per file; one per reader, reset,
        renders the same. Pelican drops the meta preprocessor to convert the summary: put it back.
        """
        if getattr(self, "_reused_md", None) is None:
            self._reused_md = Markdown(**self.settings["MARKDOWN"])
            self._meta = self._reused_md.preprocessors["meta"]
        md = self._reused_md.reset()
        if "meta" not in md.preprocessors:
            md.preprocessors.register(self._meta, "meta", META_PRIORITY)
        return md

    def read(self, source_path):
        self._source_path = source_path
        self._md = self.markdown()
        with pelican_open(source_path) as text:
            page = self.page_images(source_path, text)
            self._md.treeprocessors.register(ImageProcessor(self._md, page), "clinic", PRIORITY)
            content = self._md.convert(text)
        # Formatted metadata (the summary) is converted again: check images only once.
        self._md.treeprocessors.deregister("clinic")
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        metadata["image_paths"] = tuple(page.images)
        self.problems.extend(page.problems)
        return content, metadata

    def page_images(self, source_path, text):
        """Return the processor's view of one file: its source and folder."""
        folder = os.path.dirname(os.path.abspath(source_path))
        folder = os.path.relpath(folder, self.settings["PATH"])
        return PageImages(
            sources=self.image_sources,
            source=display_path(source_path),
            text=text,
            source_dir="" if folder.startswith("..") else Path(folder).as_posix(),
            decorative_class=self.settings.get(
                "CLINIC_DECORATIVE_CLASS", DEFAULTS["CLINIC_DECORATIVE_CLASS"]
            ),
        )
