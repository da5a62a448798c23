"""The clinic's Markdown reader reads a file as Pelican's own MarkdownReader does.

It re-implements Pelican's `read` (one Markdown instance per reader, the image checks, the
metadata made from the rendered record, dates in ISO form read without dateutil): the HTML and
the metadata must stay Pelican's, so a change of Pelican's reader fails here, not on a page.
"""

from types import SimpleNamespace

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from plugins.clinic.images import ImageSources
from plugins.clinic.reader import ClinicMarkdownReader, render_markdown
from tests.sitebuild import ROOT

ARTICLE = """\
Title: Two ways to feel better, "quoted" & more
Date: 2026-11-20 09:30
Modified: 2026-11-22
Category: Treatment
Tags: ketamine, Depression, aftercare
Slug: two-ways
Authors: A. Writer, B. Writer
Summary: What **changes**, and [when](https://example.org/).
Status: published
Custom_key: a value
Custom_key: a second value

First paragraph with *emphasis* and a [link]({filename}/articles/other.md).

## A heading {#own-id}

| a | b |
|---|---|
| 1 | 2 |

A footnote.[^1]

Term
:   Its definition.

[^1]: The note.
"""
DATES = ["2026-11-20", "2026-11-20 09:30", "2026-11-20T09:30:15", "20 November 2026 9:30"]


def read_both(tmp_path, text):
    """Return (Pelican's, ours) (content, metadata) of one article file with this text."""
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(tmp_path)})
    path = tmp_path / "articles" / "two-ways.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    images = ImageSources(tmp_path, tmp_path / "theme", "theme", {}, "content/alt-text.toml")
    build = SimpleNamespace(problems=[], images=images)
    pelicans = MarkdownReader(settings).read(str(path))
    content, metadata = ClinicMarkdownReader(settings, build, render_markdown).read(str(path))
    assert metadata.pop("image_paths") == ()
    assert build.problems == []
    return pelicans, (content, metadata)


def described(metadata):
    return {name: (type(value).__name__, repr(value)) for name, value in metadata.items()}


def test_an_article_reads_the_same_html_and_metadata_as_with_pelicans_reader(tmp_path):
    (content, metadata), (ours, our_metadata) = read_both(tmp_path, ARTICLE)
    assert ours == content
    assert described(our_metadata) == described(metadata)


@pytest.mark.parametrize("date", DATES)
def test_a_date_reads_as_pelican_reads_it(tmp_path, date):
    text = ARTICLE.replace("Date: 2026-11-20 09:30", f"Date: {date}")
    (_, metadata), (_, our_metadata) = read_both(tmp_path, text)
    assert described(our_metadata)["date"] == described(metadata)["date"]
