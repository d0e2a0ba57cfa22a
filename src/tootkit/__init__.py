"""tootkit: a typed, sync-and-async Python SDK for Mastodon hashtag and status data.

Example:
    >>> import tootkit
    >>> from tootkit.models import Tag
    >>> tag = tootkit.converter.structure({"name": "python", "url": "https://x/tags/python"}, Tag)
    >>> tag.name
    'python'
"""

from __future__ import annotations

from tootkit import errors, html, models
from tootkit._convert import converter

__all__ = ["converter", "errors", "html", "models"]

__version__ = "0.1.0"
