"""What the theme needs from the build: template helpers, the Pagefind search index, the sitemap."""

from .wiring import register

__all__ = ["register"]
