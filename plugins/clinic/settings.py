"""Every setting of the clinic plugin, with its default. All share the CLINIC_ prefix."""

import difflib

from .schedule import as_of_moment

DEFAULTS = {
    # Folder under PATH that holds FAQ files (one Markdown file per topic).
    "CLINIC_FAQ_PATH": "faq",
    # Paragraph that marks where a page's FAQ goes; without it the FAQ follows the content.
    "CLINIC_FAQ_MARKER": "[FAQ]",
    # Heading level of each question when the FAQ sits under the page's own h2.
    "CLINIC_FAQ_QUESTION_LEVEL": 3,
    # Slug of the site-wide page that gathers every FAQ file; "" builds no such page.
    "CLINIC_FAQ_PAGE_SLUG": "faq",
    # Title (and h1) of that page.
    "CLINIC_FAQ_PAGE_TITLE": "Frequently asked questions",
    # File under PATH (TOML) that holds the alt text and captions of every image.
    "CLINIC_ALT_TEXT": "alt-text.toml",
    # Class that marks a Markdown image as decorative, so its empty alt is intended.
    "CLINIC_DECORATIVE_CLASS": "decorative",
    # Site paths (keys of the alt-text file) of the clinic's logo and social image, or "".
    "CLINIC_LOGO": "",
    "CLINIC_SOCIAL_IMAGE": "",
    # Widths in pixels of the renditions made of each JPEG, PNG or WebP (never above its own).
    "CLINIC_IMAGE_WIDTHS": [480, 800, 1200, 1600],
    # Formats offered before the image's own, best first; "avif" needs a Pillow that has it.
    "CLINIC_IMAGE_FORMATS": ["avif", "webp"],
    # Encoder quality (1-100) of each lossy format; PNG stays lossless.
    "CLINIC_IMAGE_QUALITY": {"avif": 50, "webp": 75, "jpeg": 80},
    # The `sizes` of every responsive image: the width of the content column (site.css: 44rem
    # wide with 1rem of padding each side, so 42rem, or the viewport less 2rem below that).
    "CLINIC_IMAGE_SIZES": "(min-width: 44rem) 42rem, calc(100vw - 2rem)",
    # Pages indexed together in one search index shard (plugins/theme_support): an edit
    # re-indexes its shard only, and Pagefind's memory grows with a shard's pages.
    "CLINIC_SEARCH_PAGES_PER_SHARD": 500,
    # Most shards, whatever the site's size: a reader's query fetches a little of each.
    "CLINIC_SEARCH_MAX_SHARDS": 4,
    # Months after its Last_reviewed: date that `invoke check` asks for a new medical review.
    "CLINIC_REVIEW_MAX_MONTHS": 12,
    # True: every problem is listed, then the build exits non-zero. False: problems warn.
    "CLINIC_STRICT": False,
    # A date and time (ISO 8601, as a scheduled article's Date:) to build the site as of: the
    # articles dated later are left out as a publish build on that day leaves them (with
    # WITH_FUTURE_DATES = True). "" is now. `invoke check --publish` sets it: see
    # publishing/scheduled.py.
    "CLINIC_AS_OF": "",
    # The notes the publish check's builds leave each other (checknotes.py), or "" for none:
    # today's build writes the scheduled dates there, and each build reports only problems no
    # build before it reported. `invoke check --publish` sets it.
    "CLINIC_CHECK_FILE": "",
}

TYPES = {name: type(default) for name, default in DEFAULTS.items()}
# CLINIC_ settings that the theme, the other plugins and the deploy targets read.
READ_ELSEWHERE = {
    "CLINIC_NAME", "CLINIC_PHONE", "CLINIC_EMAIL", "CLINIC_ADDRESS", "CLINIC_BOOKING_URL",
    "CLINIC_CONTACT_PAGE", "CLINIC_ASSETS_DIR", "CLINIC_DEPLOY_TARGET", "CLINIC_RSYNC_HOST",
    "CLINIC_RSYNC_PATH", "CLINIC_RSYNC_PORT", "CLINIC_S3_BUCKET", "CLINIC_S3_ENDPOINT_URL",
    "CLINIC_S3_REGION", "CLINIC_S3_PREFIX", "CLINIC_CRISIS_INTRO", "CLINIC_CRISIS_RESOURCES",
    "CLINIC_CRISIS_NOTE", "CLINIC_PRIVACY_CONTACT",
}  # fmt: skip


