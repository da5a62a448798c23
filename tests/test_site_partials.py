"""Site-wide partials (plugins/theme_support/partials.py): the footer and the like, rendered
once for each SITEURL from the site's values, never from one page's."""

import pytest
from jinja2 import DictLoader, Environment, UndefinedError

from plugins.theme_support.partials import SitePartials


def page_template(partial, site_context, **helpers):
    """Return a page template that shows `partial` through site_partial()."""
    templates = {"partial.html": partial, "page.html": "{{ site_partial('partial.html') }}"}
    environment = Environment(loader=DictLoader(templates), autoescape=True)
    environment.globals.update(site_partial=SitePartials(site_context).render, **helpers)
    return environment.get_template("page.html")


def test_each_siteurl_has_its_own_rendering():
    page = page_template('<a href="{{ SITEURL }}/{{ ARCHIVES_URL }}">', {"ARCHIVES_URL": "a/"})
    assert page.render(SITEURL=".") == '<a href="./a/">'
    assert page.render(SITEURL="..") == '<a href="../a/">'
    assert page.render(SITEURL=".") == '<a href="./a/">'


def test_a_partial_is_rendered_once_for_each_siteurl():
    renderings = []
    page = page_template("{{ count() }}", {}, count=lambda: renderings.append(1) or "")
    for site_url in [".", "..", ".", "../..", "..", "."]:
        page.render(SITEURL=site_url)
    assert len(renderings) == 3


def test_a_partial_never_sees_the_variables_of_a_page():
    page = page_template("[{{ output_file }}]", {"SITENAME": "Clinic"})
    assert page.render(SITEURL=".", output_file="one/") == "[]"
    assert page.render(SITEURL=".", output_file="two/") == "[]"
    # An attribute of one fails the build (Jinja's Undefined), naming it.
    page = page_template("{{ article.title }}", {})
    with pytest.raises(UndefinedError, match="'article' is undefined"):
        page.render(SITEURL=".", article={"title": "One"})


def test_a_partial_lists_the_sites_articles_where_a_page_lists_its_own():
    # A category page is given its own `articles`; what the partial shows is the site's.
    page = page_template("{{ articles|length }}", {"articles": ["a", "b", "c"]})
    assert page.render(SITEURL="..", articles=["a"]) == "3"


def test_a_rendering_is_markup_and_not_escaped_again():
    page = page_template("<p>{{ SITENAME }}</p>", {"SITENAME": "A & B"})
    assert page.render(SITEURL=".") == "<p>A &amp; B</p>"
