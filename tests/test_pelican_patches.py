"""The clinic plugin's two patches of Pelican, each failing here if Pelican changes under it.

1. `pelican.run` is wrapped (plugin.attach) so the report follows the whole run, files that
   other plugins write on `finalized` included.
2. `Content._update_content` also resolves `{static}` in srcset attributes
   (pictures.resolve_srcset_links), in a page's body and in the summaries list pages show.
"""

import copy

import pytest
from pelican.contents import Article, Static
from pelican.settings import DEFAULT_CONFIG

from plugins.clinic.pictures import resolve_srcset_links
from tests.badsites import build, make_site, problems

LATE_PLUGIN = """
from pathlib import Path
from pelican import signals

def write_late_page(pelican):
    page = Path(pelican.output_path, "late.html")
    page.write_text('<!doctype html><html lang="en"><title>Late</title>'
                    '<a href="no-such-page/">x</a></html>')

def register():
    signals.finalized.connect(write_late_page)
"""


def test_the_report_checks_files_other_plugins_write_on_finalized(tmp_path):
    site = make_site(tmp_path / "site", settings='PLUGINS += ["late"]\n')
    (site / "plugins/late").mkdir(parents=True)
    (site / "plugins/late/__init__.py").write_text(LATE_PLUGIN)
    with (site / "settings.py").open("a") as settings:
        settings.write(f"PLUGIN_PATHS += [{str(site / 'plugins')!r}]\n")
    result = build(site)
    assert result.returncode == 1
    assert ("output/late.html", 1, "dead-link") in problems(result.stderr)


@pytest.fixture
def settings():
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(PATH="/site/content", RELATIVE_URLS=True)
    settings.update(ARTICLE_URL="{slug}/", ARTICLE_SAVE_AS="{slug}/index.html")
    return settings


def test_static_links_in_a_srcset_resolve_in_bodies_and_summaries(settings):
    resolve_srcset_links()
    image = Static(
        "", metadata={"title": "a"}, settings=settings, source_path="/site/content/a.jpg"
    )
    context = {"static_content": {"a.jpg": image}, "generated_content": {}, "static_links": set()}
    context["localsiteurl"] = ".."  # the SITEURL of the page being written
    html = '<img src="{static}/a.jpg" srcset="{static}/a-480w.jpg 480w, {static}/a.jpg 800w">'
    article = Article(
        html,
        metadata={"title": "A", "slug": "a"},
        settings=settings,
        source_path="/site/content/a.md",
        context=context,
    )
    resolved = '<img src="../a.jpg" srcset="../a-480w.jpg 480w, ../a.jpg 800w">'
    assert article.get_content("..") == resolved
    assert article.get_summary("..") == resolved
