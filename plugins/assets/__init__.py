"""Fingerprinted theme assets: `asset_url()` in templates, content-hashed copies in the output."""

from .wiring import register

__all__ = ["register"]
