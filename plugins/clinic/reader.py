"""Pelican's Markdown reader, with the image processor added for each file it reads.

Rendering is one plain function, `render_markdown`: a file's text in, a `Rendered` record
out (HTML, raw metadata, images shown, problems found). The reader makes Pelican's metadata
from that record with this build's settings.
"""

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, METADATA_PROCESSORS, MarkdownReader
from pelican.utils import pelican_open

from .dates import iso_date
from .images import ImageProcessor, PageImages
from .problems import display_path
from .settings import DEFAULTS

# After attr_list (8), so the decorative class is already an attribute; before unescape (0).
PRIORITY = 5
META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor
pelican_logger = logging.getLogger("pelican.readers")  # Pelican's own warnings, as it logs them


@dataclass(frozen=True)
class Rendered:
    """One Markdown file rendered: its HTML, raw metadata, and what rendering found."""

    content: str
    meta: dict  # lower-case name -> [raw values], as Markdown's meta extension reads them
    formatted: dict  # name -> HTML, for the formatted fields (FORMATTED_FIELDS, e.g. summary)
    images: tuple  # site paths of its images, in order
    problems: tuple  # Problems found while rendering (alt text, missing images)


def render_markdown(markdown, page, fields):
    """Render `page.text`, checking its images; `fields` are the FORMATTED_FIELDS.

    `markdown()` returns the Markdown instance to render with, reset.
    """
    md = markdown()
    md.treeprocessors.register(ImageProcessor(md, page), "clinic", PRIORITY)
    content = md.convert(page.text)
    # Formatted metadata (the summary) is converted too: check images only once.
    md.treeprocessors.deregister("clinic")
    meta = {name.lower(): list(values) for name, values in getattr(md, "Meta", {}).items()}
    md.preprocessors.deregister("meta")  # no metadata inside a field
    formatted = {
        name: md.reset().convert("\n".join(values))
        for name, values in meta.items()
        if name in fields
    }
    return Rendered(content, meta, formatted, tuple(page.images), tuple(page.problems))


class ClinicMarkdownReader(MarkdownReader):
    """Read Markdown as Pelican does; check and complete every image on the way.

    `build` is the plugin's view of the run: its image sources, its problem list, and the
    function that renders (plugin.ClinicPlugin.render_markdown).
    """

    def __init__(self, settings, build, render):
        super().__init__(settings)
        self.build, self.render = build, render
        self._md = None

    def markdown(self):
        """Return this reader's Markdown instance, reset for a new file.

        Pelican makes a new instance (all its extensions) per file; one per reader, reset,
        renders the same. Pelican drops the meta preprocessor to convert the summary: put it back.
        """
        if self._md is None:
            self._md = Markdown(**self.settings["MARKDOWN"])
            self._meta = self._md.preprocessors["meta"]
        md = self._md.reset()
        if "meta" not in md.preprocessors:
            md.preprocessors.register(self._meta, "meta", META_PRIORITY)
        return md

    def read(self, source_path):
        self._source_path = source_path
        with pelican_open(source_path) as text:
            page = self.page_images(source_path, text)
        rendered = self.render(self.markdown, page, tuple(self.settings["FORMATTED_FIELDS"]))
        self.build.problems.extend(rendered.problems)
        for path in rendered.images:
            self.build.images.renditions_of(path)  # planned here, written at the end
        metadata = self.metadata(rendered)
        metadata["image_paths"] = rendered.images
        return rendered.content, metadata

    def metadata(self, rendered):
        """Return the file's metadata made from its raw values, as Pelican's reader makes it."""
        output = {}
        for name, values in rendered.meta.items():
            if name in rendered.formatted:
                output[name] = self.process_metadata(name, rendered.formatted[name])
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
                if len(values) > 1:
                    pelican_logger.warning(
                        "Duplicate definition of `%s` for %s. Using first one.",
                        name,
                        self._source_path,
                    )
                output[name] = self.process_metadata(name, values[0])
            elif len(values) > 1:
                output[name] = self.process_metadata(name, values)
            else:
                output[name] = self.process_metadata(name, values[0])
        return output

    def process_metadata(self, name, value):
        """Process a field as Pelican does; a date in its usual form without dateutil."""
        # Unless a plugin gave Pelican another way to read dates.
        pelicans = (
            name in ("date", "modified")
            and getattr(METADATA_PROCESSORS.get(name), "__module__", "") == "pelican.readers"
        )
        date = iso_date(value) if pelicans and isinstance(value, str) else None
        return date if date is not None else super().process_metadata(name, value)

    def page_images(self, source_path, text):
        """Return the processor's view of one file: its source, text and folder."""
        folder = os.path.dirname(os.path.abspath(source_path))
        folder = os.path.relpath(folder, self.settings["PATH"])
        return PageImages(
            sources=self.build.images,
            source=display_path(source_path),
            text=text,
            source_dir="" if folder.startswith("..") else Path(folder).as_posix(),
            decorative_class=self.settings.get(
                "CLINIC_DECORATIVE_CLASS", DEFAULTS["CLINIC_DECORATIVE_CLASS"]
            ),
        )
