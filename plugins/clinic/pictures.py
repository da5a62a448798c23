"""Responsive images in the output: renditions planned for every raster image, then written
over Pelican's copies of the originals; `{static}` resolved inside srcset attributes."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pelican.contents import Content

from publishing.files import atomic_write
from publishing.workers import available_cores

from .problems import Problem, display_path
from .renditions import (
    IMAGE_ERRORS,
    clashes,
    encode_renditions,
    is_raster,
    resolve_srcsets,
)


def plan_static_renditions(staticfiles, settings, images, problems):
    """Plan the renditions of every raster image copied from content/, shown or not."""
    root, paths = Path(settings["PATH"]).resolve(), set()
    for static in staticfiles:
        source = Path(static.source_path).resolve()
        if source.is_relative_to(root):
            paths.add(source.relative_to(root).as_posix())
    for path in sorted(paths):
        if is_raster(path):
            images.renditions_of(path)
    for path, source in clashes(images.renditions, paths):
        message = f"a rendition of {source} has this name and would replace it: rename this file"
        problems.append(Problem(display_path(root / path), 1, message, "image"))


def write_renditions(output_path, images, problems, encode=encode_renditions, workers=None):
    """Write every planned rendition into the output, over Pelican's copies of the originals.

    The originals never stay in the output: their EXIF, GPS included, must not be published.
    `encode(data, renditions, options)` returns the bytes of each rendition, in order.
    Images are encoded at once, one per core (or `workers`): threads suffice, as Pillow lets go
    of Python's lock while it decodes, resizes and encodes. They are written in plan order.
    """
    planned = list(images.renditions.items())

    def encoded(item):
        path, renditions = item
        try:
            return encode(images.file(path).read_bytes(), renditions, images.raster), None
        except IMAGE_ERRORS as error:
            return None, error

    with ThreadPoolExecutor(workers or available_cores()) as pool:
        results = pool.map(encoded, planned)
        for (path, renditions), (files, error) in zip(planned, results, strict=True):
            if error is not None:
                message = f"cannot encode this image: {error}"
                problems.append(Problem(display_path(images.file(path)), 1, message, "image"))
                continue
            for rendition, data in zip(renditions.files, files, strict=True):
                # A new file, never written through: Pelican may have linked the source here.
                atomic_write(Path(output_path) / rendition.path, data)


def resolve_srcset_links():
    """Resolve `{static}` in srcset attributes wherever Pelican resolves it in src (once).

    A patch of Pelican's Content._update_content, one of the plugin's two: Pelican resolves
    one URL per tag attribute it knows (href, src...), and a srcset holds several, whose
    site-relative prefix depends on the page that shows them (an article, or a list page
    showing its summary). tests/test_pelican_patches.py fails if Pelican changes under it.
    """
    update_content = Content._update_content
    if getattr(update_content, "resolves_srcsets", False):
        return

    def update_with_srcsets(self, content, siteurl):
        updated = update_content(self, content, siteurl)
        return resolve_srcsets(updated, siteurl, self.settings["RELATIVE_URLS"])

    update_with_srcsets.resolves_srcsets = True
    Content._update_content = update_with_srcsets
