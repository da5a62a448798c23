"""The theme with more content than the seed: review lines, previous/next, pagination, bad dates.

The site's own content, plus two sample articles written here, built into a temporary folder
with one article per index page.
"""

import shutil

import pytest

from tests.sitebuild import ROOT, BuiltSite, run_pelican

SAMPLES = {
    "reviewed.md": """Title: A reviewed sample
Slug: reviewed-sample
Date: 2026-12-01 09:00
Category: Treatment
Reviewed_by: [Reviewer name], [credentials]
Last_reviewed: 2026-11-20
Summary: A sample article with a medical review.

Sample text.
""",
    "bad-date.md": """Title: A sample with a bad review date
Slug: bad-date-sample
Date: 2026-12-02 09:00
Category: Treatment
Reviewed_by: [Reviewer name]
Last_reviewed: soon
Summary: A sample article whose review date is not a date.

Sample text.
""",
}


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("samples")
    content = scratch / "content"
    shutil.copytree(ROOT / "content", content)
    for name, text in SAMPLES.items():
        (content / "articles" / name).write_text(text, encoding="utf-8")
    result = run_pelican(scratch / "output", extra=[str(content), "-e", "DEFAULT_PAGINATION=1"])
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(scratch / "output", result.stdout + result.stderr)


def test_medical_review_line_names_reviewer_and_date(sample_site):
    line = sample_site.page("reviewed-sample/").select_one(".byline .medical-review")
    assert " ".join(line.get_text().split()) == (
        "Medically reviewed by [Reviewer name], [credentials] on November 20, 2026"
    )
    assert line.find("time")["datetime"] == "2026-11-20"


def test_a_bad_review_date_is_reported_with_file_and_line(sample_site):
    assert "articles/bad-date.md:6: Last_reviewed: 'soon' is not a date" in " ".join(
        sample_site.log.split()
    )
    line = sample_site.page("bad-date-sample/").select_one(".medical-review")
    assert line.get_text(strip=True) == "Medically reviewed by [Reviewer name]"


def test_articles_link_to_previous_and_next(sample_site):
    nav = sample_site.page("reviewed-sample/").select_one('nav[aria-label="More articles"]')
    links = {a["rel"][0]: a.get_text() for a in nav.find_all("a")}
    assert links == {
        "prev": "Ketamine-Assisted Psychotherapy vs. Traditional Antidepressants: "
        "Key Differences You Should Know",
        "next": "A sample with a bad review date",
    }


def test_index_is_paginated(sample_site):
    pagination = sample_site.page("/").select_one("nav.pagination")
    assert "Page 1 of 3" in pagination.get_text()
    older = pagination.find("a", rel="next")
    assert (sample_site.root / older["href"]).resolve().joinpath("index.html").is_file() or (
        sample_site.root / older["href"]
    ).is_file()
