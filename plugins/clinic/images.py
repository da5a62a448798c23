"""Images: where a Markdown image's file is, its size, and a tree processor that checks
its alt text and gives it width, height, lazy loading and a figure."""

import functools
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import imagesize
from markdown.treeprocessors import Treeprocessor

from .alttext import ImageText, alt_problem
from .containment import is_inside
from .problems import Problem
from .renditions import (
    IMAGE_ERRORS,
    RasterOptions,
    Renditions,
    displayed_size,
    is_raster,
    plan,
    srcset,
)

LINK_PLACEHOLDER = re.compile(r"^(?:\{(static|filename|attach)\}|\|(static|filename|attach)\|)")
MARKDOWN_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^\s)>]+)")
HTML_IMAGE_SRC = re.compile(r"""<img\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# `![alt][label]`, `![label][]` and `![label]`, whose source is a definition `[label]: src`.
REFERENCE_IMAGE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?: ?\[([^\]]*)\])?(?! ?[(\[])")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)", re.MULTILINE)
SVG_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")
IMAGE_NOT_FOUND = "image file not found: "  # report.py knows the dead link it makes by it


@dataclass(frozen=True)
class SiteImage:
    """An image as templates and structured data use it; `url` is relative to the site."""

    url: str
    alt: str
    width: int | None
    height: int | None
    caption: str = ""
    renditions: Renditions | None = None  # raster images: the files of its <picture>
    sizes: str = ""

    def picture_sources(self, prefix):
        """Return [(MIME type, srcset)] of the <source> elements; URLs start with `prefix`."""
        if self.renditions is None:
            return []
        return [(mime, srcset(files, prefix)) for mime, files in self.renditions.sources()]

    def fallback_srcset(self, prefix):
        """Return the <img>'s srcset (its own format at every width), or "" for an SVG."""
        if self.renditions is None:
            return ""
        return srcset(self.renditions.in_format(self.renditions.fallback_format), prefix)


def site_path(src, source_dir=""):
    """Return the site path (e.g. `images/a.svg`) a Markdown image source points at.

    None for images on another host. `source_dir` is the folder of the Markdown file,
    relative to the content folder, for sources written relative to it.
    """
    match = LINK_PLACEHOLDER.match(src)
    path = unquote(urlsplit(src[match.end() :] if match else src).path)
    if (not match and urlsplit(src).netloc) or urlsplit(src).scheme in {"http", "https", "data"}:
        return None
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(source_dir, path))


def svg_size(file):
    """Return (width, height) of an SVG from its root's width/height, else its viewBox."""
    for _event, element in ET.iterparse(file, events=("start",)):
        width, height = element.get("width", ""), element.get("height", "")
        sizes = [SVG_LENGTH.match(value) for value in (width, height)]
        if all(sizes):
            return tuple(round(float(size[1])) for size in sizes)
        box = element.get("viewBox", "").replace(",", " ").split()
        if len(box) == 4:
            return round(float(box[2])), round(float(box[3]))
        return None
    return None


def image_size(file):
    """Return (width, height) in CSS pixels of an image file, or None when unreadable."""
    try:
        if str(file).lower().endswith(".svg"):
            return svg_size(file)
        width, height = imagesize.get(file)
    except (OSError, ValueError, ET.ParseError):
        return None
    return (width, height) if width > 0 and height > 0 else None


