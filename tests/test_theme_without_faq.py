"""A site with no FAQ page builds clean in strict mode: no chat, and no link to a missing /faq/."""

import pytest
from bs4 import BeautifulSoup

from tests.projectcopy import copy_project, invoke


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture site with its FAQ page turned off, built strict: (project, build's result)."""
    project = copy_project(tmp_path_factory.mktemp("no-faq") / "project")
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text() + 'CLINIC_FAQ_PAGE_SLUG = ""\n')
    return project, invoke(project, "build", "--strict")


def test_the_strict_build_passes_with_no_dead_link(built):
    _, result = built
    assert result.returncode == 0, result.stdout + result.stderr
    assert "faq/" not in result.stderr


def test_no_page_offers_the_chat_or_links_to_the_missing_faq(built):
    project, _ = built
    output = project / "output"
    assert not (output / "faq" / "index.html").exists()
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.select("[data-chat], [data-chat-fallback]") == [], page
        hrefs = [a["href"] for a in soup.find_all("a", href=True)]
        assert not [href for href in hrefs if href.rstrip("/").endswith("faq")], page
