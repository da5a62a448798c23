"""The clinic plugin's plain functions, memoized in the store: each value computed once for
the same inputs. A key holds everything the value depends on, and Store.key adds the code
version (all the project's Python, the Markdown extensions, Python and installed packages)."""

import hashlib
from pathlib import Path

from .table import KeptTable


def file_digest(file):
    """Return the SHA-256 of a file's bytes, or None when there is no such file."""
    try:
        return hashlib.sha256(Path(file).read_bytes()).hexdigest()
    except (OSError, TypeError):  # TypeError: None, a path that leaves its folder
        return None


class MarkdownMemo:
    """reader.render_markdown, memoized: keyed on all it is given (the Markdown settings, the
    file's path and text, where images live, the alt text, the image options); a kept
    rendering is used only while each image it shows is, byte for byte, the file it was (its
    size and renditions are in the HTML)."""

    kind = "markdown"

    def __init__(self, render, store, settings):
        self.render, self.store = render, store
        self.markdown_settings = repr(settings["MARKDOWN"])
        self.digests, self.sources = {}, {}

    def __call__(self, markdown, page, fields):
        file = (page.source, page.text, page.source_dir, page.decorative_class, tuple(fields))
        parts = (self.markdown_settings, self.where_images_are(page.sources), file)
        key = self.store.key(self.kind, *parts)
        kept = self.store.get_object(self.kind, key)
        if isinstance(kept, tuple) and len(kept) == 2:
            rendered, images = kept
            if all(self.digest(page.sources, path) == digest for path, digest in images):
                return rendered
        rendered = self.render(markdown, page, fields)
        images = tuple((p, self.digest(page.sources, p)) for p in dict.fromkeys(rendered.images))
        self.store.put_object(self.kind, key, (rendered, images))
        return rendered

    def where_images_are(self, sources):
        """Return the build's ImageSources as text: folders, alt text, options (once a build)."""
        if id(sources) not in self.sources:
            self.sources[id(sources)] = repr(
                (
                    str(sources.content_root),
                    str(sources.theme_static_root),
                    sources.theme_static_dir,
                    sources.catalogue_source,
                    sorted(sources.catalogue.items()),
                    sources.raster,
                )
            )
        return self.sources[id(sources)]

    def digest(self, sources, path):
        if path not in self.digests:
            self.digests[path] = file_digest(sources.file(path))
        return self.digests[path]


class FaqMemo:
    """faq.parse_faq, memoized: keyed on the file's text and name and the Markdown settings,
    from which the plugin makes the functions that render answers (faqstage.markdown_renderer).
    """

    kind = "faq"

    def __init__(self, parse, store, settings):
        self.parse, self.store = parse, store
        self.markdown_settings = repr(settings["MARKDOWN"])

    def __call__(self, text, slug, render, render_all):
        key = self.store.key(self.kind, self.markdown_settings, slug, text)
        document = self.store.get_object(self.kind, key)
        if document is None or type(document).__name__ != "FaqDocument":
            document = self.parse(text, slug, render, render_all)
            self.store.put_object(self.kind, key, document)
        return document


class RenditionsMemo:
    """renditions.encode_renditions, memoized: each file keyed on the source image's bytes,
    its size and format, and the encoder's arguments."""

    kind = "rendition"

    def __init__(self, encode, store):
        self.encode, self.store = encode, store

    def __call__(self, data, renditions, options):
        digest = hashlib.sha256(data).hexdigest()
        keys = [self.key(digest, rendition, options) for rendition in renditions.files]
        kept = [self.store.get(self.kind, key) for key in keys]
        if None not in kept:
            return tuple(kept)
        encoded = self.encode(data, renditions, options)
        for key, file in zip(keys, encoded, strict=True):
            self.store.put(self.kind, key, file)
        return encoded

    def key(self, digest, rendition, options):
        arguments = repr(sorted(options.encoder_arguments(rendition.format).items()))
        size = (rendition.width, rendition.height)
        return self.store.key(self.kind, digest, size, rendition.format, arguments)


class KeptChecks:
    """publishing.checks.site_problems, with what each page alone decides kept in the store."""

    def __init__(self, check, store):
        self.check, self.store = check, store

    def __call__(self, root, site_url):
        readings = KeptTable(self.store, "checks", "built page readings")
        problems = self.check(root, site_url, readings)
        readings.save()
        return problems
