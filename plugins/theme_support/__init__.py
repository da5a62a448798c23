"""What the theme needs from the build: the Pagefind search index and the sitemap's dates."""

from .wiring import register

__all__ = ["register"]
