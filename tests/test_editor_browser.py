"""The web editor, end to end, as a writer uses it: Decap CMS at /admin/ of a built copy of the
project, in local mode (`invoke editor`: decap-server on 127.0.0.1, saving into the copy's
content/), driven in Debian's Chromium. What it saves is read back by the build: the strict
build passes and the page shows what was written. The configuration is production's but for
the backend (GitHub, editorial workflow), which local mode replaces with the files."""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from plugins.clinic.faq import parse_faq
from tests.localserver import served_folder
from tests.nginx import free_port
from tests.projectcopy import copy_project, invoke
from tests.sitebuild import EDITOR_DIR
from tests.test_nginx import VIOLATION_RECORDER
from tests.test_photo_location import photo

TITLE = "A first session, step by step"
SLUG = "a-first-session-step-by-step"
ALT = "A calm treatment room: two armchairs face each other beside a window."
FAQ_FILE = "content/faq/ketamine-therapy.md"
SAVE_WAIT = 20  # seconds for a save to reach the files


def saved_bytes(file, before=b""):
    """Wait for decap-server to save `file`, and return its bytes. It truncates a file, then
    writes it, so a read can catch it empty or half written: the save is done when the bytes
    are not empty, differ from `before`, and read the same twice in a row."""
    last = None

    def settled():
        nonlocal last
        now = file.read_bytes() if file.is_file() else b""
        done = bool(now) and now != before and now == last
        last = now
        return done

    wait_for(settled, SAVE_WAIT, f"{file.name} to be saved")
    return last


