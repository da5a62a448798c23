"""Every image carries real alt text, and the article's four illustrations exist."""

import re
from pathlib import PurePosixPath

ARTICLE = "ketamine-vs-antidepressants/"
FILE_NAME_LIKE = re.compile(r"^[\w-]+\.(svg|png|jpe?g|gif|webp|avif)$", re.IGNORECASE)


def test_every_image_on_every_page_has_a_real_alt(site):
    images = 0
    for name, page in site.pages():
        for img in page.find_all("img"):
            images += 1
            alt = (img.get("alt") or "").strip()
            stem = PurePosixPath(img["src"]).stem
            assert alt, f"{name}: {img['src']} has no alt"
            assert not FILE_NAME_LIKE.match(alt), f"{name}: alt is a file name: {alt!r}"
            assert alt.lower() not in {
                stem.lower(),
                stem.replace("-", " ").lower(),
                "ketamine_img",
                "image",
                "photo",
                "picture",
            }
    assert images >= 4


def test_the_article_has_four_illustrations_with_descriptive_alt(site):
    images = site.page(ARTICLE).select("main img")
    assert len(images) == 4
    for img in images:
        assert len(img["alt"].split()) >= 8, img["alt"]
        assert "ketamine_img" not in img["src"]
        assert (site.path(ARTICLE).parent / img["src"]).resolve().is_file(), img["src"]


def test_illustrations_are_distinct_files(site):
    sources = [img["src"] for img in site.page(ARTICLE).select("main img")]
    assert len(set(sources)) == len(sources)


def test_no_image_is_named_ketamine_img(site):
    assert not [p for p in site.root.rglob("*") if "ketamine_img" in p.name]
