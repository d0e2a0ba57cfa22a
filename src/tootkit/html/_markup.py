"""Reading post bodies before the converter sees them: simple markup fast, hostile markup defused.

Examples:
    >>> defuse("a < b and </span}c")
    'a &lt; b and </span>c'
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

__all__ = ["defuse", "feed_simple"]

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
_ATTRIBUTES = r'(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*+(?:="[^"<>]*+")?)*+'
# Possessive: text runs and tags never overlap, and backtracking into them
# would take exponential time on a body that is not simple.
_SIMPLE_BODY = re.compile(rf"(?:<{_NAME}{_ATTRIBUTES}\s*/?>|</{_NAME}\s*>|[^<]++)*+")
_TOKEN = re.compile(rf"<({_NAME})({_ATTRIBUTES})\s*(/?)>|</({_NAME})\s*>|([^<]+)")
_ATTRIBUTE = re.compile(r'\s+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:(=)"([^"]*)")?')
_RAW_TEXT = re.compile(r"<(?:script|style)\b", re.IGNORECASE)  # html.parser reads them as text


def feed_simple(parser: HTMLParser, html: str) -> bool:
    """Send the parser events of simple markup, as ``html.parser`` would; False if not simple.

    ``html.parser`` costs most of a conversion, in its general tag scanner.
    Post bodies are nearly always simple markup, which two regular
    expressions read: one checks the whole body, one walks its tokens. The
    events are the same: names lowercased, entities decoded in text and
    attribute values. Nothing is sent when the body is not simple, so that the
    caller can hand it to ``html.parser`` instead.
    """
    if _SIMPLE_BODY.fullmatch(html) is None or _RAW_TEXT.search(html):
        return False
    data, start, end_tag, empty = (
        parser.handle_data, parser.handle_starttag, parser.handle_endtag, parser.handle_startendtag
    )  # fmt: skip
    attribute_pairs = _ATTRIBUTE.findall
    # findall gives plain tuples, with "" for a group that did not take part.
    for name, attributes, self_closing, end, text in _TOKEN.findall(html):
        if text:
            data(unescape(text) if "&" in text else text)
        elif end:
            end_tag(end.lower())
        else:
            attrs: list[tuple[str, str | None]] = []
            if attributes:
                for attribute, equals, value in attribute_pairs(attributes):
                    if "&" in value:
                        value = unescape(value)
                    attrs.append((attribute.lower(), value if equals else None))
            (empty if self_closing else start)(name.lower(), attrs)
    return True
