"""How a paginated list is walked, as pure functions: which page to ask for next, what to hand out.

A :class:`Strategy` says what kind of list it is and how to walk it. :func:`walk`
is a generator in the manner of ``httpx.Auth.auth_flow``: it yields a
:class:`Fetch` (ask the server for this page) or an :class:`Emit` (hand these
items out), and receives a :class:`Fetched` after each fetch. It does no I/O,
so every rule is tested as a table; the paginators only run the loop.

Three kinds of list:

- ``"link"``: follow the ``Link`` header (favourites, followers, notifications);
- ``"offset"``: count items (trends, search); a short page is the last;
- ``"link_or_id"``: the ``Link`` header, and below the last item's id when a
  server sends none (status timelines); date bounds become ids where ids
  carry their time (Mastodon's snowflakes, GoToSocial's ULIDs).

Examples:
    >>> steps = walk(Strategy(kind="offset", page_size=2, limit=3))
    >>> next(steps)
    Fetch(position={}, size=2)
    >>> steps.send(Fetched(items=["a", "b"]))
    Emit(items=['a', 'b'], forward={'offset': '2'}, backward=None)
"""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from tootkit._core.idscheme import id_scheme
from tootkit._core.links import CURSOR_KEYS, PageLinks, decode_cursor

__all__ = [
    "Emit",
    "Fetch",
    "Fetched",
    "Kind",
    "Steps",
    "Strategy",
    "make_strategy",
    "toward_newer",
    "walk",
]

Kind = Literal["link", "offset", "link_or_id"]

_FIRST = "0"
"""A ``min_id`` below every id of every id scheme: the start of a newer walk from the oldest item."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Strategy:
    """How to walk one list.

    Attributes:
        kind: ``"link"``, ``"offset"`` or ``"link_or_id"`` (see the module).
        page_size: Items to ask for per request (already clamped to the maximum).
        limit: The most items to hand out in all.
        start: The cursor values to start at (``max_id``, ``min_id``, ``offset``...).
        newer: Walk toward newer items (``rel="prev"``, pages oldest first).
        since: Hand out only items created then or later.
        until: Hand out only items created then or earlier.
    """

    kind: Kind = "link"
    page_size: int = 40
    limit: int | None = None
    start: Mapping[str, str] = field(default_factory=dict)
    newer: bool = False
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class Fetch:
    """Ask the server for the page at ``position`` (cursor values), ``size`` items."""

    position: dict[str, str]
    size: int


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a fetch brought: the items (with ``id`` and ``created_at``), and the page links."""

    items: Sequence[Any]
    links: PageLinks = field(default_factory=lambda: PageLinks(next=None, prev=None))
    link_header: bool = False


@dataclass(frozen=True, slots=True)
class Emit:
    """Hand out a page: its items and the cursors on either side of it."""

    items: list[Any]
    forward: dict[str, str] | None
    backward: dict[str, str] | None


Steps = Generator[Fetch | Emit, Fetched | None, None]


