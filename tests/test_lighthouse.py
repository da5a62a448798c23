"""Lighthouse, mobile preset, on the article: accessibility, best practices and SEO score 100.

Lighthouse takes about 15 s here, so it runs once per session; performance is a noisy figure,
recorded by bench/lighthouse.py rather than tested.
"""

import pytest

from tests.lighthouse import failed_audits, run_lighthouse, scores

pytestmark = pytest.mark.browser
ARTICLE = "ketamine-vs-antidepressants/"


@pytest.fixture(scope="session")
def article_report(site_url):
    return run_lighthouse(site_url + ARTICLE, categories=("accessibility", "best-practices", "seo"))


def test_the_report_is_of_the_article_on_a_phone(article_report, site_url):
    assert article_report["finalDisplayedUrl"] == site_url + ARTICLE
    assert article_report["configSettings"]["formFactor"] == "mobile"


@pytest.mark.parametrize("category", ["accessibility", "best-practices", "seo"])
def test_category_scores_100(article_report, category):
    assert (scores(article_report)[category], failed_audits(article_report, category)) == (100, [])
