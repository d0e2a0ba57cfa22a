"""Post bodies as text people can read.

Mastodon sends post bodies (``Status.content``) and profile bios as a small
subset of HTML. :func:`to_text` turns that into the plain text a reader sees.

A converter is any ``Callable[[str], str]``.

Example:
    >>> from tootkit.html import to_text
    >>> to_text('<p>Hello <a href="https://example.com/x"><span class="invisible">https://</span>example.com/x</a></p><p>Bye</p>')
    'Hello example.com/x\\n\\nBye'
"""

from __future__ import annotations

from collections.abc import Callable

from tootkit.html._text import to_text

__all__ = ["HtmlConverter", "to_text"]

HtmlConverter = Callable[[str], str]
"""The type of an HTML converter: it takes HTML and returns text."""
