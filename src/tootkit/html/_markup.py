"""Reading post bodies before the converter sees them: simple markup fast, hostile markup defused.

Examples:
    >>> defuse("a < b and </span}c")
    'a &lt; b and </span>c'
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

__all__ = ["attributes_of", "defuse", "feed_simple", "feed_tokens", "simple_tokens"]

_BROKEN_END_TAG = re.compile(r"</([a-zA-Z][\w:-]*)[^\w\s:>/-]")


def defuse(html: str) -> str:
    """Make malformed markup harmless before it reaches ``html.parser``.

    - An end tag with a stray character after its name (``</span}``) is read
      as the end tag it was meant to be. Otherwise both a browser and
      ``html.parser`` would swallow the text up to the next ``>``.
    - Every ``<`` that no ``>`` closes before the next ``<`` is escaped. Such a
      ``<`` cannot start a complete tag, and CPython's ``html.parser`` (before
      the fix for CVE-2025-6069) takes quadratic time on long runs of them
      (``"<a" * 50000``). As text, they show as the reader would see them.

    Linear: one ``find`` per ``<``.
    """
    if "</" in html:
        html = _BROKEN_END_TAG.sub(r"</\1>", html)
    start = html.find("<")
    if start < 0:
        return html
    pieces: list[str] = []
    last = 0
    while start >= 0:
        following = html.find("<", start + 1)
        end = following if following >= 0 else len(html)
        if html.find(">", start + 1, end) < 0:
            pieces.append(html[last:start])
            pieces.append("&lt;")
            last = start + 1
        start = following
    if not pieces:
        return html
    pieces.append(html[last:])
    return "".join(pieces)


# Simple markup, as Mastodon and most servers write it: tags whose attributes
# are bare or double-quoted, end tags without attributes, and text. Anything
# else (comments, other quoting, a raw-text element) goes to html.parser.
_NAME = r"[a-zA-Z][a-zA-Z0-9]*"
# HTML's whitespace, as html.parser reads it in tags: "\s" would take in
# Unicode spaces too (a no-break space), which end no tag name there.
_WS = r"[ \t\n\r\f]"
_ATTRIBUTES = rf'(?:{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*+(?:="[^"<>]*+")?)*+'
# Possessive: text runs and tags never overlap, and backtracking into them
# would take exponential time on a body that is not simple.
_SIMPLE_BODY = re.compile(rf"(?:<{_NAME}{_ATTRIBUTES}{_WS}*/?>|</{_NAME}{_WS}*>|[^<]++)*+")
_TOKEN = re.compile(rf"<({_NAME})({_ATTRIBUTES}){_WS}*(/?)>|</({_NAME}){_WS}*>|([^<]+)")
_ATTRIBUTE = re.compile(rf'{_WS}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:(=)"([^"]*)")?')
_RAW_TEXT = re.compile(r"<(?:script|style)\b", re.IGNORECASE)  # html.parser reads them as text


def simple_tokens(html: str) -> list[tuple[str, str, str, str, str]] | None:
    """The tokens of simple markup (see :func:`feed_simple`), or None when it is not simple.

    Each token is ``(name, attributes, self_closing, end_name, text)``, with ""
    for what it is not: a start tag has ``name``, an end tag ``end_name``,
    text ``text``. Names keep their case; nothing is unescaped yet.
    """
    if _SIMPLE_BODY.fullmatch(html) is None or (
        ("<s" in html or "<S" in html) and _RAW_TEXT.search(html)
    ):
        return None
    return _TOKEN.findall(html)


@lru_cache(maxsize=4096)
def attributes_of(attributes: str) -> tuple[tuple[str, str | None], ...]:
    """The ``(name, value)`` pairs of a simple tag's attributes: names lowercased, values unescaped.

    Remembered: the same few (``class="invisible"``, a mention's, a
    hashtag's) come back in every post.
    """
    pairs: list[tuple[str, str | None]] = []
    for attribute, equals, value in _ATTRIBUTE.findall(attributes):
        if "&" in value:
            value = unescape(value)
        pairs.append((attribute.lower(), value if equals else None))
    return tuple(pairs)


def feed_simple(parser: HTMLParser, html: str) -> bool:
    """Send the parser events of simple markup, as ``html.parser`` would; False if not simple.

    ``html.parser`` costs most of a conversion, in its general tag scanner.
    Post bodies are nearly always simple markup, which two regular
    expressions read: one checks the whole body, one walks its tokens. The
    events are the same: names lowercased, entities decoded in text and
    attribute values. Nothing is sent when the body is not simple, so that the
    caller can hand it to ``html.parser`` instead.
    """
    tokens = simple_tokens(html)
    if tokens is None:
        return False
    feed_tokens(parser, tokens)
    return True


def feed_tokens(parser: HTMLParser, tokens: list[tuple[str, str, str, str, str]]) -> None:
    """Send the parser the events of :func:`simple_tokens`' tokens."""
    data, start, end_tag, empty = (
        parser.handle_data, parser.handle_starttag, parser.handle_endtag, parser.handle_startendtag
    )  # fmt: skip
    # findall gives plain tuples, with "" for a group that did not take part.
    for name, attributes, self_closing, end, text in tokens:
        if text:
            data(unescape(text) if "&" in text else text)
        elif end:
            end_tag(end.lower())
        else:
            attrs = list(attributes_of(attributes)) if attributes else []
            (empty if self_closing else start)(name.lower(), attrs)
