"""What the theme needs from the build: medical review metadata and the Pagefind search index."""

from .wiring import register

__all__ = ["register"]
