"""The clinic plugin's plain functions, memoized in the store: each value computed once for
the same inputs. A key holds everything the value depends on, and Store.key adds the code
version (all the project's Python, the Markdown extensions, Python and installed packages)."""

import dataclasses
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
    """reader.render_markdown, memoized: keyed on all it is given (the Markdown settings, and
    the page record: the file's path and text, where images live, their alt text and
    options, as the record's repr shows them); a kept rendering is used only while each
    image it shows is, byte for byte, the file it was (its size and renditions are in the
    HTML)."""

    kind = "markdown"

    def __init__(self, render, store, settings):
        self.render, self.store = render, store
        self.markdown_settings = repr(settings["MARKDOWN"])
        self.digests, self.texts, self.keys = {}, {}, {}

    def __call__(self, markdown, page, fields):
        key = self.key(page, fields)
        kept = self.store.get_object(self.kind, key)
        if isinstance(kept, tuple) and len(kept) == 2:
            rendered, images = kept
            if all(self.digest(page.sources, path) == digest for path, digest in images):
                return rendered
        rendered = self.render(markdown, page, fields)
        images = tuple((p, self.digest(page.sources, p)) for p in dict.fromkeys(rendered.images))
        self.store.put_object(self.kind, key, (rendered, images))
        return rendered

    def key(self, page, fields):
        """Return the entry's key, hashed once a run per record (prefetch asks, then the reader)."""
        parts = (self.described(page), fields)
        if parts not in self.keys:
            self.keys[parts] = self.store.key(self.kind, self.markdown_settings, *parts)
        return self.keys[parts]

    def kept(self, page, fields):
        """Whether the store holds an entry for this page (not checked: a hint, for prefetch)."""
        return self.store.path(self.kind, self.key(page, fields)).exists()

    def described(self, record):
        """Return the repr of each field of a record, a record within described once a build
        (every page shares the build's image sources, alt text and all)."""
        texts = []
        for field in dataclasses.fields(record):
            if not field.repr:  # what the record finds or memoizes, not what it is
                continue
            value = getattr(record, field.name)
            if dataclasses.is_dataclass(value):
                if id(value) not in self.texts:
                    self.texts[id(value)] = repr(value)
                texts.append(self.texts[id(value)])
            else:
                texts.append(repr(value))
        return tuple(texts)

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
        key = self.key(text, slug)
        document = self.store.get_object(self.kind, key)
        if document is None or type(document).__name__ != "FaqDocument":
            document = self.parse(text, slug, render, render_all)
            self.store.put_object(self.kind, key, document)
        return document

    def key(self, text, slug):
        return self.store.key(self.kind, self.markdown_settings, slug, text)

    def kept(self, text, slug):
        """Whether the store holds an entry for this file (not checked: a hint, for prefetch)."""
        return self.store.path(self.kind, self.key(text, slug)).exists()


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
