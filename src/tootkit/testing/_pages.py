"""Mastodon's pagination: ``max_id``/``since_id``/``min_id``/``limit`` and the ``Link`` header.

Ids are compared as Mastodon compares them: in order of creation. Snowflakes
(digits) and ULIDs (26 base32 characters) both sort that way as text once
padded to one width, since digits sort before letters.

    >>> order_key("9") < order_key("10")
    True
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Literal, TypeVar
from urllib.parse import urlencode

import attrs

__all__ = ["MASTODON_PAGES", "PageStyle", "order_key", "paginate", "paginate_sorted"]

T = TypeVar("T")

DEFAULT_LIMIT = 20
MAX_LIMIT = 40


@attrs.frozen
class PageStyle:
    """How a server pages a list: the ``Link`` header it sends, and what a cursor means.

    Attributes:
        links: ``"when_full"`` (Mastodon: ``next`` only after a full page),
            ``"always"`` (GoToSocial, Pleroma: ``next`` after every page that
            is not empty, so that a walk ends on an empty page) or ``"none"``
            (snac2: no ``Link`` header at all).
        by_position: Cursors are places in the list rather than ids compared
            by value (snac2, whose ids are not in order within one second):
            ``max_id`` means "after this item of the list"; an id not in the
            list keeps nothing (``max_id``, ``min_id``) or everything (``since_id``).
    """

    links: Literal["when_full", "always", "none"] = "when_full"
    by_position: bool = False


MASTODON_PAGES = PageStyle()
"""Mastodon's way, the fake's default."""


def order_key(id_: str) -> str:
    """A sort key of an id: later ids have larger keys."""
    return id_.rjust(26, "0")


def _limit(raw: str | None, default: int, largest: int) -> int:
    # Mastodon clamps the limit rather than refusing it; junk means the default.
    try:
        wanted = int(raw) if raw is not None else default
    except ValueError:
        wanted = default
    return max(1, min(wanted, largest))


def paginate(
    items: Sequence[T],
    id_of: Callable[[T], str],
    query: Sequence[tuple[str, str]],
    url: str,
    *,
    default: int = DEFAULT_LIMIT,
    largest: int = MAX_LIMIT,
    style: PageStyle = MASTODON_PAGES,
) -> tuple[list[T], str | None]:
    """One page of ``items`` (newest first) and its ``Link`` header, as Mastodon answers.

    ``max_id`` keeps older items, ``since_id`` newer ones (the newest of them),
    ``min_id`` the page just after it (the oldest of the newer ones). ``next``
    goes on with ``max_id`` when the page is full; ``prev`` comes back with
    ``min_id`` whenever the page is not empty. ``url`` is the endpoint's URL,
    without a query; other parameters of ``query`` are carried over. Another
    server's ``style`` changes the links and the meaning of the cursors.
    """
    paging = dict(query)
    limit = _limit(paging.get("limit"), default, largest)
    key: Callable[[str], str | None] = order_key
    if style.by_position:
        key = _position_key(items, id_of)
    kept = list(items)
    for name, older in (("max_id", True), ("since_id", False), ("min_id", False)):
        if name in paging:
            bound = key(paging[name])
            if bound is None:  # an id not in the list, where cursors are places in it
                kept = kept if name == "since_id" else []
            elif older:
                kept = [i for i in kept if _below(key(id_of(i)), bound)]
            else:
                kept = [i for i in kept if _below(bound, key(id_of(i)))]
    page = kept[-limit:] if "min_id" in paging else kept[:limit]
    return page, _link(page, id_of, query, url, limit, style)


def paginate_sorted(
    items: Sequence[T],
    keys: Sequence[str],
    keep: Callable[[T], bool],
    id_of: Callable[[T], str],
    query: Sequence[tuple[str, str]],
    url: str,
    *,
    default: int = DEFAULT_LIMIT,
    largest: int = MAX_LIMIT,
    style: PageStyle = MASTODON_PAGES,
) -> tuple[list[T], str | None]:
    """:func:`paginate` over the items that ``keep``, without reading those off the page.

    ``items`` are oldest first, and ``keys`` their :func:`order_key` in the
    same (rising) order. The cursors are found by bisection, and the page is
    read from there, up to ``limit`` items kept: a page costs the same at
    the end of a long walk as at its start. Not for ``style.by_position``.

        >>> ids = ["1", "2", "3", "4", "5"]
        >>> page, link = paginate_sorted(
        ...     ids, [order_key(i) for i in ids], lambda i: i != "3", str,
        ...     [("max_id", "5"), ("limit", "2")], "https://fake.test/api/v1/x",
        ... )
        >>> page
        ['4', '2']
    """
    paging = dict(query)
    limit = _limit(paging.get("limit"), default, largest)
    lower = max((order_key(paging[n]) for n in ("since_id", "min_id") if n in paging), default="")
    upper = order_key(paging["max_id"]) if "max_id" in paging else None
    start = bisect.bisect_right(keys, lower) if lower else 0
    end = bisect.bisect_left(keys, upper) if upper is not None else len(keys)
    page: list[T] = []
    # With min_id, the oldest of the newer ones; otherwise the newest.
    places = range(start, end) if "min_id" in paging else range(end - 1, start - 1, -1)
    for place in places:
        if keep(items[place]):
            page.append(items[place])
            if len(page) == limit:
                break
    if "min_id" in paging:
        page.reverse()
    return page, _link(page, id_of, query, url, limit, style)


def _link(
    page: Sequence[T],
    id_of: Callable[[T], str],
    query: Sequence[tuple[str, str]],
    url: str,
    limit: int,
    style: PageStyle,
) -> str | None:
    """The ``Link`` header of a page (newest first), as ``style``'s server writes it."""
    if not page or style.links == "none":
        return None
    carried = [(k, v) for k, v in query if k not in {"max_id", "since_id", "min_id", "limit"}]
    carried.append(("limit", str(limit)))
    links = []
    if len(page) == limit or style.links == "always":
        links.append(f'<{url}?{urlencode([*carried, ("max_id", id_of(page[-1]))])}>; rel="next"')
    links.append(f'<{url}?{urlencode([*carried, ("min_id", id_of(page[0]))])}>; rel="prev"')
    return ", ".join(links)


def _position_key(items: Sequence[T], id_of: Callable[[T], str]) -> Callable[[str], str | None]:
    """A sort key of the ids of ``items`` (newest first) by their place in it; None for others."""
    places = {id_of(item): f"{len(items) - n:012d}" for n, item in enumerate(items)}
    return places.get


def _below(lower: str | None, upper: str | None) -> bool:
    return lower is not None and upper is not None and lower < upper
