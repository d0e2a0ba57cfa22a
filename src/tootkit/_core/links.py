"""RFC 8288 ``Link`` headers, and the pagination cursors that Mastodon puts in them.

tootkit never requests a URL that a response supplies: it reads only the
cursor values (``max_id``, ``min_id``, ``since_id``, ``offset``) from the links,
and sends the next request to the configured instance itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

__all__ = [
    "CURSOR_KEYS",
    "Link",
    "PageLinks",
    "decode_cursor",
    "encode_cursor",
    "page_links",
    "parse_link_header",
]

CURSOR_KEYS = ("max_id", "min_id", "since_id", "offset")
"""The query parameters that carry a position in a list."""


@dataclass(frozen=True, slots=True)
class Link:
    """One link of a ``Link`` header.

    Attributes:
        url: The target, as sent (never fetched by tootkit).
        rels: The link relation types, lower case (``("next",)``).
        params: The other link parameters, such as ``title``.
    """

    url: str
    rels: tuple[str, ...]
    params: tuple[tuple[str, str], ...] = ()


def _split_top_level(value: str, sep: str) -> list[str]:
    """Split on ``sep`` outside ``<...>`` and quoted strings."""
    parts: list[str] = []
    buf: list[str] = []
    in_angle = in_quote = escaped = False
    for ch in value:
        if escaped:
            buf.append(ch)
            escaped = False
            continue
        if in_quote:
            if ch == "\\":
                escaped = True
            elif ch == '"':
                in_quote = False
            buf.append(ch)
            continue
        if ch == '"' and not in_angle:
            in_quote = True
        elif ch == "<":
            in_angle = True
        elif ch == ">":
            in_angle = False
        elif ch == sep and not in_angle:
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    return parts


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


def parse_link_header(value: str | None) -> list[Link]:
    """Parse a ``Link`` header into its links; malformed parts are skipped.

    Examples:
        >>> links = parse_link_header('<https://x/api?max_id=1>; rel="next", <https://x/api?min_id=9>; rel="prev"')
        >>> [(link.rels, link.url) for link in links]
        [(('next',), 'https://x/api?max_id=1'), (('prev',), 'https://x/api?min_id=9')]
    """
    if not value:
        return []
    links: list[Link] = []
    for part in _split_top_level(value, ","):
        part = part.strip()
        if not part.startswith("<") or ">" not in part:
            continue
        url, _, rest = part[1:].partition(">")
        rels: tuple[str, ...] = ()
        params: list[tuple[str, str]] = []
        for attr in _split_top_level(rest, ";"):
            name, eq, raw = attr.partition("=")
            name = name.strip().lower()
            if not name:
                continue
            text = _unquote(raw) if eq else ""
            if name == "rel" and not rels:  # RFC 8288: only the first rel counts
                rels = tuple(r.lower() for r in text.split())
            else:
                params.append((name, text))
        links.append(Link(url=url.strip(), rels=rels, params=tuple(params)))
    return links


def encode_cursor(params: dict[str, str]) -> str:
    """Turn cursor values into the opaque string that a paginator hands out.

    Examples:
        >>> encode_cursor({"max_id": "109"})
        'max_id=109'
    """
    return urlencode(sorted(params.items()))


def decode_cursor(cursor: str) -> dict[str, str]:
    """Read back a cursor string; only the known cursor keys are kept.

    Examples:
        >>> decode_cursor("max_id=109")
        {'max_id': '109'}
    """
    if not isinstance(cursor, str):
        raise TypeError(f"a cursor is a string, not {type(cursor).__name__}")
    values = {k: v for k, v in parse_qsl(cursor, keep_blank_values=False) if k in CURSOR_KEYS}
    if not values:
        raise ValueError(f"{cursor!r} is not a tootkit cursor (expected e.g. 'max_id=109')")
    return values


@dataclass(frozen=True, slots=True)
class PageLinks:
    """The cursor values of a page's ``next`` and ``prev`` links.

    ``None`` means the link is absent (the end of the list in that direction).
    """

    next: dict[str, str] | None
    prev: dict[str, str] | None


def _cursor_of(url: str) -> dict[str, str] | None:
    try:
        query = urlsplit(url).query
    except ValueError:
        return None
    values = {k: v for k, v in parse_qsl(query) if k in CURSOR_KEYS and v}
    return values or None


def page_links(header: str | None) -> PageLinks:
    """Read the ``next`` and ``prev`` cursors out of a ``Link`` header.

    Examples:
        >>> page_links('<https://m.example/api/v1/timelines/tag/x?max_id=7>; rel="next"')
        PageLinks(next={'max_id': '7'}, prev=None)
    """
    nxt: dict[str, str] | None = None
    prev: dict[str, str] | None = None
    for link in parse_link_header(header):
        if "next" in link.rels and nxt is None:
            nxt = _cursor_of(link.url)
        if ("prev" in link.rels or "previous" in link.rels) and prev is None:
            prev = _cursor_of(link.url)
    return PageLinks(next=nxt, prev=prev)
