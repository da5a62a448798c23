"""Every setting of the editor plugin, with its default. All share the EDITOR_ prefix."""

DEFAULTS = {
    # Folder of the output the editor is served from: /admin/ by Decap CMS's convention.
    "EDITOR_DIR": "admin",
    # The content folder as the repository names it: the editor commits files under it.
    "EDITOR_CONTENT": "content",
    # The GitHub repository the editor commits to, "owner/name"; a placeholder until the
    # clinic sets it (docs/editor.md).
    "EDITOR_REPO": "[owner/repository]",
    # The branch published from: drafts become pull requests against it.
    "EDITOR_BRANCH": "main",
    # The OAuth service that signs writers in to GitHub (Decap's `base_url`), e.g. the host's
    # identity service; empty uses Netlify's (api.netlify.com), as Decap does.
    "EDITOR_AUTH_URL": "",
    # decap-server's API for local mode (`invoke editor`); empty leaves local mode out, as a
    # publish build does. Decap only uses it when /admin/ is opened on localhost/127.0.0.1.
    "EDITOR_LOCAL_BACKEND": "",
    # Where Decap CMS's built files are (the decap-cms package, pinned in package-lock.json).
    "EDITOR_BUNDLE": "node_modules/decap-cms/dist",
}


def plugin_settings(settings):
    """Return the plugin's settings: the defaults, overridden by the site's settings."""
    return {name: settings.get(name, default) for name, default in DEFAULTS.items()}
