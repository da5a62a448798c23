"""Every setting of the assets plugin, with its default. All share the CLINIC_ prefix."""

DEFAULTS = {
    # Folder of the output that holds the fingerprinted copies of the theme's static files.
    # Every file in it has a content hash in its name, so hosts may cache it for ever.
    "CLINIC_ASSETS_DIR": "assets",
}


def plugin_settings(settings):
    """Return the plugin's settings: the defaults, overridden by the site's settings."""
    return {name: settings.get(name, default) for name, default in DEFAULTS.items()}
