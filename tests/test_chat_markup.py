"""The chat partial, rendered once per SITEURL (site_partial): right on every page, any depth."""

from plugins.clinic.chat_index import CHAT_INDEX_SAVE_AS


def reaches(site, page, href):
    """Return the built file a relative link on a page (path under the site) leads to."""
    target = ((site.root / page).parent / href.split("#")[0]).resolve()
    return target / "index.html" if target.is_dir() else target


def test_every_page_at_every_depth_links_its_chat_to_the_faq_and_the_index(site):
    faq, index = site.path("faq/"), site.root / CHAT_INDEX_SAVE_AS
    depths = set()
    for page, soup in site.pages():
        chats = soup.select("dialog[data-chat]")
        if not soup.select_one("main"):
            continue
        assert len(chats) == 1, page
        fallback = soup.select_one("[data-chat-fallback]")["href"]
        assert reaches(site, page, fallback) == faq.resolve(), page
        assert reaches(site, page, chats[0]["data-index"]) == index.resolve(), page
        depths.add(page.count("/"))
    # The index, articles, category and tag pages: several SITEURLs, one rendering each; a
    # rendering kept under the wrong key would send these links one folder off.
    assert {0, 1, 2} <= depths