def walk(strategy: Strategy) -> Steps:
    """The walk of ``strategy``: yields what to fetch and what to hand out; send it each fetch.

    The first page is handed out even when it is empty (its rate-limit state
    matters); the walk ends at the first empty page after it, at a missing
    link, at ``limit``, past a date bound, or when a server sends the same
    cursor again.
    """
    remaining = strategy.limit
    position = dict(strategy.start)
    offset = int(position.get("offset", "0") or 0) if strategy.kind == "offset" else 0
    dated = strategy.since is not None or strategy.until is not None
    scheme_known = not dated
    first = True
    previous: list[Any] = []  # the keys of the last offset page
    while remaining is None or remaining > 0:
        size = strategy.page_size
        if remaining is not None and not dated:
            # With a date bound, some of a page may be filtered out here: a page
            # cut to the limit would cost a request per item.
            size = min(size, remaining)
        fetched = yield Fetch(position, size)
        assert fetched is not None
        items = list(fetched.items)
        if not items:
            if first:
                yield Emit([], None, None)
            return
        if not scheme_known:
            scheme_known = True
            jump = yield from _date_jump(strategy, items, position)
            if jump is not None:
                position = jump
                continue
        first = False
        forward, backward = _links(strategy, fetched)
        page_start = offset
        if strategy.kind == "offset":
            keys = [_key(item) for item in items]
            if keys == previous:
                return  # a server that ignores offset sends the same page again
            previous = keys
            offset += len(items)
            forward = {"offset": str(offset)} if len(items) >= size else None
        elif forward is None and _no_link_but_ids(strategy, fetched):
            # No Link header at all on a page of statuses (some servers and
            # proxies strip it): continue below the last status.
            last_id = getattr(items[-1], "id", None)
            forward = {"max_id": str(last_id)} if last_id else None
        ended = False
        if dated:
            items, ended = within_bounds(strategy, items)
        if remaining is not None and len(items) > remaining:
            # Keep the items next to where the walk came from, so that a saved
            # cursor resumes exactly after the last item handed out.
            items = items[-remaining:] if strategy.newer else items[:remaining]
            forward = cursor_after(strategy, items, page_start)
        if ended:
            forward = None
        if remaining is not None:
            remaining -= len(items)
        if items or forward is None:
            yield Emit(items, forward, backward)
        if forward is None or forward == position:
            return  # the end, or a server that would send the same page again
        position = forward


def _key(item: Any) -> Any:
    """What tells items apart: an id, a URL (trending links) or a name (tags)."""
    for name in ("id", "url", "name"):
        value = getattr(item, name, None)
        if value:
            return value
    return item


def _no_link_but_ids(strategy: Strategy, fetched: Fetched) -> bool:
    return strategy.kind == "link_or_id" and not strategy.newer and not fetched.link_header


def _links(strategy: Strategy, fetched: Fetched) -> tuple[dict[str, str] | None, ...]:
    links = fetched.links
    if strategy.newer:
        return links.prev, links.next
    return links.next, links.prev


def within_bounds(strategy: Strategy, items: list[Any]) -> tuple[list[Any], bool]:
    """The items created between the bounds, and whether the walk went past one.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from types import SimpleNamespace as Item
        >>> day = lambda n: datetime(2025, 1, n, tzinfo=UTC)
        >>> page = [Item(created_at=day(3)), Item(created_at=day(2)), Item(created_at=day(1))]
        >>> kept, ended = within_bounds(Strategy(since=day(2)), page)
        >>> len(kept), ended
        (2, True)
    """
    since, until = strategy.since, strategy.until
    kept: list[Any] = []
    ended = False
    for item in items:
        created: datetime = item.created_at
        if since is not None and created < since:
            ended = ended or not strategy.newer
            continue
        if until is not None and created > until:
            ended = ended or strategy.newer
            continue
        kept.append(item)
    return kept, ended


def cursor_after(strategy: Strategy, items: list[Any], page_start: int) -> dict[str, str] | None:
    """The cursor that resumes a walk just after ``items``, the last ones handed out."""
    if strategy.kind == "offset":
        return {"offset": str(page_start + len(items))}
    edge = items[0] if strategy.newer else items[-1]
    edge_id = getattr(edge, "id", None)
    if not edge_id:
        return None
    return {"min_id": str(edge_id)} if strategy.newer else {"max_id": str(edge_id)}


