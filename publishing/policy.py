"""The site's security policy, defined once: the response headers every host sends
(deploy/_headers, deploy/nginx/clinic-site.conf) and the <meta> elements every page carries,
so that a page served by a host that sends no headers at all is held to the same policy.
Pure. tests/test_policy.py checks both deploy files say exactly this.
"""

# Scripts, styles, images and fonts from this site only, and no inline code ('unsafe-inline'
# is absent; JSON-LD blocks are data, which the policy lets through). 'wasm-unsafe-eval' lets
# the Pagefind search run its WebAssembly, nothing else.
CONTENT_SECURITY_POLICY = {
    "default-src": ("'self'",),
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    "style-src": ("'self'",),
    "img-src": ("'self'",),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}
# Directives a <meta> policy cannot carry: browsers ignore them there (CSP Level 3, 6.1.4),
# so only the header enforces them. frame-ancestors above is one: a page served without
# headers can be framed by another site.
HEADER_ONLY_DIRECTIVES = {"frame-ancestors", "report-uri", "report-to", "sandbox"}
# No other site learns which article a reader came from.
REFERRER_POLICY = "no-referrer"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def policy_text(directives):
    """Return a Content-Security-Policy's text from its {directive: sources}."""
    return "; ".join(" ".join((name, *sources)) for name, sources in directives.items())


def meta_policy():
    """Return the Content-Security-Policy for a page's <meta http-equiv>: all a meta can carry."""
    return policy_text(
        {k: v for k, v in CONTENT_SECURITY_POLICY.items() if k not in HEADER_ONLY_DIRECTIVES}
    )


# What every response of the site carries, in the order the deploy files list them.
SECURITY_HEADERS = {
    "Content-Security-Policy": policy_text(CONTENT_SECURITY_POLICY),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": REFERRER_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
}

# The web editor (Decap CMS, under EDITOR_PATH) needs more than a page of the site, and only
# there: its configuration check compiles schemas into functions (ajv: 'unsafe-eval'); its
# React components style themselves with <style> elements and style attributes (emotion:
# 'unsafe-inline'); an image chosen for upload is shown from memory before it is committed
# (blob:, data:), and read back from there for the draft it keeps in the browser (connect-src
# blob:); it reads and commits through GitHub's API, and shows the writer's GitHub avatar.
# Nothing else: no other script host, no frames of other sites.
EDITOR_PATH = "/admin/"
EDITOR_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "script-src": ("'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "blob:", "data:", "https://avatars.githubusercontent.com"),
    "connect-src": ("'self'", "blob:", "https://api.github.com"),
}
EDITOR_SECURITY_HEADERS = {
    **SECURITY_HEADERS,
    "Content-Security-Policy": policy_text(EDITOR_CONTENT_SECURITY_POLICY),
}


def editor_meta_policy(local_backend=""):
    """Return the editor page's <meta> policy; `local_backend`, decap-server's API URL in
    local mode (127.0.0.1 only), may also be reached."""
    directives = {
        k: v for k, v in EDITOR_CONTENT_SECURITY_POLICY.items() if k not in HEADER_ONLY_DIRECTIVES
    }
    if local_backend:
        origin = "/".join(local_backend.split("/", 3)[:3])
        directives["connect-src"] = (*directives["connect-src"], origin)
    return policy_text(directives)
