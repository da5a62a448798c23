"""axe-core finds no violation on any page, light or dark, on a phone or a desktop screen."""

import pytest

from tests.nodetools import AXE, node_file

pytestmark = pytest.mark.browser
# WCAG 2.0 and 2.1, A and AA, axe's best practices, and WCAG 2.2's target size (24x24px).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice", "wcag22aa"]
WIDTHS = [375, 1280]
SCHEMES = ["light", "dark"]
# The search page once more with results on it, as a reader sees it after searching.
EXTRA_STATES = ["search/?q=ketamine"]
# Of the sample site (tests/samples.py): an article with review line, update and previous/next
# links; an index page between two others; an author page.
SAMPLE_PAGES = ["reviewed-sample/", "index2.html", "author/clinic-editorial-team/"]


@pytest.fixture(scope="session")
def axe_source():
    return node_file(AXE).read_text(encoding="utf-8")


def url_paths(site):
    """Every built page, as a URL path from the site root, and the extra states."""
    paths = []
    for file in site.html_files():
        relative = file.relative_to(site.root).as_posix()
        paths.append(relative.removesuffix("index.html"))
    return paths + EXTRA_STATES


def axe_violations(page, axe_source):
    """Run axe on the loaded page; return its violations as (rule id, [targets]) pairs."""
    page.evaluate(axe_source)
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                       resultTypes: ["violations"]})""",
        AXE_TAGS,
    )
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
    ]


def audit(browser, base_url, paths, axe_source, width, scheme):
    """Load each path in one browser context; return {path: violations} for those with any."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    problems = {}
    try:
        for path in paths:
            page.goto(base_url + path, wait_until="load")
            if "?q=" in path:
                page.wait_for_selector("#search-results li")
            violations = axe_violations(page, axe_source)
            if violations:
                problems[path] = violations
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violations_on_any_page(browser, site, site_url, axe_source, width, scheme):
    paths = url_paths(site)
    assert len(paths) >= 10
    assert audit(browser, site_url, paths, axe_source, width, scheme) == {}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violations_where_the_samples_add_features(
    browser, sample_site_url, axe_source, width, scheme
):
    paths = SAMPLE_PAGES
    assert audit(browser, sample_site_url, paths, axe_source, width, scheme) == {}


def test_the_audit_catches_low_contrast_and_a_missing_alt(browser_page, axe_source):
    browser_page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main><h1>t</h1>'
        '<p class="faint">faint</p><img src="data:,"></main></html>'
    )
    browser_page.add_style_tag(content=".faint { color: #bbb; background: #fff; }")
    rules = {rule for rule, _ in axe_violations(browser_page, axe_source)}
    assert {"color-contrast", "image-alt"} <= rules
