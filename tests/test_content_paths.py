"""A content's path relative to content/ is kept once worked out, and is Pelican's answer."""

import os

import pytest
from pelican.contents import Article, Content
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import SafeDatetime

from plugins.clinic.contentpaths import relative_source_path, remember_relative_source_paths


def pelicans_answer(root, source):
    """What Pelican 4.12 gives: both paths made absolute from the working folder."""
    return os.path.relpath(os.path.abspath(os.path.join(root, source)), os.path.abspath(root))


@pytest.mark.parametrize(
    ("root", "source"),
    [
        ("content", "content/articles/a.md"),
        ("content", "articles/a.md"),
        ("/site/content", "/site/content/articles/a.md"),
        ("/site/content/", "/site/content/pages/../pages/b.md"),
        ("/site/content", "/elsewhere/c.md"),
        ("content", "../outside.md"),
    ],
)
def test_the_kept_answer_is_pelicans(root, source, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert relative_source_path(root, source, os.getcwd()) == pelicans_answer(root, source)


def test_another_working_folder_gets_its_own_answer(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path)
    first = relative_source_path("content", "/x/content/y.md", os.getcwd())
    monkeypatch.chdir(tmp_path / "a")
    assert relative_source_path("content", "/x/content/y.md", os.getcwd()) != first


def test_content_objects_use_the_kept_answers(tmp_path, monkeypatch):
    # Pelican's own method is put back after the test: the patch is the plugin's, per build.
    monkeypatch.setattr(Content, "get_relative_source_path", Content.get_relative_source_path)
    remember_relative_source_paths()
    monkeypatch.chdir(tmp_path)
    settings = {**DEFAULT_CONFIG, "PATH": "content"}
    article = Article(
        "<p>Body.</p>",
        metadata={"title": "T", "date": SafeDatetime(2026, 1, 1)},
        settings=settings,
        source_path=str(tmp_path / "content" / "articles" / "t.md"),
    )
    assert article.relative_source_path == "articles/t.md"
    assert article.get_relative_source_path("pages/p.md") == "pages/p.md"
    assert Article.get_relative_source_path.remembers
