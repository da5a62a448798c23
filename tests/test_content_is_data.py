"""Content is data: a writer's batch of new content of every kind publishes, and breaks no test.

A copy of the project keeps its real content/, loses the seed article and gains three articles
(one with a FAQ and a cover, one with a FAQ only, one with neither), a page, two FAQ files, a
photo and an illustration with their alt text. The copy must pass the strict publish build
(`invoke preview`) with all of it on the site, and the tests that build a site must pass inside
the copy: they build the fixture site (tests/site/content), so content/ changes none of them.
"""

import json
import re
import subprocess
import sys
import textwrap

import pytest
from PIL import Image

from tests.projectcopy import copy_project, invoke
from tests.sitebuild import BuiltSite

SEED = "content/articles/ketamine-vs-antidepressants.md"
SEED_FAQ = "ketamine-therapy"  # the seed's FAQ file stays; an article of the batch shows it
PHOTO, PHOTO_ALT = "images/waiting-area.jpg", "Soft bands of green fading into white."
DRAWING = "images/visit-checklist.svg"
DRAWING_ALT = "Drawing of a clipboard holding a checklist of three lines, each ticked."
CHECKLIST_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200" viewBox="0 0 320 200">
  <title>A ticked checklist</title>
  <rect x="100" y="20" width="120" height="160" rx="8" fill="#eef5f3" stroke="#2f6f62"/>
  <path d="M115 60l8 8 14-16M115 100l8 8 14-16M115 140l8 8 14-16" stroke="#2f6f62" fill="none"/>
  <path d="M150 60h55M150 100h55M150 140h55" stroke="#6b7f7a"/>
</svg>
"""
# url path: (source, text). Neutral, practical text: no health claims, people or figures.
ARTICLES = {
    "what-to-bring-to-your-first-visit/": (
        "content/articles/what-to-bring-to-your-first-visit.md",
        f"""\
        Title: What to bring to your first visit
        Slug: what-to-bring-to-your-first-visit
        Date: 2026-11-10 09:00
        Category: Visiting the clinic
        Tags: first visit, planning
        Summary: What to have with you on the day of your first appointment, and whom to ask.
        Cover: {PHOTO}
        FAQ: first-visit

        A first appointment is easier when the practical details are settled beforehand.

        ![]({{static}}/{PHOTO})

        ## On the day

        - The confirmation of your appointment, with its date and time.
        - Any forms the clinic sent you.
        - Your questions, written down so that none is forgotten.

        ## Questions about the first visit

        [FAQ]

        For anything else, [contact the clinic]({{filename}}/pages/clinic.md).
        """,
    ),
    "questions-readers-ask/": (
        "content/articles/questions-readers-ask.md",
        f"""\
        Title: Questions readers ask about ketamine therapy
        Slug: questions-readers-ask
        Date: 2026-11-12 09:00
        Category: Treatment
        Tags: ketamine, questions
        Summary: Questions about ketamine therapy that readers send the clinic, on one page.
        FAQ: {SEED_FAQ}

        Readers write to the clinic with questions about ketamine therapy. Some are gathered
        here with general answers; the clinic's team answers for your own situation.
        """,
    ),
    "how-our-articles-are-written/": (
        "content/articles/how-our-articles-are-written.md",
        """\
        Title: How our articles are written and updated
        Slug: how-our-articles-are-written
        Date: 2026-11-14 09:00
        Category: About this site
        Summary: How the articles on this site are dated and updated.

        Each article shows the date it was first published. When its text changes in a way
        readers should know about, it shows the date of that update too.

        ## Finding an article

        The home page lists every article, newest first, and the search page looks through
        all of them.
        """,
    ),
}
PAGE_URL, PAGE = "planning-your-visit/", "content/pages/planning-your-visit.md"
PAGE_TEXT = f"""\
    Title: Planning your visit
    Slug: planning-your-visit
    Summary: Practical notes for the day of an appointment at the clinic.

    This page gathers practical notes for the day of an appointment.

    ![]({{static}}/{DRAWING})

    ## Before you leave home

    Check the time of your appointment, and the address on the
    [clinic page]({{filename}}/pages/clinic.md).
    """
FAQ_FILES = {
    "first-visit": """\
        Title: Your first visit: frequently asked questions
        Slug: first-visit

        ## How do I know the time of my appointment?

        The clinic confirms the date and time when you book. If you are unsure, contact the
        clinic before the day.

        ## Can I ask questions during the first visit?

        Yes. Writing them down beforehand helps you remember each one.
        """,
    # Shown by no article: its questions are on the site-wide FAQ page only.
    "using-this-site": """\
        Title: Using this site: frequently asked questions
        Slug: using-this-site

        ## How do I find an article?

        The home page lists every article, newest first. The search page looks through every
        article and page.

        ## Where are the clinic's contact details?

        They are on the clinic page.
        """,
}
ALT_TEXT = f"""
["{PHOTO}"]
alt = "{PHOTO_ALT}"