@dataclass
class ImageSources:
    """Where image files live and what the writer said about each, for one build."""

    content_root: Path
    theme_static_root: Path
    theme_static_dir: str
    catalogue: dict[str, ImageText]
    catalogue_source: str
    raster: RasterOptions | None = None  # None: raster images are copied as they are
    # What the build has looked up and planned so far, not what the sources are: no repr.
    found: dict = field(default_factory=dict, repr=False)  # site path -> image(path)
    renditions: dict = field(default_factory=dict, repr=False)  # site path -> Renditions

    def file(self, path):
        """Return the file behind a site path: theme images under the theme, others in content.

        None for a path that leaves its folder (by `..` or a symbolic link): it names no
        image of the site, and nothing outside is read.
        """
        prefix = self.theme_static_dir.strip("/") + "/"
        root = self.content_root
        if path.startswith(prefix):
            root, path = self.theme_static_root, path[len(prefix) :]
        return root / path if is_inside(root, path) else None

    def image(self, path):
        """Return (SiteImage or None, problem message or None) for a site path."""
        if path not in self.found:
            self.found[path] = self.look_up(path)
        return self.found[path]

    def size(self, path):
        """Return (file exists, (width, height) or None) for a site path, memoized."""
        key = ("size", path)
        if key not in self.found:
            file = self.file(path)
            exists = file is not None and file.is_file()
            self.found[key] = exists, image_size(file) if exists else None
        return self.found[key]

    def renditions_of(self, path):
        """Return the Renditions of a raster image (None for others), and remember them."""
        if self.raster is None or not is_raster(path) or self.file(path) is None:
            return None
        if path not in self.renditions:
            try:
                size = displayed_size(self.file(path))
            except IMAGE_ERRORS:
                return None  # missing or unreadable: the size check names it
            self.renditions[path] = plan(path, size, self.raster)
        return self.renditions[path]

    def look_up(self, path):
        text = self.catalogue.get(path)
        if text is None:
            return None, f"no alt text for {path} in {self.catalogue_source}"
        file = self.file(path)
        if file is None or not file.is_file():
            return None, f"{IMAGE_NOT_FOUND}{path}"
        size = image_size(file) or (None, None)
        alt = "" if text.decorative else text.alt
        renditions = self.renditions_of(path)
        if renditions is None:
            return SiteImage(path, alt, size[0], size[1], text.caption), None
        fallback = renditions.fallback
        return SiteImage(
            path, alt, fallback.width, fallback.height, text.caption, renditions, self.raster.sizes
        ), None


class RawImageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def raw_images(html):
    """Return the attributes of each <img> in an HTML fragment."""
    parser = RawImageParser()
    parser.feed(html)
    parser.close()
    return parser.images


def source_image_lines(text):
    """Return [(src, line)] for each image written in a Markdown text, in order."""
    found = []
    for pattern in (MARKDOWN_IMAGE, HTML_IMAGE_SRC):
        for match in pattern.finditer(text):
            found.append((match.start(), match[1]))
    # Labels match in any case and spacing, as Python-Markdown reads them.
    definitions = {}
    for match in REFERENCE_DEFINITION.finditer(text):
        definitions.setdefault(reference_label(match[1]), match[2])
    for match in REFERENCE_IMAGE.finditer(text):
        label = match[2] or match[1]
        src = definitions.get(reference_label(label))
        if src is not None:
            found.append((match.start(), src))
    return [(src, text.count("\n", 0, start) + 1) for start, src in sorted(found)]


def reference_label(label):
    return " ".join(label.split()).casefold()


@dataclass
class PageImages:
    """One Markdown file being read: what the processor needs, and what it found."""

    sources: ImageSources
    source: str  # the file, as problems name it
    text: str
    source_dir: str
    decorative_class: str
    # What the processor finds, not what it is given: no repr.
    problems: list = field(default_factory=list, repr=False)
    images: list = field(default_factory=list, repr=False)  # site paths of its images, in order

    @functools.cached_property
    def written_images(self):
        return source_image_lines(self.text)

    def line_of(self, src, used):
        """Return the line of the next not yet used occurrence of `src` in the source."""
        for index, (written, line) in enumerate(self.written_images):
            if written == src and index not in used:
                used.add(index)
                return line
        return 1


def catalogued_raw_problem(written, text, path, src, catalogue_source):
    """Return the problem of an HTML <img> whose image has an entry in the alt-text file, or None.

    HTML is published as written: the entry's alt text never reaches it, so the <img> must say
    the same itself (an alt missing or different would publish no alt, or one that drifts).
    """
    expected = "" if text.decorative else text.alt
    if written is not None and " ".join(written.split()) == expected:
        return None
    return (
        f"<img> written as HTML does not take the alt text of {path} from "
        f"{catalogue_source} (line {text.line}): write the image as ![]({src})"
    )


