"""The web editor (Decap CMS) at /admin/: its page, its configuration made from the metadata
schema, and the editor's own files copied from node_modules into the build."""

from .wiring import register

__all__ = ["register"]
