"""Nothing a writer saves goes live before review: with the editorial workflow (production's
publish mode, on GitHub), a saved article is a draft on a branch of its own, and reaches the
published branch only when it is marked ready and published. Shown in local mode with git
(`invoke editor --review`: decap-server keeps drafts as branches of the repository, as the
GitHub backend keeps them as pull requests)."""

import subprocess

import pytest

from tests.localserver import served_folder
from tests.projectcopy import invoke
from tests.test_editor_browser import field, hosts, local_mode, local_project, signed_in, wait_for

SLUG = "reviewed-before-it-goes-live"
ARTICLE = f"content/articles/{SLUG}.md"
BRANCH = f"cms/articles/{SLUG}"


def git(project, *arguments):
    result = subprocess.run(
        ["git", *arguments], cwd=project, capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A built copy of the project, committed to a git repository on branch main."""
    folder = local_project(tmp_path_factory.mktemp("review") / "project")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", "Clinic writer")
    git(folder, "config", "user.email", "writer@example.org")
    (folder / ".git" / "info" / "exclude").write_text("node_modules\n", encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "The site as it is published")
    return folder


@pytest.fixture(scope="module")
def site_url(project):
    with local_mode(project, "--review"), served_folder(project / "output") as url:
        yield url


@pytest.fixture
def editor(browser, site_url):
    yield from signed_in(browser, site_url)


def on_main(project):
    return git(project, "ls-tree", "-r", "--name-only", "main", "content/articles").split()


def test_a_saved_article_waits_on_its_own_branch_until_it_is_ready_and_published(editor, project):
    page, requested = editor
    page.on("dialog", lambda dialog: dialog.accept())  # "Are you sure you want to publish?"
    page.goto(page.url.split("#")[0] + "#/collections/articles/new")
    field(page, "title").fill("Reviewed before it goes live")
    field(page, "date").fill("2026-11-20T09:00")
    field(page, "category").fill("Treatment")
    field(page, "summary").fill("A draft waits for a clinician's review.")
    page.locator("[contenteditable=true]").last.click()
    page.keyboard.type("Only a reviewed article is published.")
    page.get_by_role("button", name="Save").first.click()
    wait_for(lambda: BRANCH in git(project, "branch", "--list"), 20, "the draft's branch")
    assert ARTICLE not in on_main(project)
    # decap-server commits the draft on its branch, then checks main out again: the working
    # tree is then main's, as published.
    wait_for(lambda: not (project / ARTICLE).exists(), 20, "main checked out again")

    page.get_by_role("button", name="Status: Draft").click()
    page.get_by_text("Ready", exact=True).click()
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    wait_for(lambda: ARTICLE in on_main(project), 20, "the article on main")
    assert BRANCH not in git(project, "branch", "--list")
    assert (
        (project / ARTICLE)
        .read_text(encoding="utf-8")
        .startswith("Title: Reviewed before it goes live\nDate: 2026-11-20 09:00\n")
    )
    result = invoke(project, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "output" / SLUG / "index.html").is_file()
    assert hosts(requested) == {"127.0.0.1"}