class ImageProcessor(Treeprocessor):
    """Check each image's alt text; add its size, lazy loading and decoding; make figures."""

    def __init__(self, md, page):
        super().__init__(md)
        self.page = page
        self.pictures = {}  # <img> -> the <source> elements of its <picture>

    def run(self, root):
        # The first image may be above the fold: lazy loading would delay it (LCP).
        used, first, captions = set(), True, {}
        for image in list(root.iter("img")):
            line = self.page.line_of(image.get("src", ""), used)
            caption = self.describe(image, line)
            image.set("decoding", "async")
            if first:
                first = False
            else:
                image.set("loading", "lazy")
            captions[image] = caption
        if self.pictures:
            self.make_pictures(root)
        if captions:
            self.wrap_figures(root, captions)
        for block in self.md.htmlStash.rawHtmlBlocks:
            if isinstance(block, str) and "<img" in block.lower():
                self.check_raw_images(block, used)

    def check_raw_images(self, block, used):
        """Check the alt text of <img> tags written as HTML, which Markdown passes through."""
        for attributes in raw_images(block):
            src = attributes.get("src") or ""
            line = self.page.line_of(src, used)
            path = site_path(src, self.page.source_dir)
            text = self.page.sources.catalogue.get(path)
            if text is not None:
                written, catalogue = attributes.get("alt"), self.page.sources.catalogue_source
                message = catalogued_raw_problem(written, text, path, src, catalogue)
            else:
                message = alt_problem(attributes.get("alt") or "", path or src)
            if message:
                self.page.problems.append(Problem(self.page.source, line, message, "image"))

    def describe(self, image, line):
        """Set alt, width and height of one image from the source of truth; return its caption."""
        page, src = self.page, image.get("src", "")

        def problem(message):
            page.problems.append(Problem(page.source, line, message, "image"))

        classes = image.get("class", "").split()
        decorative = page.decorative_class in classes
        if decorative:
            classes.remove(page.decorative_class)
            if classes:
                image.set("class", " ".join(classes))
            else:
                del image.attrib["class"]
        path = site_path(src, page.source_dir)
        if path is None:  # the check of the built page names it (foreign-content)
            return ""
        page.images.append(path)
        written = " ".join(image.get("alt", "").split())
        text = page.sources.catalogue.get(path)
        if text is not None:
            if written and written != text.alt:
                problem(
                    f"alt text of {path} is kept in {page.sources.catalogue_source} "
                    f"(line {text.line}); leave the brackets empty here"
                )
            written, decorative = text.alt, decorative or text.decorative
        else:
            # Alt text from the alt-text file was checked there, and is reported at its line.
            message = alt_problem(written, path, decorative)
            if message:
                problem(message)
        image.set("alt", "" if decorative else written)
        exists, size = page.sources.size(path)
        if not exists:
            problem(f"{IMAGE_NOT_FOUND}{path}")
        elif size is None:
            problem(f"cannot read the width and height of {path}")
        else:
            image.set("width", str(size[0]))
            image.set("height", str(size[1]))
            renditions = page.sources.renditions_of(path)
            if renditions is not None:
                self.respond(image, renditions)
        return text.caption if text is not None else ""

    def respond(self, image, renditions):
        """Give a raster image its fallback's size and srcset; its <picture> comes later."""
        fallback, sizes = renditions.fallback, self.page.sources.raster.sizes
        image.set("width", str(fallback.width))
        image.set("height", str(fallback.height))
        files = renditions.in_format(renditions.fallback_format)
        image.set("srcset", srcset(files, "{static}/"))
        image.set("sizes", sizes)
        self.pictures[image] = [
            ("source", {"type": mime, "srcset": srcset(files, "{static}/"), "sizes": sizes})
            for mime, files in renditions.sources()
        ]

    def make_pictures(self, root):
        """Put each raster image in a <picture> with one <source> per modern format."""
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child not in self.pictures:
                    continue
                picture = ET.Element("picture")
                picture.tail, child.tail = child.tail, None
                for tag, attributes in self.pictures[child]:
                    ET.SubElement(picture, tag, attributes)
                picture.append(child)
                parent[index] = picture

    def wrap_figures(self, root, captions):
        """Turn each paragraph that holds only an image into a figure, with its caption."""
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "p" or len(child) != 1 or child[0].tag not in {"img", "picture"}:
                    continue
                image = child[0]
                if (child.text or "").strip() or (image.tail or "").strip():
                    continue
                figure = ET.Element("figure")
                figure.tail, image.tail = child.tail, None
                figure.append(image)
                caption = captions.get(image if image.tag == "img" else image.find("img"), "")
                if caption:
                    ET.SubElement(figure, "figcaption").text = caption
                parent[index] = figure
