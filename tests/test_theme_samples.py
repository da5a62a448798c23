"""The theme with more content than the seed (tests/samples.py): review lines, updates,
previous/next, pagination, author pages, bad review dates."""


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


def test_updated_date_follows_the_published_one(sample_site):
    byline = sample_site.page("reviewed-sample/").select_one(".byline")
    assert "Updated December 5, 2026" in " ".join(byline.get_text().split())
    assert [t["datetime"] for t in byline.find_all("time")][:2] == [
        "2026-12-01T09:00:00-08:00",
        "2026-12-05T10:30:00-08:00",
    ]


def test_author_pages_when_enabled(sample_site):
    link = sample_site.page("reviewed-sample/").select_one(".byline a")
    assert link.get_text() == "Clinic editorial team"
    author = sample_site.page("author/clinic-editorial-team/")
    assert author.find("h1").get_text() == "Articles by Clinic editorial team"
