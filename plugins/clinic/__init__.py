"""The clinic's Pelican plugin: FAQ files rendered on the pages that reference them."""

from .plugin import register

__all__ = ["register"]
