"""Reading time of each article, counted once per build for the theme's bylines and cards."""

from .wiring import register

__all__ = ["register"]
