"""The editor's page, /admin/index.html, and the files it is served with. Pure.

Decap CMS reads its configuration from config.yml beside the page.
"""

from html import escape
from pathlib import Path

STATIC = Path(__file__).with_name("static")
# Our scripts, in the order the page loads them: editor.js asks Decap CMS to wait for it
# (CMS_MANUAL_INIT) before decap-cms.js runs, then registers our formats and previews.
OWN_SCRIPTS = ("formats.js", "editor.js")
BUNDLE_SCRIPT = "decap-cms.js"


def bundle_files(bundle):
    """Return the files of Decap CMS's build the page may load: its script, the chunks it
    loads on demand, their WebAssembly and the licence notice; no source maps."""
    names = sorted(
        file.name
        for file in Path(bundle).iterdir()
        if file.is_file() and (file.name.endswith(".decap-cms.js") or file.suffix == ".wasm")
    )
    return [BUNDLE_SCRIPT, f"{BUNDLE_SCRIPT}.LICENSE.txt", *names]


def page_head(title, policy, referrer):
    """Return the start of the editor's page to its head's end: the policy first after the
    charset, and kept from search engines."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{escape(policy, quote=False)}">
<meta name="referrer" content="{escape(referrer)}">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Editor · {escape(title)}</title>
</head>
"""


def is_placeholder(value):
    """Whether a setting is still a placeholder: a value in [square brackets]."""
    return value.startswith("[") and value.endswith("]")


def unset_page(title, policy, referrer, setting):
    """Return the HTML of the editor's page while `setting` is a placeholder: it says so, and
    loads nothing (the editor would try to sign writers in to a repository that is not one)."""
    return f"""{page_head(title, policy, referrer)}<body>
<main>
<h1>The editor is not set up yet</h1>
<p>It needs the GitHub repository it saves articles to. The site's developer sets
<code>{escape(setting)}</code> in <code>publishconf.py</code> (see <code>docs/editor.md</code>).</p>
</main>
</body>
</html>
"""


def editor_page(title, policy, referrer, preview_style, formats):
    """Return the HTML of the editor's page.

    `preview_style`: the site's stylesheet, relative to the page, for the preview;
    `formats`: the schema's keys for static/formats.js (config.format_options).
    """
    data = {
        "data-preview-style": preview_style,
        "data-key-names": ",".join(formats["names"]),
        "data-list-keys": ",".join(formats["listKeys"]),
    }
    attributes = " ".join(f'{name}="{escape(value)}"' for name, value in data.items())
    return f"""{page_head(title, policy, referrer)}<body>
<script src="formats.js"></script>
<script src="editor.js" {attributes}></script>
<script src="{BUNDLE_SCRIPT}"></script>
</body>
</html>
"""
