"""Publish settings: only what deployment changes from pelicanconf.py."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *

# The public address, without a trailing slash. CI sets SITEURL for the real host.
SITEURL = os.environ.get("SITEURL", "https://example.org").rstrip("/")
RELATIVE_URLS = False

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True

# Readers' queries fetch a little of every search shard: the published site has few and big
# ones (the plugin's defaults), where the writer's preview has small ones for quick rebuilds.
CLINIC_SEARCH_PAGES_PER_SHARD = 500
CLINIC_SEARCH_MAX_SHARDS = 4

# Every problem of the content is listed, then the build exits non-zero.
CLINIC_STRICT = True

# An article dated later than the build is a draft until its day (Pelican's rule), so with the
# drafts below it is in no page, list, feed, sitemap or index; the workflow's daily run
# publishes it then. The development build shows it, marked "Scheduled".
WITH_FUTURE_DATES = False

# Drafts stay on the writer's machine: a publish build writes none of them.
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""

# The published editor signs writers in to GitHub; local mode is for a developer's machine.
EDITOR_LOCAL_BACKEND = ""