["{DRAWING}"]
alt = "{DRAWING_ALT}"
"""
# Test modules that built or edited the real content/ before it became data, among them those
# of the five tests a new article broke (pagination text, newest date, previous/next, search
# page count, cards), and some that edit the seed article in a copy of the project. Left out:
# those that need node_modules or bench/ (not copied), and the slow ones (about 50 s in all).
MODULES_RUN_IN_THE_COPY = [
    "tests/test_site.py",
    "tests/test_theme.py",
    "tests/test_theme_samples.py",
    "tests/test_theme_publish.py",
    "tests/test_sitemap.py",
    "tests/test_structured_data.py",
    "tests/test_fidelity.py",
    "tests/test_chat_index.py",
    "tests/test_reading_time.py",
    "tests/test_search_index.py",
    "tests/test_strict.py",
    "tests/test_precompress.py",
    "tests/test_theme_without_faq.py",
    "tests/test_bad_article_blocks_publishing.py",
    "tests/test_speed_reads.py",
    "tests/test_search_index_reuse.py",
]


def write_photo(file):
    """Write a generated JPEG with no EXIF at all (so no GPS position)."""
    size = (960, 640)
    gradient = Image.linear_gradient("L").resize(size)
    Image.merge("RGB", (gradient, gradient.point(lambda v: 200), gradient)).save(file, "JPEG")


def add_batch(project):
    """Remove the seed article from a project's content and add the batch."""
    (project / SEED).unlink()
    for source, text in [*ARTICLES.values(), (PAGE, PAGE_TEXT)]:
        (project / source).write_text(textwrap.dedent(text), encoding="utf-8")
    for slug, text in FAQ_FILES.items():
        (project / "content" / "faq" / f"{slug}.md").write_text(textwrap.dedent(text), "utf-8")
    write_photo(project / "content" / PHOTO)
    (project / "content" / DRAWING).write_text(CHECKLIST_SVG, encoding="utf-8")
    with (project / "content" / "alt-text.toml").open("a", encoding="utf-8") as alt_text:
        alt_text.write(ALT_TEXT)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("batch") / "project", content="real")
    add_batch(project)
    return project


@pytest.fixture(scope="module")
def preview(project):
    """`invoke preview` in the copy: publish settings, strict, every check."""
    return invoke(project, "preview")


@pytest.fixture(scope="module")
def published(project, preview):
    assert preview.returncode == 0, preview.stdout + preview.stderr
    return BuiltSite(project / "output", preview.stdout + preview.stderr)


def faq_questions(page):
    return [q.get_text(strip=True) for q in page.select(".faq .faq-question")]


def file_questions(slug):
    return re.findall(r"^## (.+)$", textwrap.dedent(FAQ_FILES[slug]), re.MULTILINE)


def jsonld_types(page):
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    return [node["@type"] for node in graph]


def test_the_strict_publish_build_passes_with_the_batch(preview):
    assert preview.returncode == 0, preview.stdout + preview.stderr
    # No errors; every article not yet medically reviewed is a warning, listed and counted.
    listed = [line for line in preview.stderr.splitlines() if re.match(r"^\S+:\d+: ", line)]
    assert all(": warning: " in line for line in listed), preview.stderr
    assert "0 errors" in preview.stderr or not listed


def test_every_new_article_has_its_page_and_a_card_and_the_seed_has_neither(published):
    cards = [a["href"] for a in published.page("/").select("main .card a")]
    for url_path, (source, text) in ARTICLES.items():
        title = re.search(r"Title: (.+)", text)[1]
        assert published.page(url_path).find("h1").get_text(strip=True) == title, source
        assert any(href.endswith(url_path) for href in cards), url_path
    assert not published.path("ketamine-vs-antidepressants/").exists()
    assert not any("ketamine-vs-antidepressants" in href for href in cards)


def test_the_new_page_is_published_with_its_illustration(published):
    page = published.page(PAGE_URL)
    assert page.find("h1").get_text(strip=True) == "Planning your visit"
    drawing = page.select_one("main").find("img", alt=DRAWING_ALT)
    assert drawing is not None
    assert (published.root / DRAWING).is_file()


def test_the_photo_is_shown_and_is_the_cover_of_its_article_card(published):
    article = published.page("what-to-bring-to-your-first-visit/")
    assert article.select_one("main").find("img", alt=PHOTO_ALT) is not None
    assert published.page("/").find("img", class_="card-cover", alt=PHOTO_ALT) is not None


def test_the_new_faq_is_shown_and_marked_up_on_its_article(published):
    article = published.page("what-to-bring-to-your-first-visit/")
    assert faq_questions(article) == file_questions("first-visit")
    assert jsonld_types(article).count("FAQPage") == 1


def test_the_seeds_faq_falls_to_the_article_that_shows_it_now(published):
    article = published.page("questions-readers-ask/")
    assert len(faq_questions(article)) == 5
    assert jsonld_types(article).count("FAQPage") == 1


def test_the_article_with_neither_shows_no_faq(published):
    article = published.page("how-our-articles-are-written/")
    assert article.select(".faq") == []
    assert "FAQPage" not in jsonld_types(article)


def test_the_faq_shown_by_no_article_is_on_the_faq_page(published):
    questions = [q.get_text(strip=True) for q in published.page("faq/").select(".faq-question")]
    for slug in FAQ_FILES:
        assert set(file_questions(slug)) <= set(questions), slug


def test_search_indexes_the_new_articles_and_pages(published):
    entry = json.loads((published.root / "pagefind" / "pagefind-entry.json").read_text())
    # The articles, the two pages (the batch's and the clinic's), and the accessibility and
    # privacy pages every site has.
    assert entry["languages"]["en"]["page_count"] == len(ARTICLES) + 2 + 2


def test_the_tests_that_build_a_site_pass_in_the_copy(project, preview):
    """They build the fixture site, so the batch in content/ changes nothing for them."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *MODULES_RUN_IN_THE_COPY],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    # "no tests ran" exits 5, never 0; and a selection that collects nothing must not pass.
    passed = re.search(r"(\d+) passed", result.stdout.splitlines()[-1])
    assert passed is not None, output[-2000:]
    assert int(passed[1]) > 0
