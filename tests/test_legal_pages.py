"""Every site has an accessibility statement and a privacy page, linked from every footer."""

import pytest
from bs4 import BeautifulSoup

from tests.sitebuild import run_pelican
from tests.test_theme import resolves

PAGES = {"Accessibility": "accessibility/", "Privacy": "privacy/"}
PLACEHOLDER = "[Privacy contact: name and email]"


def footer_links(page):
    return {a.get_text(strip=True): a["href"] for a in page.select("footer .footer-nav a")}


def test_every_page_type_links_both_pages_from_its_footer(site):
    names = [name for name, _ in site.pages()]
    # An article, a page, the FAQ page, a listing, a direct template and the 404 page.
    for sample in ["ketamine-vs-antidepressants/index.html", "clinic/index.html"]:
        assert sample in names
    for must in ["faq/index.html", "archives/index.html", "search/index.html", "404.html"]:
        assert must in names
    for name, page in site.pages():
        links = footer_links(page)
        for title, path in PAGES.items():
            assert title in links, name
            assert resolves(site, name, links[title]), (name, links[title])
            assert (site.root / path / "index.html").is_file()


def test_the_crisis_help_stays_first_in_the_footer(site):
    footer = site.page("privacy/").find("footer")
    assert "crisis-line" in footer.find(True)["class"]


def test_the_statement_names_wcag_2_2_aa_and_how_to_report_a_barrier(site):
    text = site.page("accessibility/").find("main").get_text(" ", strip=True)
    assert "WCAG) 2.2, level AA" in text
    assert "needs JavaScript" in text
    # The clinic's details are placeholders in the fixture settings: text, never links.
    assert "Email: [Email address]" in text
    assert "Phone: [Phone number]" in text
    hrefs = [a["href"] for a in site.page("accessibility/").find("main").find_all("a")]
    assert not any(href.startswith(("mailto:", "tel:")) for href in hrefs)
    assert any(resolves(site, "accessibility/", href) and "clinic" in href for href in hrefs)


def test_the_privacy_page_shows_the_contact_placeholder_until_it_is_set(site):
    text = site.page("privacy/").find("main").get_text(" ", strip=True)
    assert text.endswith(f"privacy contact: {PLACEHOLDER}")
    assert "No cookies" in text


@pytest.fixture(scope="module")
def site_with_contact(tmp_path_factory):
    output = tmp_path_factory.mktemp("privacy") / "output"
    contact = "Privacy officer, privacy@clinic.example"
    result = run_pelican(output, extra=["-e", f'CLINIC_PRIVACY_CONTACT="{contact}"'])
    assert result.returncode == 0, result.stdout + result.stderr
    page = output / "privacy" / "index.html"
    return contact, BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_the_privacy_page_shows_the_contact_once_it_is_set(site_with_contact):
    contact, page = site_with_contact
    text = page.find("main").get_text(" ", strip=True)
    assert text.endswith(f"privacy contact: {contact}")
    assert PLACEHOLDER not in text


@pytest.mark.parametrize("path", PAGES.values())
def test_both_pages_are_in_the_sitemap_and_the_search_index(site, path):
    assert f"/{path}</loc>" in (site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert site.page(path).select_one("main article[data-pagefind-body] h1")
