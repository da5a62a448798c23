"""Site-wide partials (plugins/theme_support/template_helpers.py): the footer and the like, rendered
once for each SITEURL from the site's values, never from one page's."""

import pytest
from jinja2 import DictLoader, Environment, UndefinedError, pass_context

from plugins.theme_support.template_helpers import SitePartials, theme_url


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


def theme_file_link(**context):
    """Render a stylesheet link through theme_url() with a page's context."""
    environment = Environment(autoescape=True)
    environment.globals["theme_url"] = theme_url
    template = environment.from_string("<link href=\"{{ theme_url('css/site.css') }}\">")
    return template.render(SITEURL="..", THEME_STATIC_DIR="theme", **context)


def test_a_theme_file_is_pelicans_copy_without_the_assets_plugin():
    assert theme_file_link() == '<link href="../theme/css/site.css">'


def test_a_theme_file_is_the_assets_plugins_fingerprinted_copy_where_it_is_on():
    @pass_context
    def asset_url(context, path):
        return f"{context['SITEURL']}/assets/{path.replace('.css', '.0123456789.css')}"

    link = theme_file_link(asset_url=asset_url)
    assert link == '<link href="../assets/css/site.0123456789.css">'
