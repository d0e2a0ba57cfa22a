"""The general HTML-to-text and HTML-to-Markdown converter of post bodies (the JSON one is ``tootkit._convert``).

Plain text from Mastodon's own markup takes the fast path of
:mod:`tootkit.html._plain`; everything else comes here. It walks parser events once (:mod:`tootkit.html._markup` reads the markup),
builds no tree and does not recurse, so deep nesting cannot exhaust the
stack. It follows DESIGN.md's "Plain-text rules", which the docs page "Post
bodies: HTML to text" shows side by side with examples.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Literal

from tootkit.html._markup import defuse, feed_tokens, simple_tokens
from tootkit.html._plain import plain_text
from tootkit.html._state import (
    BLOCK,
    CODE,
    ELLIPSIS,
    HIDE,
    ITEM,
    LINK,
    LIST,
    NO_ATTRIBUTES,
    PRE,
    QUOTE,
    Link,
    new_link,
    trimmed_lines,
)

__all__ = ["convert"]

Links = Literal["visible", "full"]

_BLOCKS = frozenset(
    {
        "p", "div", "pre", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "table", "tr", "section", "article", "header", "footer", "aside", "figure",
        "figcaption", "details", "summary", "dl", "dt", "dd", "address", "main", "nav",
    }
)  # fmt: skip
_VOID = frozenset(
    {"br", "img", "hr", "input", "meta", "link", "wbr", "area", "base", "col", "embed",
     "param", "source", "track", "keygen"}
)  # fmt: skip
_NOT_SHOWN = frozenset({"script", "style", "template", "head", "title", "noscript"})
_MARKDOWN_INLINE = {
    "b": "**", "strong": "**", "i": "*", "em": "*", "del": "~~", "s": "~~", "strike": "~~",
}  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

_MAX_DEPTH = 10
"""Deeper quotes and lists are not indented further: prefixes would grow without bound."""

_MARKDOWN_ESCAPE = re.compile(r"([\\`*_\[\]~<>|])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([#>+\-]|\d+[.)])(?=\s|$)")
_SHORTCODE = re.compile(r"^:[\w+-]+:$")


class _List:
    __slots__ = ("count", "markers", "ordered", "reversed_unknown", "root", "step", "value")

    def __init__(self, ordered: bool, start: int | None, reversed_: bool, root: int) -> None:
        self.ordered = ordered
        self.step = -1 if reversed_ else 1
        # A reversed list without ``start`` counts down from its number of
        # items, which is known only at its end: numbers are filled in then.
        self.reversed_unknown = reversed_ and start is None
        self.value = start if start is not None else 1
        self.count = 0
        self.markers: list[tuple[int, int]] = []  # (line index, item number) to fill in
        self.root = root


class _Converter(HTMLParser):
    def __init__(self, markdown: bool, links: Links, hide_quote_inline: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.markdown = markdown
        self.full_links = links == "full"
        self.hide_quote_inline = hide_quote_inline
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.stack: list[tuple[str, int]] = []
        self.open_count: dict[str, int] = {}  # open elements by name, to skip stray end tags
        self.item_depth = 0
        self.item_width = 0  # the width of the current item's marker
        self.hidden = 0
        self.quote_depth = 0
        self.pre_depth = 0
        self.code_depth = 0
        self.lists: list[_List] = []
        self.marker: str | None = None  # the marker that the current item's first line gets
        self.heading = 0
        self.link: Link | None = None
        self.after_br = False
        self.last_kind: tuple[str, int] | None = None  # ("item", list root) or ("block", 0)
        self.last_quote = 0
        self.list_ids = 0

    # --- blocks ---------------------------------------------------------------

    def flush(self) -> None:
        """End the current run of inline text: emit it as lines of output."""
        if not self.buf:
            return
        text = "".join(self.buf)
        self.buf = []
        if self.link is not None:
            self.link.start = 0
        if not text.strip():
            return  # whitespace between blocks is not shown
        lines = trimmed_lines(text)
        if self.markdown and not self.pre_depth:
            lines = [_MARKDOWN_LINE_START.sub(r"\1\\\2", line) for line in lines]
        if self.markdown and self.pre_depth:
            lines = ["```", *lines, "```"]
        elif self.markdown and self.heading:
            lines[0] = "#" * self.heading + " " + lines[0]
        quote = "> " * min(self.quote_depth, _MAX_DEPTH)
        in_list = bool(self.lists) and self.item_depth > 0
        kind = ("item", self.lists[-1].root) if in_list else ("block", 0)
        if in_list:
            indent = "  " * min(len(self.lists) - 1, _MAX_DEPTH)
            # Lines after an item's first one (a <br>, a second paragraph)
            # line up under its text.
            rest = " " * self.item_width
            first = self.marker if self.marker is not None else rest
            if self.marker is not None:
                current = self.lists[-1]
                if current.reversed_unknown:
                    current.markers.append((len(self.lines) + self._gap(kind), current.count))
            self.marker = None
            lines = [indent + (first if i == 0 else rest) + line for i, line in enumerate(lines)]
        if self.lines:
            gap = self._gap(kind)
            if gap:
                common = "> " * min(self.last_quote, self.quote_depth, _MAX_DEPTH)
                self.lines.append(common.rstrip())
        self.lines.extend((quote + line).rstrip() for line in lines)
        self.last_kind = kind
        self.last_quote = self.quote_depth

    def _gap(self, kind: tuple[str, int]) -> int:
        """1 when a blank line separates the next lines from the previous ones."""
        if not self.lines:
            return 0
        return 0 if kind[0] == "item" and kind == self.last_kind else 1

    # --- parser events ----------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.after_br = False
        if tag == "br":
            if not self.hidden:
                self.buf.append("\n")
                self.after_br = True
            return
        if tag == "img":
            self._image(attrs)
            return
        if tag in _VOID:
            if tag == "hr":
                self.flush()
                if self.markdown and not self.hidden:
                    self.buf.append("---")
                    self.flush()
            return
        flags = 0
        if attrs:
            attributes = dict(attrs)
            classes = (attributes.get("class") or "").split()
        else:
            attributes, classes = NO_ATTRIBUTES, []
        hide_quote = self.hide_quote_inline and "quote-inline" in classes
        if tag in _NOT_SHOWN or "invisible" in classes or hide_quote:
            flags |= HIDE
        if "ellipsis" in classes:
            flags |= ELLIPSIS
        if tag in _BLOCKS:
            flags |= BLOCK
            self.flush()
            if tag == "blockquote":
                flags |= QUOTE
                self.quote_depth += 1
            elif tag in ("ul", "ol"):
                flags |= LIST
                self._open_list(tag, attributes)
            elif tag == "li":
                flags |= ITEM
                self._open_item(attributes)
            elif tag == "pre":
                flags |= PRE
                self.pre_depth += 1
                self.after_br = True  # HTML drops a newline right after <pre>
            elif tag in _HEADINGS:
                self.heading = _HEADINGS[tag]
        elif tag == "a":
            flags |= LINK
            self._open_link(attributes, classes)
        elif tag == "code" and not self.pre_depth:
            flags |= CODE
            self.code_depth += 1
            if self.markdown and not self.hidden:
                self.buf.append("`")
        elif self.markdown and tag in _MARKDOWN_INLINE and not self.hidden:
            self.buf.append(_MARKDOWN_INLINE[tag])
        if flags & HIDE:
            self.hidden += 1
        if flags & ITEM:
            self.item_depth += 1
        self.stack.append((tag, flags))
        self.open_count[tag] = self.open_count.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self.after_br = False
        if tag in _VOID:
            return
        # Close up to the matching open element; a stray end tag closes nothing.
        # The search walks only over elements that it then closes: linear in all.
        if not self.open_count.get(tag):
            return
        while self.stack:
            name, flags = self.stack.pop()
            self._close(name, flags)
            if name == tag:
                break

    def _close(self, tag: str, flags: int) -> None:
        self.open_count[tag] -= 1
        if flags & ELLIPSIS and not self.hidden:
            self._ellipsis()
        if flags & HIDE:
            self.hidden -= 1
        if flags & LINK:
            self._close_link()
        elif flags & CODE:
            self.code_depth -= 1
            if self.markdown and not self.hidden:
                self.buf.append("`")
        elif self.markdown and tag in _MARKDOWN_INLINE and not self.hidden:
            self.buf.append(_MARKDOWN_INLINE[tag])
        if flags & BLOCK:
            self.flush()
            if flags & QUOTE:
                self.quote_depth -= 1
            elif flags & LIST:
                self._close_list()
            elif flags & ITEM:
                self.marker = None
                self.item_depth -= 1
            elif flags & PRE:
                self.pre_depth -= 1
            if tag in _HEADINGS:
                self.heading = 0

    def handle_data(self, data: str) -> None:
        if self.after_br:
            self.after_br = False
            if data.startswith("\n"):
                data = data[1:]  # Pixelfed sends "<br />\n": one line break
        if self.hidden or not data:
            return
        if self.markdown and not self.pre_depth and not self.code_depth:
            data = _MARKDOWN_ESCAPE.sub(r"\\\1", data)
        self.buf.append(data)

    # --- pieces -----------------------------------------------------------------

    def _image(self, attrs: list[tuple[str, str | None]]) -> None:
        # Custom emoji sent as images (Misskey forks, Pleroma) show their shortcode.
        alt = (dict(attrs).get("alt") or "").strip()
        if alt and not self.hidden and _SHORTCODE.match(alt):
            self.buf.append(alt)

    def _open_list(self, tag: str, attributes: dict[str, str | None]) -> None:
        start: int | None = None
        raw = (attributes.get("start") or "").strip()
        if raw.lstrip("-").isdigit():
            start = int(raw)
        if not self.lists:
            self.list_ids += 1
        root = self.lists[0].root if self.lists else self.list_ids
        self.lists.append(_List(tag == "ol", start, "reversed" in attributes, root))

    def _close_list(self) -> None:
        closed = self.lists.pop()
        if closed.reversed_unknown:
            total = closed.count
            for line_index, number in closed.markers:
                if 0 <= line_index < len(self.lines):
                    placeholder = f"\x00{number}\x00"
                    self.lines[line_index] = self.lines[line_index].replace(
                        placeholder, str(total - number + 1), 1
                    )

    def _open_item(self, attributes: dict[str, str | None]) -> None:
        if not self.lists:
            self.marker = "- "
            self.item_width = 2
            return
        current = self.lists[-1]
        current.count += 1
        if not current.ordered:
            self.marker = "- "
            self.item_width = 2
            return
        raw = (attributes.get("value") or "").strip()
        if raw.lstrip("-").isdigit():
            current.value = int(raw)
            current.reversed_unknown = False
        if current.reversed_unknown:
            self.marker = f"\x00{current.count}\x00. "
            self.item_width = len(str(current.count)) + 2
        else:
            self.marker = f"{current.value}. "
            self.item_width = len(self.marker)
        current.value += current.step

    def _open_link(self, attributes: dict[str, str | None], classes: list[str]) -> None:
        if self.link is not None:
            self._close_link()  # links do not nest; an unclosed one ends here
        self.link = new_link(attributes, classes, len(self.buf))

    def _close_link(self) -> None:
        link, self.link = self.link, None
        if link is None or self.hidden:
            return
        text = "".join(self.buf[link.start :])
        if self.full_links and link.plain and link.href:
            text = link.href
        if self.markdown and link.href and text:
            text = f"[{text}]({link.href.replace(')', '%29').replace(' ', '%20')})"
        del self.buf[link.start :]
        self.buf.append(text)

    def _ellipsis(self) -> None:
        # At most one "…" a link (Takahe marks both the link and its span), and
        # none after a link text that already ends with one (Friendica).
        if self.link is not None:
            if self.link.ellipsis or "".join(self.buf[self.link.start :]).endswith("…"):
                return
            self.link.ellipsis = True
        self.buf.append("…")

    def result(self) -> str:
        self.close()
        while self.stack:
            name, flags = self.stack.pop()
            self._close(name, flags)
        self.flush()
        return "\n".join(self.lines)


def convert(html: str, *, markdown: bool, links: Links, hide_quote_inline: bool) -> str:
    """Convert one body; see :func:`tootkit.html.to_text` and :func:`tootkit.html.to_markdown`."""
    if links not in ("visible", "full"):
        raise ValueError(f"links must be 'visible' or 'full', not {links!r}")
    if "<" not in html and "&" not in html:
        # Plain text: only the line-end and edge rules apply.
        if not html.strip():
            return ""
        lines = trimmed_lines(html)
        if markdown:
            lines = [
                _MARKDOWN_LINE_START.sub(r"\1\\\2", _MARKDOWN_ESCAPE.sub(r"\\\1", line))
                for line in lines
            ]
        return "\n".join(lines)
    tokens = simple_tokens(html)
    if tokens is not None and not markdown:
        text = plain_text(tokens, links == "full", hide_quote_inline)
        if text is not None:
            return text
    parser = _Converter(markdown, links, hide_quote_inline)
    if tokens is not None:
        # Simple markup has nothing to defuse: every "<" starts a well-formed tag.
        feed_tokens(parser, tokens)
    else:
        parser.feed(defuse(html))
    return parser.result()