def plugin_settings(settings):
    """Return the plugin's settings: the defaults, overridden by the site's settings."""
    return {name: settings.get(name, default) for name, default in DEFAULTS.items()}


def setting_errors(settings):
    """Return a message for each plugin setting whose value makes no sense."""
    options = plugin_settings(settings)
    errors = [
        f"{name} must be a {TYPES[name].__name__}, not {value!r}"
        for name, value in options.items()
        if not isinstance(value, TYPES[name])
    ]
    level = options["CLINIC_FAQ_QUESTION_LEVEL"]
    if isinstance(level, int) and not 2 <= level <= 6:
        errors.append(f"CLINIC_FAQ_QUESTION_LEVEL must be 2 to 6, not {level!r}")
    for name in ["CLINIC_SEARCH_PAGES_PER_SHARD", "CLINIC_SEARCH_MAX_SHARDS"]:
        if isinstance(options[name], int) and options[name] < 1:
            errors.append(f"{name} must be 1 or more, not {options[name]!r}")
    months = options["CLINIC_REVIEW_MAX_MONTHS"]
    if isinstance(months, int) and months < 1:
        errors.append(f"CLINIC_REVIEW_MAX_MONTHS must be 1 or more, not {months!r}")
    as_of = options["CLINIC_AS_OF"]
    if isinstance(as_of, str) and as_of and as_of_moment(as_of) is None:
        errors.append(f"CLINIC_AS_OF must be an ISO 8601 date and time, not {as_of!r}")
    errors += image_setting_errors(options)
    for name in ["CLINIC_FAQ_PATH", "CLINIC_FAQ_MARKER", "CLINIC_ALT_TEXT", "CLINIC_IMAGE_SIZES"]:
        if options[name] == "":
            errors.append(f"{name} must not be empty")
    return errors + unknown_setting_errors(settings)


def image_setting_errors(options):
    """Return a message for each image setting out of range, or a format Pillow cannot write."""
    from PIL import features

    errors = []
    widths = options["CLINIC_IMAGE_WIDTHS"]
    if isinstance(widths, list) and not (
        widths and all(isinstance(w, int) and not isinstance(w, bool) and w > 0 for w in widths)
    ):
        errors.append(f"CLINIC_IMAGE_WIDTHS must list widths in pixels, not {widths!r}")
    formats = options["CLINIC_IMAGE_FORMATS"]
    if isinstance(formats, list):
        for name in formats:
            if name not in ("avif", "webp"):
                errors.append(f"CLINIC_IMAGE_FORMATS may hold 'avif' and 'webp', not {name!r}")
            elif not features.check(name):
                errors.append(
                    f"CLINIC_IMAGE_FORMATS has {name!r}, which this Pillow cannot write "
                    "(install the Pillow pinned in pyproject.toml, or remove it)"
                )
    quality = options["CLINIC_IMAGE_QUALITY"]
    if isinstance(quality, dict):
        for name in ("avif", "webp", "jpeg"):
            value = quality.get(name)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
                errors.append(f"CLINIC_IMAGE_QUALITY[{name!r}] must be 1 to 100, not {value!r}")
        errors += [
            f"CLINIC_IMAGE_QUALITY has {name!r}: only 'avif', 'webp' and 'jpeg' have a quality"
            for name in quality
            if name not in ("avif", "webp", "jpeg")
        ]
    return errors


def unknown_setting_errors(settings):
    """Return a message for each CLINIC_ setting nothing reads: usually a typing mistake."""
    known = set(DEFAULTS) | READ_ELSEWHERE
    errors = []
    for name in sorted(settings):
        if name.startswith("CLINIC_") and name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            errors.append(f"{name} is not a setting of this site{hint}")
    return errors
