"""The date a sitemap gives pages that have none of their own. Pure."""


def newest_change(contents):
    """Return the newest `modified` or `date` among published contents, or None if none has one.

    Listing pages (index, tags, categories, /faq/) and undated pages change only when content
    does, so this is their last change; the build's clock would claim a change on every build
    and teach crawlers to ignore the sitemap's dates.
    """
    dates = [
        getattr(content, "modified", None) or getattr(content, "date", None)
        for content in contents
        if getattr(content, "status", "published") == "published"
    ]
    dates = [date for date in dates if date is not None]
    return max(dates, default=None)
