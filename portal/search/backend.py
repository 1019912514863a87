"""Search backend for Chinese text (placeholder: plain database backend)."""

from modelsearch.backends.database import SearchBackend

__all__ = ["SearchBackend"]
