"""Each page's URL and output name worked out once, when the build has settled them."""

CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles")
CONTENT_LISTS += (
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def settle_urls(generators):
    """Give each article and page its URL and output name as they are now, once.

    Pelican works them out again from the settings and the metadata at every use (a dozen
    times a page); `override_url` and `override_save_as` are its own way to give them
    instead. Once every generator has read, nothing changes a page's slug or metadata.
    """
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, None) or []:
                if not hasattr(content, "override_url"):
                    content.override_url = content.url
                if not hasattr(content, "override_save_as"):
                    content.override_save_as = content.save_as
