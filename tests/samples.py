"""A sample site: the fixture's content (tests/site/content) plus sample articles written
here, for page types and features the seed alone does not show (medical review, updates,
previous/next, pagination, author pages, a bad review date)."""

import shutil

from tests.sitebuild import FIXTURE_CONTENT, BuiltSite, run_pelican

SAMPLES = {
    "reviewed.md": """Title: A reviewed sample
Slug: reviewed-sample
Date: 2026-12-01 09:00
Modified: 2026-12-05 10:30
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
# One article per index page, so there are three; author pages on.
SETTINGS = [
    "DEFAULT_PAGINATION=1",
    'AUTHOR_SAVE_AS="author/{slug}/index.html"',
    'AUTHOR_URL="author/{slug}/"',
]


def build_sample_site(scratch):
    """Copy the fixture's content into `scratch`, add the samples, build; fail on error."""
    content = scratch / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    for name, text in SAMPLES.items():
        (content / "articles" / name).write_text(text, encoding="utf-8")
    result = run_pelican(scratch / "output", extra=["-e", *SETTINGS], content=content)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"pelican exited {result.returncode}:\n{log}")
    return BuiltSite(scratch / "output", log)
