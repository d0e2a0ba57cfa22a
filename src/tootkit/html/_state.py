"""The conversion state that both HTML converters keep: element flags, the link being read, trimmed lines.

The general converter (:mod:`tootkit.html._convert`) and the fast path for
Mastodon's own markup (:mod:`tootkit.html._plain`) apply one set of rules;
what they share to do so lives here.

Examples:
    >>> trimmed_lines("\\n  one  \\ntwo\\n\\n")
    ['  one', 'two']
    >>> new_link({"href": "https://a.example"}, ["mention"], 0).plain
    False
"""

from __future__ import annotations

__all__ = [
    "BLOCK",
    "CODE",
    "ELLIPSIS",
    "HIDE",
    "ITEM",
    "LINK",
    "LIST",
    "NO_ATTRIBUTES",
    "PRE",
    "QUOTE",
    "Link",
    "new_link",
    "trimmed_lines",
]

NO_ATTRIBUTES: dict[str, str | None] = {}

# Element flags, kept on the stack of open elements.
HIDE = 1
ELLIPSIS = 2
LINK = 4
QUOTE = 8
LIST = 16
ITEM = 32
PRE = 64
BLOCK = 128
CODE = 256


def trimmed_lines(text: str) -> list[str]:
    """Lines without their trailing whitespace, and without blank lines at either end."""
    lines = [line.rstrip() for line in text.split("\n")]
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


class Link:
    """A link being read: where its text starts in the inline buffer, and how to show it."""

    __slots__ = ("ellipsis", "href", "plain", "start")

    def __init__(self, href: str, plain: bool, start: int) -> None:
        self.href = href
        self.plain = plain  # not a mention or a hashtag
        self.start = start  # where its text begins in the inline buffer
        self.ellipsis = False


def new_link(attributes: dict[str, str | None], classes: list[str], start: int) -> Link:
    """A link that starts at ``start`` in the text; plain unless it is a mention or a hashtag."""
    rel = (attributes.get("rel") or "").split()
    plain = "mention" not in classes and "hashtag" not in classes and "tag" not in rel
    return Link(attributes.get("href") or "", plain, start)
