"""The browser side of live preview: a tiny script, and where it goes in a page. Pure."""

EVENTS_PATH = "/__live/events"
SCRIPT_PATH = "/__live/reload.js"
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'

# Reload when the server says a build finished; EventSource reconnects by itself when the
# server restarts, so the page also survives `invoke live` being stopped and started again.
RELOAD_SCRIPT = f"""\
(function () {{
  var events = new EventSource("{EVENTS_PATH}");
  events.addEventListener("reload", function () {{ location.reload(); }});
}})();
"""


def with_reload_script(html):
    """Return the page with the live-reload script added before </body> (or at the end)."""
    position = html.lower().rfind("</body>")
    if position < 0:
        return html + SCRIPT_TAG
    return html[:position] + SCRIPT_TAG + html[position:]


def reload_event(build_number):
    """Return one server-sent event telling pages that build `build_number` is ready."""
    return f"event: reload\nid: {build_number}\ndata: {build_number}\n\n".encode()
