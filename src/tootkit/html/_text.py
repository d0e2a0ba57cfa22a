"""A small, event-driven HTML-to-text converter for Mastodon post bodies.

It walks the standard library's ``html.parser`` events and keeps no tree, so
deep nesting cannot exhaust the stack.
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["to_text"]

_BLOCKS = frozenset(
    {"p", "div", "pre", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.hidden_depth = 0
        self.span_stack: list[str] = []

    def _flush(self) -> None:
        text = "".join(self.current)
        if text.strip():
            self.blocks.append("\n".join(line.rstrip() for line in text.split("\n")).strip("\n"))
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.current.append("\n")
            return
        if tag in _BLOCKS:
            self._flush()
            return
        if tag == "span":
            classes = (dict(attrs).get("class") or "").split()
            kind = (
                "invisible"
                if "invisible" in classes
                else "ellipsis"
                if "ellipsis" in classes
                else ""
            )
            self.span_stack.append(kind)
            if kind == "invisible":
                self.hidden_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._flush()
            return
        if tag == "span" and self.span_stack:
            kind = self.span_stack.pop()
            if kind == "invisible":
                self.hidden_depth -= 1
            elif kind == "ellipsis" and not self.hidden_depth:
                self.current.append("…")

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.current.append(data)


def to_text(html: str) -> str:
    """Convert a Mastodon HTML body to plain text.

    Paragraphs are separated by one blank line, ``<br>`` becomes a newline,
    the hidden part of a shortened link is dropped and ``…`` follows its
    visible part, and entities are decoded.

    Example:
        >>> to_text("<p>one<br>two</p><p>three &amp; four</p>")
        'one\\ntwo\\n\\nthree & four'
    """
    if "<" not in html and "&" not in html:
        return html
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    parser._flush()
    return "\n\n".join(parser.blocks)
