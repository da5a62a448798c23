"""The built site holds what readers need and asks nothing of other hosts."""

from urllib.parse import urlsplit

import pytest

ARTICLE = "ketamine-vs-antidepressants/"
# Attributes through which a page makes the browser fetch something.
FETCHING = {
    "img": ["src", "srcset"],
    "script": ["src"],
    "link": ["href"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
}


def test_site_has_index_article_and_clinic_page(site):
    for path in ["index.html", "ketamine-vs-antidepressants/index.html", "clinic/index.html"]:
        assert (site.root / path).is_file(), path


def test_index_lists_the_article(site):
    links = [a["href"] for a in site.page("/").select("main a[href]")]
    assert any(ARTICLE in href for href in links)


def test_every_page_has_one_h1_and_landmarks(site):
    for name, page in site.pages():
        assert len(page.find_all("h1")) == 1, name
        for landmark in ["header", "nav", "main", "footer"]:
            assert page.find(landmark) is not None, f"{name} has no <{landmark}>"
        assert page.find("html").get("lang") == "en", name


def test_comparison_table_is_accessible(site):
    table = site.page(ARTICLE).select_one("table.comparison")
    assert table is not None
    assert table.find("caption").get_text(strip=True)
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 3
    rows = table.select("tbody tr")
    assert [row.find("th")["scope"] for row in rows] == ["row"] * len(rows)
    assert [row.find("th").get_text(strip=True) for row in rows] == [
        "Onset",
        "Mechanism",
        "Side effects",
        "Who it suits",
    ]


def test_clinic_link_from_the_article_reaches_the_clinic_page(site):
    link = site.page(ARTICLE).find("a", string="ketamine Vancouver clinics")
    assert link is not None
    target = (site.path(ARTICLE).parent / link["href"]).resolve()
    assert target == (site.root / "clinic").resolve()


def test_clinic_page_shows_settings_placeholders(site):
    from pelicanconf import CLINIC_ADDRESS, CLINIC_NAME, CLINIC_PHONE

    text = site.page("clinic/").select_one("address").get_text(" ")
    for value in [CLINIC_NAME, CLINIC_PHONE, CLINIC_ADDRESS["street"], "Vancouver"]:
        assert value in text


@pytest.mark.parametrize("tag", sorted(FETCHING))
def test_no_page_fetches_from_another_host(site, tag):
    for name, page in site.pages():
        for element in page.find_all(tag):
            for attribute in FETCHING[tag]:
                for url in element.get(attribute, "").split(","):
                    url = url.strip().split(" ")[0]
                    assert not urlsplit(url).netloc, f"{name}: <{tag} {attribute}={url!r}>"


def test_no_page_has_inline_style_imports_from_another_host(site):
    for name, page in site.pages():
        for style in page.find_all("style"):
            assert "http" not in style.get_text(), name
    for css in site.root.rglob("*.css"):
        stylesheet = css.read_text()
        assert "url(http" not in stylesheet, css
        assert "@import" not in stylesheet, css
