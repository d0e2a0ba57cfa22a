"""An event-driven HTML-to-text and HTML-to-Markdown converter for post bodies.

It walks parser events once (:mod:`tootkit.html._markup` reads the markup),
builds no tree and does not recurse, so deep nesting cannot exhaust the
stack. It follows DESIGN.md's "Plain-text rules", which the docs page "Post
bodies: HTML to text" shows side by side with examples.
"""

from __future__ import annotations

import itertools
import re
from html import unescape
from html.parser import HTMLParser
from typing import Literal

from tootkit.html._markup import attributes_of, defuse, feed_tokens, simple_tokens

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
_NO_ATTRIBUTES: dict[str, str | None] = {}

# Element flags, kept on the stack of open elements.
_HIDE = 1
_ELLIPSIS = 2
_LINK = 4
_QUOTE = 8
_LIST = 16
_ITEM = 32
_PRE = 64
_BLOCK = 128
_CODE = 256


def _trimmed_lines(text: str) -> list[str]:
    """Lines without their trailing whitespace, and without blank lines at either end."""
    lines = [line.rstrip() for line in text.split("\n")]
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


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


class _Link:
    __slots__ = ("ellipsis", "href", "plain", "start")

    def __init__(self, href: str, plain: bool, start: int) -> None:
        self.href = href
        self.plain = plain  # not a mention or a hashtag
        self.start = start  # where its text begins in the inline buffer
        self.ellipsis = False


def _new_link(attributes: dict[str, str | None], classes: list[str], start: int) -> _Link:
    """A link that starts at ``start`` in the text; plain unless it is a mention or a hashtag."""
    rel = (attributes.get("rel") or "").split()
    plain = "mention" not in classes and "hashtag" not in classes and "tag" not in rel
    return _Link(attributes.get("href") or "", plain, start)


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
        self.link: _Link | None = None
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
        lines = _trimmed_lines(text)
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
            attributes, classes = _NO_ATTRIBUTES, []
        hide_quote = self.hide_quote_inline and "quote-inline" in classes
        if tag in _NOT_SHOWN or "invisible" in classes or hide_quote:
            flags |= _HIDE
        if "ellipsis" in classes:
            flags |= _ELLIPSIS
        if tag in _BLOCKS:
            flags |= _BLOCK
            self.flush()
            if tag == "blockquote":
                flags |= _QUOTE
                self.quote_depth += 1
            elif tag in ("ul", "ol"):
                flags |= _LIST
                self._open_list(tag, attributes)
            elif tag == "li":
                flags |= _ITEM
                self._open_item(attributes)
            elif tag == "pre":
                flags |= _PRE
                self.pre_depth += 1
                self.after_br = True  # HTML drops a newline right after <pre>
            elif tag in _HEADINGS:
                self.heading = _HEADINGS[tag]
        elif tag == "a":
            flags |= _LINK
            self._open_link(attributes, classes)
        elif tag == "code" and not self.pre_depth:
            flags |= _CODE
            self.code_depth += 1
            if self.markdown and not self.hidden:
                self.buf.append("`")
        elif self.markdown and tag in _MARKDOWN_INLINE and not self.hidden:
            self.buf.append(_MARKDOWN_INLINE[tag])
        if flags & _HIDE:
            self.hidden += 1
        if flags & _ITEM:
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
        if flags & _ELLIPSIS and not self.hidden:
            self._ellipsis()
        if flags & _HIDE:
            self.hidden -= 1
        if flags & _LINK:
            self._close_link()
        elif flags & _CODE:
            self.code_depth -= 1
            if self.markdown and not self.hidden:
                self.buf.append("`")
        elif self.markdown and tag in _MARKDOWN_INLINE and not self.hidden:
            self.buf.append(_MARKDOWN_INLINE[tag])
        if flags & _BLOCK:
            self.flush()
            if flags & _QUOTE:
                self.quote_depth -= 1
            elif flags & _LIST:
                self._close_list()
            elif flags & _ITEM:
                self.marker = None
                self.item_depth -= 1
            elif flags & _PRE:
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
        self.link = _new_link(attributes, classes, len(self.buf))

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
        lines = _trimmed_lines(html)
        if markdown:
            lines = [
                _MARKDOWN_LINE_START.sub(r"\1\\\2", _MARKDOWN_ESCAPE.sub(r"\\\1", line))
                for line in lines
            ]
        return "\n".join(lines)
    tokens = simple_tokens(html)
    if tokens is not None and not markdown:
        text = _plain_text(tokens, links == "full", hide_quote_inline)
        if text is not None:
            return text
    parser = _Converter(markdown, links, hide_quote_inline)
    if tokens is not None:
        # Simple markup has nothing to defuse: every "<" starts a well-formed tag.
        feed_tokens(parser, tokens)
    else:
        parser.feed(defuse(html))
    return parser.result()


_PLAIN_TAGS = frozenset({"p", "br", "a", "span"})
_PLAIN_NAMES = {
    "".join(letters): name
    for name in _PLAIN_TAGS
    for letters in itertools.product(*((c, c.upper()) for c in name))
}
"""Each of the four names, in every case, to its lower case: one lookup tells and lowers."""


def _plain_text(
    tokens: list[tuple[str, str, str, str, str]], full_links: bool, hide_quote_inline: bool
) -> str | None:
    """The text of a body made of ``p``, ``br``, ``a`` and ``span`` only; None for any other.

    None too for a quote's inline link to hide (``hide_quote_inline``), which
    the general converter handles.

    Mastodon writes every post with these four elements. The rules are
    :class:`_Converter`'s, for these elements, in one loop over local
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
    link: _Link | None = None

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
            lines.extend(_trimmed_lines(text))

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
                flags & _ELLIPSIS
                and not hidden
                and not (link and (link.ellipsis or "".join(buf[link.start :]).endswith("…")))
            ):
                if link is not None:
                    link.ellipsis = True
                buf.append("…")
            if flags & _HIDE:
                hidden -= 1
            if flags & _LINK:
                close_link()
            elif flags & _BLOCK:
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
            attrs, classes = _NO_ATTRIBUTES, []
            if attributes:
                attrs = dict(attributes_of(attributes))
                classes = (attrs.get("class") or "").split()
                if hide_quote_inline and "quote-inline" in classes:
                    return None
                if "invisible" in classes:
                    flags |= _HIDE
                if "ellipsis" in classes:
                    flags |= _ELLIPSIS
            if tag == "p":
                flags |= _BLOCK
                flush()
            elif tag == "a":
                flags |= _LINK
                if link is not None:
                    close_link()  # links do not nest; an unclosed one ends here
                link = _new_link(attrs, classes, len(buf))
            if flags & _HIDE:
                hidden += 1
            stack.append((tag, flags))
            open_count[tag] += 1
            if self_closing:
                end_tag(tag)
    while stack:
        end_tag(stack[-1][0])
    flush()
    return "\n".join(lines)
