"""The clinic's Pelican plugin: FAQ files rendered on the pages that reference them."""

from .wiring import register

__all__ = ["register"]
