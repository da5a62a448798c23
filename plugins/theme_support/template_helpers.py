"""What the theme's templates call besides Pelican's: site_partial() and theme_url()."""

from jinja2 import pass_context
from markupsafe import Markup


class SitePartials:
    """Render a partial that shows the same on every page once for each SITEURL.

    Relative URLs make SITEURL differ by a page's folder depth, so there is one rendering
    per depth. Each is rendered from the build's context (the settings and what the
    generators found), never from a page's: a partial that read `article` or `output_file`
    would find them undefined on every page, not the first page's values on all of them.
    """

    def __init__(self, site_context):
        self.site_context = site_context  # the dict Pelican gives every generator
        self.rendered = {}

    @pass_context
    def render(self, context, name):
        """Return the partial `name` rendered for the SITEURL of the page being written."""
        site_url = context["SITEURL"]
        if (name, site_url) not in self.rendered:
            template = context.environment.get_template(name)
            values = {**self.site_context, "SITEURL": site_url, "localsiteurl": site_url}
            self.rendered[name, site_url] = Markup(template.render(values))
        return self.rendered[name, site_url]


@pass_context
def theme_url(context, path):
    """Return the URL of a theme static file, e.g. `theme_url("css/site.css")`."""
    # The fingerprinted copy where the assets plugin is on, else the one Pelican copies.
    asset_url = context.get("asset_url")
    if asset_url is not None:
        return context.call(asset_url, path)
    return f"{context['SITEURL']}/{context['THEME_STATIC_DIR']}/{path}"
