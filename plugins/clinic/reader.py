"""Pelican's Markdown reader, with the image processor added for each file it reads, its
renderings kept between builds, and the files of a build rendered on every core at once."""

import logging
import os
from pathlib import Path

from markdown import Markdown
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, METADATA_PROCESSORS, MarkdownReader
from pelican.utils import pelican_open

from .dates import iso_date
from .images import ImageProcessor, PageImages
from .parallel import fork_map, worker_count
from .problems import display_path
from .readcache import Rendered, file_digest, read_key, still_valid
from .settings import DEFAULTS

# After attr_list (8), so the decorative class is already an attribute; before unescape (0).
PRIORITY = 5
META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor
pelican_logger = logging.getLogger("pelican.readers")  # Pelican's own warnings, as it logs them


class ClinicMarkdownReader(MarkdownReader):
    """Read Markdown as Pelican does; check and complete every image on the way."""

    image_sources = None  # ImageSources of the build, set by the wiring
    problems = None  # the build's problem list, set by the wiring
    reads = None  # PickleCache of Rendered, by read_key; set by the wiring
    key_material = ("", "")  # (settings_material, alt-text file) of the build, set by the wiring
    digests = None  # site path -> digest of the image file, this build; set by the wiring

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
        looked_up = getattr(self, "_looked_up", {}).pop(os.path.abspath(source_path), None)
        if looked_up is not None:  # by prefetch, moments ago: the file is not read twice
            key, rendered = looked_up
        elif self.reads.may_hold():
            key, rendered = self.cached(source_path)
        else:
            key, rendered = None, None
        if rendered is None:
            rendered = self.render(source_path)
            if key is not None:
                self.reads.put(key, rendered)
        self.problems.extend(rendered.problems)
        for path in rendered.images:
            # What the image processor plans while rendering, planned for a kept rendering too.
            self.image_sources.renditions_of(path)
        metadata = self.metadata(rendered)
        metadata["image_paths"] = rendered.images
        return rendered.content, metadata

    def cached(self, source_path):
        """Return (key, the file's Rendered kept from an earlier read or None)."""
        with pelican_open(source_path) as text:
            key = read_key(display_path(source_path), text, *self.key_material)
        rendered = self.reads.get(key)
        if rendered is not None and not still_valid(rendered, self.image_digest):
            rendered = None
        return key, rendered

    def image_digest(self, path):
        if path not in self.digests:
            file = self.image_sources.file(path)
            self.digests[path] = file_digest(file) if file is not None else None
        return self.digests[path]

    def render(self, source_path):
        """Render one file: HTML, raw metadata, formatted fields, images and their problems."""
        md = self.markdown()
        with pelican_open(source_path) as text:
            page = self.page_images(source_path, text)
            md.treeprocessors.register(ImageProcessor(md, page), "clinic", PRIORITY)
            content = md.convert(text)
        # Formatted metadata (the summary) is converted too: check images only once.
        md.treeprocessors.deregister("clinic")
        meta = {name.lower(): list(values) for name, values in getattr(md, "Meta", {}).items()}
        md.preprocessors.deregister("meta")  # no metadata inside a field
        fields = self.settings["FORMATTED_FIELDS"]
        formatted = {
            name: md.reset().convert("\n".join(values))
            for name, values in meta.items()
            if name in fields
        }
        images = tuple(page.images)
        return Rendered(
            content=content,
            meta=meta,
            formatted=formatted,
            images=images,
            image_files=tuple((path, self.image_digest(path)) for path in dict.fromkeys(images)),
            problems=tuple(page.problems),
        )

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

    def prefetch(self, source_paths, workers_setting):
        """Render, on every core, the files whose rendering is not kept yet; keep them."""
        if worker_count(workers_setting, len(source_paths)) < 2:
            return  # one process: read one by one as Pelican asks for them
        missing, self._looked_up = {}, {}
        for path in source_paths:
            try:
                key, rendered = self.cached(path)
            except (OSError, UnicodeDecodeError):
                continue  # reading it again says what is wrong, with the file's name
            if rendered is None:
                missing[path] = key
            else:
                self._looked_up[os.path.abspath(path)] = key, rendered
        workers = worker_count(workers_setting, len(missing))
        if workers < 2:
            return  # read one by one as Pelican asks for them
        for key, rendered in fork_map(self.render_or_none, list(missing.items()), workers):
            if rendered is not None:
                self.reads.put(key, rendered)

    def render_or_none(self, item):
        """Return (key, Rendered), or (key, None) for a file the reader will report when read."""
        path, key = item
        try:
            return key, self.render(path)
        except Exception:  # Pelican's own read of the file reports it, naming the file
            return key, None

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
