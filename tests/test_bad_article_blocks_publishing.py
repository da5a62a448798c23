"""The fixture site with one good and one bad new article: nothing is published until the bad
one is fixed, then both are."""

import pytest
from bs4 import BeautifulSoup

from tests.badsites import problems
from tests.projectcopy import built_copy, invoke, snapshot

GOOD = """\
Title: Preparing for your first session
Slug: first-session
Date: 2026-11-27 09:00
Category: Treatment

What to bring, and when to arrive.
"""
BAD = """\
Slug: aftercare
Date: 2026-11-28 09:00
Category: Treatment

Rest afterwards; see [what to bring]({filename}/articles/first-sesion.md).
"""
FIXED = "Title: Aftercare\n" + BAD.replace("first-sesion.md", "first-session.md")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project, published once as it is."""
    return built_copy(tmp_path_factory.mktemp("blocked") / "project", "preview")


@pytest.fixture(scope="module")
def blocked(project):
    """The copy with a good and a bad article added: (output before, build, output after)."""
    before = snapshot(project / "output")
    articles = project / "content" / "articles"
    (articles / "first-session.md").write_text(GOOD, encoding="utf-8")
    (articles / "aftercare.md").write_text(BAD, encoding="utf-8")
    result = invoke(project, "preview")
    return before, result, snapshot(project / "output")


def test_the_bad_article_blocks_the_whole_publish(blocked):
    before, result, after = blocked
    assert result.returncode != 0
    assert after == before
    assert "first-session/index.html" not in after


def test_each_mistake_of_the_bad_article_is_named(blocked):
    _, result, _ = blocked
    assert problems(result.stderr) == [
        ("content/articles/aftercare.md", 1, "missing-title"),
    ]
    # Pelican's own "Skipping ...: could not find information about 'title'" is not repeated.
    assert "could not find information" not in result.stdout + result.stderr


def test_once_fixed_both_articles_are_published(project, blocked):
    (project / "content" / "articles" / "aftercare.md").write_text(FIXED, encoding="utf-8")
    result = invoke(project, "preview")
    assert result.returncode == 0, result.stdout + result.stderr
    after = snapshot(project / "output")
    assert "first-session/index.html" in after
    aftercare = BeautifulSoup(after["aftercare/index.html"], "html.parser")
    assert aftercare.select_one('main a[href="https://example.org/first-session/"]') is not None
