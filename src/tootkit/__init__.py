"""tootkit: a typed, sync-and-async Python SDK for Mastodon hashtag and status data.

Example:
    >>> import tootkit
    >>> from tootkit.models import Tag
    >>> tootkit.converter.structure({"name": "python", "url": "https://example.com/tags/python"}, Tag).name
    'python'
"""

from __future__ import annotations

from tootkit import errors, html, models
from tootkit._convert import converter

__all__ = ["converter", "errors", "html", "models"]

__version__ = "0.1.0"