def _date_jump(
    strategy: Strategy, items: list[Any], position: dict[str, str]
) -> Generator[Fetch, Fetched | None, dict[str, str] | None]:
    """Where to start instead, now that the first page shows the id scheme; or None.

    Where ids carry their time (Mastodon's snowflakes, GoToSocial's ULIDs), a
    date bound is turned into an id and the walk jumps there. Elsewhere the walk filters by ``created_at``; a
    newer walk from ``since`` first walks older to find where to start.
    """
    pairs = [(str(getattr(i, "id", "")), i.created_at) for i in items]
    status_ids = strategy.kind == "link_or_id"
    scheme = id_scheme(pairs) if status_ids else None
    oldest = min(created for _, created in pairs)
    newest = max(created for _, created in pairs)
    if not strategy.newer:
        if scheme and strategy.until is not None and oldest > strategy.until:
            return {"max_id": scheme.until_max_id(strategy.until)}
        return None
    since = strategy.since
    if since is None or "min_id" in position or "since_id" in position:
        return None
    if scheme:
        return {"min_id": scheme.since_id(since)}
    if oldest < since <= newest or not status_ids:
        # The bound is inside this page (or ids cannot be jumped to): start
        # just above the newest item that is older than it.
        older = [(i, c) for i, c in pairs if c < since]
        return {"min_id": max(older, key=lambda p: p[1])[0]} if older else None
    # Walk older, one page in memory, to the newest item older than since.
    cursor = {k: v for k, v in position.items() if k == "max_id"}
    while True:
        fetched = yield Fetch(cursor, strategy.page_size)
        assert fetched is not None
        older_items = [i for i in fetched.items if i.created_at < since]
        if older_items:
            return {"min_id": str(older_items[0].id)}
        following = fetched.links.next
        if not fetched.items or following is None or following == cursor:
            return {"min_id": _FIRST}  # everything is newer than since
        cursor = following


def _check_bound(name: str, value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name}={value!r} is a naive datetime; give an aware one, "
            "such as datetime(2025, 1, 1, tzinfo=UTC)"
        )
    return value


def make_strategy(
    kind: Kind,
    params: Sequence[tuple[str, str]],
    *,
    max_page_size: int = 40,
    limit: int | None = None,
    page_size: int | None = None,
    cursor: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    max_id: str | None = None,
    min_id: str | None = None,
    since_id: str | None = None,
) -> Strategy:
    """The strategy of a walk, from what a method was given; a mistake is refused here.

    The cursor values among the request's ``params`` and the raw cursors
    (``max_id``, ``min_id``, ``since_id``) are where the walk starts, unless a
    saved ``cursor`` says otherwise. A ``min_id`` walks toward newer items.

    Examples:
        >>> make_strategy("link", [("min_id", "5")], page_size=500)
        Strategy(kind='link', page_size=40, limit=None, start={'min_id': '5'}, newer=True, since=None, until=None)
    """
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be a non-negative int or None, not {limit!r}")
    if page_size is not None and (not isinstance(page_size, int) or page_size < 1):
        raise ValueError(f"page_size must be a positive int or None, not {page_size!r}")
    since, until = _check_bound("since", since), _check_bound("until", until)
    if since and until and since > until:
        raise ValueError(f"since ({since}) is after until ({until}): nothing lies between")
    start = {k: v for k, v in params if k in CURSOR_KEYS}
    raw = {"max_id": max_id, "min_id": min_id, "since_id": since_id}
    start.update({k: str(v) for k, v in raw.items() if v is not None})
    if cursor is not None:
        start = decode_cursor(cursor)
    # Servers clamp a larger page size to their maximum anyway; asking for the
    # maximum keeps the request count right in what the walk computes.
    return Strategy(
        kind=kind,
        page_size=min(page_size or max_page_size, max_page_size),
        limit=limit,
        start=start,
        newer="min_id" in start,
        since=since,
        until=until,
    )


def toward_newer(strategy: Strategy) -> Strategy:
    """The same walk toward newer items; one that had a ``max_id`` starts just above it.

    Examples:
        >>> toward_newer(Strategy(start={"max_id": "9"})).start
        {'min_id': '9'}
    """
    start = dict(strategy.start)
    if "max_id" in start and "min_id" not in start:
        start = {"min_id": start["max_id"]}
    return replace(strategy, newer=True, start=start)
