"""Every setting of the clinic plugin, with its default. All share the CLINIC_ prefix."""

DEFAULTS = {
    # Folder under PATH that holds FAQ files (one Markdown file per topic).
    "CLINIC_FAQ_PATH": "faq",
    # Paragraph that marks where a page's FAQ goes; without it the FAQ follows the content.
    "CLINIC_FAQ_MARKER": "[FAQ]",
    # Heading level of each question when the FAQ sits under the page's own h2.
    "CLINIC_FAQ_QUESTION_LEVEL": 3,
}


def plugin_settings(settings):
    """Return the plugin's settings: the defaults, overridden by the site's settings."""
    return {name: settings.get(name, default) for name, default in DEFAULTS.items()}