def wait_for(condition, seconds, what):
    """Wait until condition() is true; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)


def answers(url):
    """Return decap-server's answer to `info`, or None if nothing answers at `url`."""
    request = urllib.request.Request(
        url,
        data=json.dumps({"action": "info"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return json.loads(response.read())
    except OSError:
        return None


def local_project(folder):
    """Copy the project (fixture content) to `folder`, its local mode on a free port; build it."""
    folder = copy_project(folder)
    with (folder / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f'\nEDITOR_LOCAL_BACKEND = "http://127.0.0.1:{free_port()}/api/v1"\n')
    result = invoke(folder, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A built copy of the project whose local mode listens on a free port."""
    return local_project(tmp_path_factory.mktemp("editor") / "project")


def backend_url(project):
    settings = (project / "pelicanconf.py").read_text(encoding="utf-8")
    return settings.rsplit('EDITOR_LOCAL_BACKEND = "', 1)[1].split('"', 1)[0]


@contextlib.contextmanager
def local_mode(project, *options):
    """Run `invoke editor OPTIONS` in the copy: yield decap-server's URL once it answers;
    then stop it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "editor", *options],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = backend_url(project)
    try:
        wait_for(lambda: answers(url) is not None, 30, "decap-server to answer")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def local_backend(project):
    with local_mode(project) as url:
        yield url


@pytest.fixture(scope="module")
def site_url(project, local_backend):
    with served_folder(project / "output") as url:
        yield url


@pytest.fixture
def editor(browser, site_url):
    yield from signed_in(browser, site_url)


def signed_in(browser, site_url):
    """Yield the editor's page, signed in to local mode: (page, URLs it asked for)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(VIOLATION_RECORDER)
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.goto(f"{site_url}{EDITOR_DIR}/")
    page.get_by_role("button", name="Login").click()
    yield page, requested
    context.close()


def field(page, name):
    """A field of the entry being edited, by its name in the configuration."""
    return page.locator(f"[id^='{name}-field-']")


def choose_image(page, scope, file=None):
    """Open the media library from `scope`, upload `file` if given, choose it."""
    scope.get_by_role("button", name="Choose an image").click()
    if file:
        page.locator("input[type=file]").set_input_files(file)
    else:
        page.get_by_text("room-photo.jpg").click()
    page.get_by_role("button", name="Choose selected").click()


def open_entry(page, route):
    """Load the editor afresh at an entry's route (#/collections/...), signed in."""
    admin = page.url.split("#")[0]
    page.goto("about:blank")
    page.goto(f"{admin}#{route}")
    sign_in = page.get_by_role("button", name="Login")
    sign_in.or_(page.get_by_role("button", name="Publish")).first.wait_for()
    if sign_in.is_visible():
        sign_in.click()


def open_alt_text(page):
    """Open content/alt-text.toml in the editor and wait until its images are listed."""
    open_entry(page, "/collections/images/entries/alt_text")
    page.get_by_text(re.compile(r"^\d+ images?$")).wait_for()


def hosts(urls):
    """Return the hosts of the web requests among `urls`; blob: and data: stay in the page."""
    assert {urlsplit(url).scheme for url in urls} <= {"http", "https", "blob", "data", "about"}
    return {urlsplit(url).hostname for url in urls if urlsplit(url).scheme in ("http", "https")}


def publish(page):
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def test_decap_server_listens_on_127_0_0_1_only(local_backend):
    port = urlsplit(local_backend).port
    assert answers(local_backend)["type"] == "local_fs"
    with socket.socket() as other:
        other.settimeout(2)
        with pytest.raises(ConnectionRefusedError):
            other.connect(("127.0.0.2", port))


def test_an_article_written_in_the_editor_is_built_with_its_photo_alt_text_and_faq(
    editor, project, tmp_path
):
    page, requested = editor
    picture = tmp_path / "room-photo.jpg"
    picture.write_bytes(photo(size=(400, 300)))  # with a camera and a GPS position
    page.goto(page.url.split("#")[0] + "#/collections/articles/new")
    field(page, "title").fill(TITLE)
    field(page, "date").fill("2026-11-20T09:00")
    field(page, "category").fill("Treatment")
    field(page, "summary").fill("What happens at a first session, from arrival to going home.")
    choose_image(page, page, picture)
    field(page, "faq").fill("Ketamine")
    page.get_by_role("option").first.click()
    page.locator("[contenteditable=true]").last.click()
    page.keyboard.type("The first session starts with a conversation about how you feel.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("[FAQ]")
    # The preview is the article as the site shows it, in the site's own stylesheet.
    preview = page.frame_locator("iframe").first
    assert preview.locator("article.article h1").inner_text() == TITLE
    assert "starts with a conversation" in preview.locator(".article-body").inner_text()
    assert preview.locator(".faq .faq-question").count() >= 1
    assert "/assets/css/site." in preview.locator("link[rel=stylesheet]").first.get_attribute(
        "href"
    )
    publish(page)
    article = project / "content" / "articles" / f"{SLUG}.md"
    assert saved_bytes(article).decode() == (
        f"Title: {TITLE}\nDate: 2026-11-20 09:00\nCategory: Treatment\n"
        "Summary: What happens at a first session, from arrival to going home.\n"
        "Cover: images/room-photo.jpg\nFAQ: ketamine-therapy\n\n"
        "The first session starts with a conversation about how you feel.\n\n[FAQ]\n"
    )
    saved_photo = project / "content" / "images" / "room-photo.jpg"
    saved_bytes(saved_photo)
    with Image.open(saved_photo) as saved:
        assert not saved.getexif()  # the camera and the GPS position stayed in the browser

    open_alt_text(page)
    page.get_by_role("button", name="Add image").click()
    item = page.locator("[class*=SortableListItem]").last
    choose_image(page, item)
    item.locator("[id^='alt-field']").fill(ALT)
    alt_text = project / "content" / "alt-text.toml"
    alt_before = alt_text.read_bytes()
    publish(page)
    assert (
        saved_bytes(alt_text, alt_before)
        .decode()
        .endswith(f'\n\n["images/room-photo.jpg"]\nalt = "{ALT}"\n')
    )

    result = invoke(project, "build", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    built = BeautifulSoup(
        (project / "output" / SLUG / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert built.h1.get_text(strip=True) == TITLE
    assert "starts with a conversation about how you feel" in built.main.get_text()
    assert [img["alt"] for img in built.main.find_all("img") if "room-photo" in img["src"]] == [ALT]
    questions = [q.get_text(strip=True) for q in built.select(".faq-question")]
    assert "Is ketamine therapy safe?" in questions

    assert page.evaluate("window.cspViolations") == []
    assert hosts(requested) == {"127.0.0.1"}


def test_an_faq_answer_edited_and_two_questions_reordered_are_saved_as_the_faq_format(
    editor, project
):
    page, requested = editor
    faq = project / FAQ_FILE
    before_text = faq.read_text(encoding="utf-8")
    before = parse_faq(before_text, "ketamine-therapy", str).entries
    page.goto(page.url.split("#")[0] + "#/collections/faq/entries/ketamine-therapy")
    handles = page.locator("[class*=SortableListItem] [aria-roledescription=sortable]")
    first, second = handles.nth(0).bounding_box(), handles.nth(1).bounding_box()
    x, y = first["x"] + first["width"] / 2, first["y"] + first["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + 10, steps=5)
    # Just past the second question's centre: dnd-kit swaps the two there, and no further.
    page.mouse.move(x, second["y"] + second["height"] / 2 + 5, steps=15)
    page.mouse.up()
    labels = page.locator("[class*=SortableListItem] [class*=NestedObjectLabel]")
    assert labels.all_inner_texts()[:3] == [e.question for e in (before[1], before[0], before[2])]
    third = page.locator("[class*=SortableListItem]").nth(2)
    third.locator("button").first.click()  # expand it
    third.locator("[contenteditable=true]").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Yes, with the agreement of the clinician who prescribes them.")
    preview = page.frame_locator("iframe").first
    assert preview.locator(".faq-question").nth(0).inner_text() == before[1].question
    publish(page)
    after_text = saved_bytes(faq, before_text.encode()).decode()
    after = parse_faq(after_text, "ketamine-therapy", str)
    assert after.problems == ()
    assert [e.question for e in after.entries] == [
        before[1].question,
        before[0].question,
        *[e.question for e in before[2:]],
    ]
    assert [e.also_asked for e in after.entries[:2]] == [before[1].also_asked, before[0].also_asked]
    assert after.entries[2].answer_markdown.strip() == (
        "Yes, with the agreement of the clinician who prescribes them."
    )
    assert [(e.answer_markdown, e.also_asked) for e in after.entries[3:]] == [
        (e.answer_markdown, e.also_asked) for e in before[3:]
    ]
    # Nothing else of the file changed: its header and every other line are as they were.
    changed = set(after_text.splitlines()) ^ set(before_text.splitlines())
    assert changed == {
        "Yes, with the agreement of the clinician who prescribes them.",
        before[2].answer_markdown.strip(),
    }
    assert page.evaluate("window.cspViolations") == []
    assert hosts(requested) == {"127.0.0.1"}


def test_an_image_without_alt_text_is_refused(editor, project, tmp_path):
    page, _ = editor
    alt_text = project / "content" / "alt-text.toml"
    before = alt_text.read_bytes()
    picture = tmp_path / "window.jpg"
    picture.write_bytes(photo(size=(300, 200), gps=False))
    open_alt_text(page)
    page.get_by_role("button", name="Add image").click()
    item = page.locator("[class*=SortableListItem]").last
    choose_image(page, item, picture)
    publish(page)
    item.get_by_text("Alt text is required").wait_for()
    time.sleep(2)  # what a save would have written by now
    assert alt_text.read_bytes() == before
    assert not (project / "content" / "images" / "window.jpg").exists()
