"""The web editor is in every build at /admin/, from our own origin, and nowhere else: not in the
sitemap, the search index, the chat's index, or any page of the site."""

import json
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from plugins.editor.page import BUNDLE_SCRIPT
from plugins.theme_support.search_index import content_patterns, searchable_pages
from tests.badsites import GOOD_SITE, build, make_site
from tests.projectcopy import copy_project, invoke
from tests.sitebuild import EDITOR_DIR, ROOT

BUNDLE = ROOT / "node_modules" / "decap-cms"


def editor_page(site):
    return BeautifulSoup(
        (site.root / EDITOR_DIR / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


def test_the_editor_loads_only_files_of_its_own_folder(site):
    page = editor_page(site)
    sources = [script["src"] for script in page.find_all("script")]
    assert sources == ["formats.js", "editor.js", BUNDLE_SCRIPT]
    assert all(
        not urlsplit(src).netloc and (site.root / EDITOR_DIR / src).is_file() for src in sources
    )
    assert not page.find_all("link", href=True)
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"


def test_the_editor_is_decap_cms_as_package_lock_pins_it(site):
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    installed = json.loads((BUNDLE / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == locked["packages"]["node_modules/decap-cms"]["version"]
    served = (site.root / EDITOR_DIR / BUNDLE_SCRIPT).read_bytes()
    assert served == (BUNDLE / "dist" / BUNDLE_SCRIPT).read_bytes()


def test_the_preview_uses_the_sites_own_stylesheet(site):
    script = editor_page(site).find("script", src="editor.js")
    stylesheet = site.root / EDITOR_DIR / script["data-preview-style"]
    index = site.page("")
    assert index.find("link", rel="stylesheet")["href"].endswith(
        script["data-preview-style"].removeprefix("../")
    )
    assert stylesheet.resolve().is_file()


def test_no_page_of_the_site_links_to_or_loads_the_editor(site):
    for name, page in site.pages():
        references = [
            tag.get(attribute, "")
            for tag in page.find_all(["a", "link", "script", "img"])
            for attribute in ("href", "src")
        ]
        assert not [r for r in references if f"{EDITOR_DIR}/" in r], name


def test_the_editor_is_not_in_the_sitemap_the_search_index_or_the_chat(site):
    assert f"/{EDITOR_DIR}/" not in (site.root / "sitemap.xml").read_text(encoding="utf-8")
    patterns = content_patterns(read_settings(str(ROOT / "pelicanconf.py")))
    indexed = searchable_pages(site.root, patterns)
    assert indexed
    assert not [path for path in indexed if path.startswith(f"{EDITOR_DIR}/")]
    for index in ("chat-index.json", "chat-crisis.json"):
        assert f"{EDITOR_DIR}/" not in (site.root / index).read_text(encoding="utf-8")


def without_the_editors_files(project):
    with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nEDITOR_BUNDLE = "node_modules/no-such-package/dist"\n')
    return project


def test_a_strict_build_without_the_editors_files_fails_saying_how_to_install_them(tmp_path):
    project = without_the_editors_files(copy_project(tmp_path / "project"))
    result = invoke(project, "build", "--strict")
    assert result.returncode != 0
    assert "the web editor's files are missing" in result.stderr + result.stdout
    assert "npm ci" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_a_preview_without_the_editors_files_warns_and_builds_the_site(tmp_path):
    project = without_the_editors_files(copy_project(tmp_path / "project"))
    result = invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the web editor's files are missing" in result.stderr + result.stdout
    assert (project / "output" / "index.html").is_file()
    assert not (project / "output" / EDITOR_DIR).exists()


def published_editor(folder, settings=""):
    """Build a tiny site with the publish settings (and `settings`); return its /admin/."""
    make_site(folder, GOOD_SITE, settings)
    text = (folder / "settings.py").read_text(encoding="utf-8")
    publish = text.replace("from pelicanconf import *", "from publishconf import *")
    (folder / "settings.py").write_text(publish, encoding="utf-8")
    result = build(folder)
    assert result.returncode == 0, result.stderr
    return folder / "output" / EDITOR_DIR


def test_published_before_its_repository_is_set_the_editor_says_so_and_loads_nothing(tmp_path):
    admin = published_editor(tmp_path / "site")
    assert sorted(path.name for path in admin.iterdir()) == ["index.html"]
    page = BeautifulSoup((admin / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text() == "The editor is not set up yet"
    assert "EDITOR_REPO" in page.main.get_text()
    assert page.find_all("script") == []
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"


def test_published_with_its_repository_the_editor_commits_there(tmp_path):
    admin = published_editor(tmp_path / "site", 'EDITOR_REPO = "clinic/website"\n')
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "clinic/website"
    assert "local_backend" not in config
    page = BeautifulSoup((admin / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [script["src"] for script in page.find_all("script")][-1] == BUNDLE_SCRIPT
