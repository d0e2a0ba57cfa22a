"""Post bodies as text people can read.

Mastodon sends post bodies (``Status.content``) and profile bios as a small
subset of HTML. :func:`to_text` turns that into the plain text a reader sees,
and :func:`to_markdown` into Markdown. Both follow the same block rules.

A converter is any ``Callable[[str], str]``; one that also accepts a
``status=`` keyword gets the status as context (see :class:`StatusAwareConverter`).
Set one per client with ``Client(html=...)``.

Examples:
    >>> from tootkit.html import to_text
    >>> to_text('<p>Hi <a href="https://example.com/x"><span class="invisible">https://</span>'
    ...         '<span class="ellipsis">example.com/</span><span class="invisible">x</span></a></p><p>Bye</p>')
    'Hi example.com/…\\n\\nBye'
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tootkit.html._convert import Links, convert

if TYPE_CHECKING:
    from tootkit.models import Status

__all__ = [
    "HtmlConverter",
    "StatusAwareConverter",
    "apply",
    "to_markdown",
    "to_text",
]

HtmlConverter = Callable[[str], str]
"""The type of an HTML converter: it takes HTML and returns text."""


@runtime_checkable
class StatusAwareConverter(Protocol):
    """A converter that also takes the status whose body it converts, as context.

    It lets a converter hide the ``quote-inline`` paragraph ("RE: …") when the
    status has a ``quote``, or map custom emoji to images or characters.

    Examples:
        >>> def shout(html: str, *, status: "Status | None" = None) -> str:
        ...     return to_text(html, status=status).upper()
    """

    def __call__(self, html: str, /, *, status: Status | None = None) -> str: ...


def to_text(
    html: str, *, links: Links = "visible", hide_quote_inline: bool = False, status: Any = None
) -> str:
    """Convert a post body (or a bio) from HTML to the plain text a reader sees.

    - Paragraphs, lists, quotes, code blocks and headings are separated by one
      blank line; ``<br>`` is a line break.
    - Text is kept as it is: runs of spaces, zero-width characters, no Unicode
      normalisation; only the whitespace at the end of each line is removed.
    - Links show what a reader sees: the hidden parts of shortened links are
      dropped and ``…`` follows the visible part (``example.com/long-pa…``).
      ``links="full"`` shows the full URL of ordinary links instead (mentions
      and hashtags keep their text).
    - List items are ``- item`` or ``1. item``; nested lists are indented by two
      spaces; quoted lines start with ``> ``.
    - Entities are decoded as HTML5 does.
    - The ``quote-inline`` paragraph of a quote post ("RE: …") is kept, unless
      ``hide_quote_inline`` is true or ``status`` is given and has a ``quote``.

    Examples:
        >>> to_text("<p>one<br>two</p><ul><li>a</li><li>b</li></ul><p>x &amp; y</p>")
        'one\\ntwo\\n\\n- a\\n- b\\n\\nx & y'
    """
    if status is not None and getattr(status, "quote", None) is not None:
        hide_quote_inline = True
    return convert(html, markdown=False, links=links, hide_quote_inline=hide_quote_inline)


def to_markdown(html: str, *, hide_quote_inline: bool = False, status: Any = None) -> str:
    """Convert a post body from HTML to Markdown.

    The block rules are those of :func:`to_text`. Inline markup becomes
    ``**bold**``, ``*emphasis*``, ``~~strike~~`` and `` `code` ``; ``<pre>`` a
    fenced code block; links ``[text](href)``. Characters that Markdown would
    read as markup are escaped.

    Examples:
        >>> to_markdown('<p>A <strong>bold</strong> <a href="https://x.example/">link</a> *here*</p>')
        'A **bold** [link](https://x.example/) \\\\*here\\\\*'
    """
    if status is not None and getattr(status, "quote", None) is not None:
        hide_quote_inline = True
    return convert(html, markdown=True, links="visible", hide_quote_inline=hide_quote_inline)


_STATUS_AWARE: dict[Any, bool] = {}


def _takes_status(converter: Callable[..., str]) -> bool:
    known = _STATUS_AWARE.get(converter)
    if known is None:
        try:
            parameters = inspect.signature(converter).parameters
        except (TypeError, ValueError):
            parameters = {}  # type: ignore[assignment]
        known = "status" in parameters or any(
            p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
        )
        with contextlib.suppress(TypeError):  # unhashable: look again next time
            _STATUS_AWARE[converter] = known
    return known


def apply(converter: Callable[..., str] | None, html: str, status: Any = None) -> str:
    """Run ``converter`` (the default :func:`to_text` when ``None``) on ``html``.

    A converter that takes a ``status`` keyword gets ``status``; any other is
    called with the HTML alone.

    Examples:
        >>> apply(str.upper, "<p>hi</p>")
        '<P>HI</P>'
    """
    if converter is None:
        return to_text(html, status=status)
    if status is not None and _takes_status(converter):
        return converter(html, status=status)
    return converter(html)
