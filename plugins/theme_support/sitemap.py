"""The sitemap (sitemaps.org protocol 0.9): the pages a reader may land on from a search engine,
each with the date it last changed. Pure: (URL, content or None) entries in, XML text out.

Setting `SITEMAP`, a dict (its keys as pelican-sitemap named them, which this replaces):
    exclude      regular expressions; a page whose site-relative URL (as `tag/ketamine/`, the
                 home page "") any of them matches is left out
    changefreqs  `<changefreq>` of "articles", "pages" and "indexes" (every other page)
    priorities   `<priority>`, 0.0 to 1.0, of the same three kinds
"""

import os
import re
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from pelican.contents import Article, Page

KINDS = ("articles", "pages", "indexes")
CHANGEFREQS = ("always", "hourly", "daily", "weekly", "monthly", "yearly", "never")
DEFAULTS = {
    "exclude": [],
    # List pages change whenever an article comes or goes; an article or page far less often.
    "changefreqs": {"articles": "monthly", "pages": "monthly", "indexes": "daily"},
    # The protocol's own default: no page of the site is worth more to a reader than another.
    "priorities": {"articles": 0.5, "pages": 0.5, "indexes": 0.5},
}
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Characters a URL keeps as they are; everything else (spaces, non-ASCII letters) is
# percent-encoded, as the protocol asks. `%` stays: a URL may be encoded already.
URL_SAFE = "/:@!$&'()*+,;=?#~%"


def sitemap_options(settings):
    """Return the SITEMAP setting over the defaults, each kind's values over theirs."""
    given = settings.get("SITEMAP") or {}
    return {
        "exclude": list(given.get("exclude", DEFAULTS["exclude"])),
        "changefreqs": {**DEFAULTS["changefreqs"], **given.get("changefreqs", {})},
        "priorities": {**DEFAULTS["priorities"], **given.get("priorities", {})},
    }


def setting_errors(settings):
    """Return a message for each part of the SITEMAP setting that makes no sense."""
    given = settings.get("SITEMAP")
    if given is None:
        return []
    if not isinstance(given, dict):
        return [f"SITEMAP must be a dict with keys {', '.join(DEFAULTS)}, not {given!r}"]
    errors = [
        f"SITEMAP has no key {key!r} (its keys: {', '.join(DEFAULTS)})"
        for key in given
        if key not in DEFAULTS
    ]
    exclude = given.get("exclude", [])
    if isinstance(exclude, str) or not isinstance(exclude, list | tuple):
        errors.append(f"SITEMAP['exclude'] must be a list of regular expressions, not {exclude!r}")
        exclude = []
    for pattern in exclude:
        try:
            re.compile(pattern)
        except (TypeError, re.error) as error:
            errors.append(f"SITEMAP['exclude']: {pattern!r} is not a regular expression ({error})")
    for key, allowed in [("changefreqs", CHANGEFREQS), ("priorities", None)]:
        values = given.get(key, {})
        if not isinstance(values, dict):
            errors.append(f"SITEMAP[{key!r}] must be a dict keyed by {', '.join(KINDS)}")
            continue
        for kind, value in values.items():
            if kind not in KINDS:
                errors.append(f"SITEMAP[{key!r}] has no kind {kind!r} (kinds: {', '.join(KINDS)})")
            elif allowed and value not in allowed:
                errors.append(
                    f"SITEMAP[{key!r}][{kind!r}] must be one of {', '.join(allowed)}, not {value!r}"
                )
            elif not allowed and not is_priority(value):
                errors.append(
                    f"SITEMAP[{key!r}][{kind!r}] must be a number from 0.0 to 1.0, not {value!r}"
                )
    return errors


def is_priority(value):
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1


def written_url(path, content, output_path):
    """Return the site-relative URL of a file Pelican wrote: an article's or page's own `url`
    (its *_URL setting may differ from where it is saved), else the file's path."""
    if content is not None:
        return content.url
    return Path(os.path.relpath(path, output_path)).as_posix()


def site_url(url):
    """Return the URL readers link to for a page written as `url`: no trailing index.html."""
    return re.sub(r"(?:^|(?<=/))index\.html$", "", url)


def is_listed(url, content, exclude):
    """Whether a page belongs in the sitemap: published (not hidden, not a draft), not excluded."""
    if getattr(content, "status", "published") != "published":
        return False
    return not any(re.search(pattern, url) for pattern in exclude)


def newest_change(contents):
    """Return the newest `modified` or `date` among published contents, or None if none has one.

    Listing pages (index, tags, categories, /faq/) and undated pages change only when content
    does, so this is their last change; the build's clock would claim a change on every build
    and teach crawlers to ignore the sitemap's dates.
    """
    dates = [
        last_change(content)
        for content in contents
        if getattr(content, "status", "published") == "published"
    ]
    return max((date for date in dates if date is not None), default=None)


def last_change(content):
    """Return a content's own `modified`, else its `date`, else None (a list page has neither)."""
    return getattr(content, "modified", None) or getattr(content, "date", None)


def kind_of(content):
    if isinstance(content, Article):
        return "articles"
    if isinstance(content, Page):
        return "pages"
    return "indexes"


def w3c_datetime(moment):
    """Return a date as the protocol's W3C Datetime: to the second with its UTC offset, or
    only the day when it has no time zone (an offset would be invented)."""
    if moment.tzinfo is None:
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


def url_element(location, lastmod, changefreq, priority):
    lines = [f"    <loc>{escape(location)}</loc>"]
    if lastmod is not None:
        lines.append(f"    <lastmod>{w3c_datetime(lastmod)}</lastmod>")
    lines.append(f"    <changefreq>{changefreq}</changefreq>")
    lines.append(f"    <priority>{float(priority)}</priority>")
    return "  <url>\n" + "\n".join(lines) + "\n  </url>\n"


def sitemap_xml(entries, base_url, options):
    """Return the sitemap of `entries`, (site-relative URL, article or page or None), sorted
    by URL; `base_url` is SITEURL. A page without a date of its own (a list page, an undated
    page) is dated by the newest change among the entries' contents, and has no <lastmod>
    when no content has a date."""
    newest = newest_change(content for _, content in entries if content is not None)
    listed = sorted(
        (
            (site_url(url), content)
            for url, content in entries
            if is_listed(site_url(url), content, options["exclude"])
        ),
        key=lambda entry: entry[0],
    )
    elements = [
        url_element(
            f"{base_url}/{quote(url, safe=URL_SAFE)}",
            last_change(content) or newest,
            options["changefreqs"][kind_of(content)],
            options["priorities"][kind_of(content)],
        )
        for url, content in listed
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="{NAMESPACE}">\n' + "".join(elements) + "</urlset>\n"
    )
