"""The fast path of the HTML converter: plain text from Mastodon's own markup (``p``, ``br``, ``a``, ``span``).

Every Mastodon post is written with these four elements. :func:`plain_text`
reads such a body in one loop over local variables, twice as fast as the
general converter (:mod:`tootkit.html._convert`), whose rules it follows; for
any other element it returns None and the general converter reads the body.

Examples:
    >>> from tootkit.html._markup import simple_tokens
    >>> plain_text(simple_tokens("<p>one<br>two</p><p>three</p>"), False, False)
    'one\\ntwo\\n\\nthree'
"""

from __future__ import annotations

import itertools
from html import unescape

from tootkit.html._markup import attributes_of
from tootkit.html._state import (
    BLOCK,
    ELLIPSIS,
    HIDE,
    LINK,
    NO_ATTRIBUTES,
    Link,
    new_link,
    trimmed_lines,
)

__all__ = ["plain_text"]

_PLAIN_TAGS = frozenset({"p", "br", "a", "span"})
_PLAIN_NAMES = {
    "".join(letters): name
    for name in _PLAIN_TAGS
    for letters in itertools.product(*((c, c.upper()) for c in name))
}
"""Each of the four names, in every case, to its lower case: one lookup tells and lowers."""


def plain_text(
    tokens: list[tuple[str, str, str, str, str]], full_links: bool, hide_quote_inline: bool
) -> str | None:
    """The text of a body made of ``p``, ``br``, ``a`` and ``span`` only; None for any other.

    None too for a quote's inline link to hide (``hide_quote_inline``), which
    the general converter handles.

    Mastodon writes every post with these four elements. The rules are
    :mod:`tootkit.html._convert`'s, for these elements, in one loop over local
    variables: twice as fast, which is most of what a harvest spends on a
    status. tests/html/test_simple_markup.py checks that both ways agree, on
    every reference body and on generated markup.
    """
    lines: list[str] = []
    buf: list[str] = []
    stack: list[tuple[str, int]] = []
    open_count = dict.fromkeys(_PLAIN_TAGS, 0)
    hidden = 0
    after_br = False
    link: Link | None = None

    def flush() -> None:
        if not buf:
            return
        text = "".join(buf)
        buf.clear()
        if link is not None:
            link.start = 0
        if text.strip():
            if lines:
                lines.append("")  # a blank line between paragraphs
            lines.extend(trimmed_lines(text))

    def close_link() -> None:
        nonlocal link
        current, link = link, None
        if current is None or hidden:
            return
        text = "".join(buf[current.start :])
        if full_links and current.plain and current.href:
            text = current.href
        del buf[current.start :]
        buf.append(text)

    def end_tag(tag: str) -> None:
        nonlocal hidden
        if not open_count[tag]:
            return  # a stray end tag closes nothing
        while stack:
            name, flags = stack.pop()
            open_count[name] -= 1
            # At most one "…" a link, and none after a link text that ends with one.
            if (
                flags & ELLIPSIS
                and not hidden
                and not (link and (link.ellipsis or "".join(buf[link.start :]).endswith("…")))
            ):
                if link is not None:
                    link.ellipsis = True
                buf.append("…")
            if flags & HIDE:
                hidden -= 1
            if flags & LINK:
                close_link()
            elif flags & BLOCK:
                flush()
            if name == tag:
                return

    for name, attributes, self_closing, end, text in tokens:
        if text:
            if "&" in text:
                text = unescape(text)  # first: "&#10;" after a <br> is its newline too
            if after_br:
                after_br = False
                if text.startswith("\n"):
                    text = text[1:]  # Pixelfed sends "<br />\n": one line break
            if not hidden and text:
                buf.append(text)
            continue
        after_br = False
        tag = _PLAIN_NAMES.get(name or end)
        if tag is None:
            return None  # another element: the general converter reads it
        if tag == "br":
            if name and not hidden:
                buf.append("\n")
                after_br = True
        elif end:
            end_tag(tag)
        else:
            flags = 0
            attrs, classes = NO_ATTRIBUTES, []
            if attributes:
                attrs = dict(attributes_of(attributes))
                classes = (attrs.get("class") or "").split()
                if hide_quote_inline and "quote-inline" in classes:
                    return None
                if "invisible" in classes:
                    flags |= HIDE
                if "ellipsis" in classes:
                    flags |= ELLIPSIS
            if tag == "p":
                flags |= BLOCK
                flush()
            elif tag == "a":
                flags |= LINK
                if link is not None:
                    close_link()  # links do not nest; an unclosed one ends here
                link = new_link(attrs, classes, len(buf))
            if flags & HIDE:
                hidden += 1
            stack.append((tag, flags))
            open_count[tag] += 1
            if self_closing:
                end_tag(tag)
    while stack:
        end_tag(stack[-1][0])
    flush()
    return "\n".join(lines)
