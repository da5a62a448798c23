"""Development settings: relative URLs, no feeds. publishconf.py builds on these."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# The clinic. Values in [square brackets] are placeholders the clinic fills in: nothing
# here may be invented, so until then the site shows them as placeholders.
CLINIC_NAME = "[Clinic name]"
CLINIC_PHONE = "[Phone number]"
CLINIC_EMAIL = "[Email address]"
CLINIC_ADDRESS = {
    "street": "[Street address]",
    "locality": "Vancouver",
    "region": "BC",
    "postal_code": "[Postal code]",
    "country": "CA",
}
CLINIC_BOOKING_URL = ""  # e.g. the clinic's booking page; empty shows the contact page instead
# Slug of the page with the clinic's contact details: the theme's "Contact the clinic" links.
CLINIC_CONTACT_PAGE = "clinic"
# Who answers questions about privacy (name and email), shown on the privacy page.
CLINIC_PRIVACY_CONTACT = "[Privacy contact: name and email]"
# The picture shown when a page without a cover is shared (Open Graph, Twitter cards).
CLINIC_SOCIAL_IMAGE = "images/social.png"  # its alt text is in content/alt-text.toml

# Shown in every page's footer, at the top of the chat panel, and first in the chat's reply
# whenever a message suggests crisis or self-harm. These are real public services in Canada,
# not placeholders: 9-8-8 (call or text) and 9-1-1.
CLINIC_CRISIS_INTRO = (
    "If you are thinking about suicide or about hurting yourself, please reach out now:"
)
CLINIC_CRISIS_RESOURCES = [
    ("Call 9-8-8, the Suicide Crisis Helpline", "tel:988"),
    ("Text 9-8-8, the Suicide Crisis Helpline", "sms:988"),
    ("In an emergency, call 9-1-1", "tel:911"),
]
# Said after those links, in every page's footer and at the top of the chat panel.
CLINIC_CRISIS_NOTE = "9-8-8 answers calls and texts 24/7, in English and French."

SITENAME = CLINIC_NAME
SITESUBTITLE = "Ketamine-assisted psychotherapy in Vancouver"
SITEURL = ""
RELATIVE_URLS = True
AUTHOR = "Clinic editorial team"

PATH = "content"
OUTPUT_PATH = "output"  # relative to this file, wherever pelican is run from
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# FAQ files are read by the clinic plugin, never as articles or pages.
IGNORE_FILES = [".#*", "*~"]

TIMEZONE = "America/Vancouver"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["clinic", "theme_support", "reading_time"]
PLUGINS += ["assets"]  # asset_url(): content-hashed theme files, cached for ever
PLUGINS += ["pelican.plugins.neighbors"]  # previous/next article links, in one pass
# Optional: work kept between builds in CACHE_PATH (plugins/speed); the same site without it.
PLUGINS += ["speed"]
PLUGINS += ["editor"]  # the web editor at /admin/ (Decap CMS, from node_modules: npm ci)
# Local mode: `invoke editor` serves this repository's files to /admin/ through decap-server
# on 127.0.0.1 (docs/editor.md); publishconf.py leaves it out.
EDITOR_LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"
# Content problems (alt text, FAQ files) warn here; publishconf.py and --strict fail on them.
CLINIC_STRICT = False

ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
# Not shown anywhere yet: author pages for a single editorial team would only repeat the index.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""

DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 50

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# Pelican's own content cache keys on file times only, and serves stale pages after a settings
# change; the speed plugin keeps renderings instead (plugins/speed), keyed on every input.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

DIRECT_TEMPLATES = ["index", "archives", "search", "404", "robots"]
# Pages every site owes its readers, whatever content/ holds; linked from every footer.
DIRECT_TEMPLATES += ["accessibility", "privacy"]
ACCESSIBILITY_SAVE_AS = "accessibility/index.html"
ACCESSIBILITY_URL = "accessibility/"
PRIVACY_SAVE_AS = "privacy/index.html"
PRIVACY_URL = "privacy/"
ARCHIVES_SAVE_AS = "archives/index.html"
ARCHIVES_URL = "archives/"
SEARCH_SAVE_AS = "search/index.html"  # the Pagefind search page (plugins/theme_support)
SEARCH_URL = "search/"
# A writer's rebuild re-indexes only the search shard of the page they edited: small shards
# keep that short (Pagefind takes about 0.11 s CPU for 50 pages, 0.22 s for 100, 1.1 s for
# 500). Queries on the preview fetch a little of every shard (20 at N=1000), from this
# machine, and more shards find a few more stray pages (docs/theme.md, "Search"); publishconf.py
# keeps the defaults.
CLINIC_SEARCH_PAGES_PER_SHARD = 50
CLINIC_SEARCH_MAX_SHARDS = 32
ROBOTS_SAVE_AS = "robots.txt"  # theme/templates/robots.html
ROBOTS_URL = "robots.txt"

# sitemap.xml (plugins/theme_support/sitemap.py): every page a reader may land on from a search
# engine, nothing else. Regular expressions on site-relative URLs; drafts and hidden pages are
# never listed, nor the editor's /admin/ (not a page Pelican writes).
SITEMAP = {
    "exclude": [r"^404\.html$", r"^search/", r"^robots\.txt$"],
}

# Templates escape everything by default; HTML from content is marked |safe where it is output.
# A build reads each template once: auto_reload would stat its file at every include, about
# fifteen times a page.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
JINJA_ENVIRONMENT["auto_reload"] = False
