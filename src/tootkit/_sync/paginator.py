# This file is generated from the async source src/tootkit/_async/paginator.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Walking a paginated list: :class:`Paginator`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from datetime import datetime
from typing import Any, Generic, TYPE_CHECKING, TypeVar

from tootkit._core.links import CURSOR_KEYS, decode_cursor, encode_cursor, page_links
from tootkit._core.page import Page
from tootkit._core.ratelimit import RateLimit
from tootkit._core.request import Request
from tootkit._core.snowflake import looks_like_snowflakes, since_id, until_max_id
from tootkit._typeinfo import split_items

if TYPE_CHECKING:
    from tootkit._sync.client import Client
    from tootkit._transport import Reply

__all__ = ["Paginator"]

T = TypeVar("T")

_FIRST = "0"
"""A ``min_id`` below every id of every id scheme: the start of a newer walk from the oldest item."""


class _Kept:
    """An item with the JSON it came from, while a walk that keeps raw JSON filters it."""

    __slots__ = ("model", "raw")

    def __init__(self, model: Any, raw: Any) -> None:
        self.model = model
        self.raw = raw

    @property
    def id(self) -> Any:
        return getattr(self.model, "id", None)

    @property
    def created_at(self) -> Any:
        return getattr(self.model, "created_at", None)


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


class Paginator(Generic[T]):
    """A lazy walk over a paginated list.

    Iterate it for items, or call :meth:`pages` for whole pages with their
    cursors. Nothing is requested until
    you do, and only one page is held in memory at a time.

    Examples:
        >>> for status in client.timelines.tag("python", limit=100):  # doctest: +SKIP
        ...     print(status.id)
        >>> for page in client.timelines.tag("python").pages():  # doctest: +SKIP
        ...     save(page.items, page.next_cursor)

    The next page is requested from the configured instance with the original
    parameters plus the cursor values read from the ``Link`` header; a URL that
    a response supplies is never fetched.

    A walk goes toward older items by default. Passing ``min_id``, or calling
    :meth:`newer`, walks toward newer items instead: pages then come oldest
    first, and the items within a page keep the server's order (newest first
    on Mastodon).
    """

    def __init__(
        self,
        client: Client,
        item_type: type[T],
        request: Request,
        *,
        limit: int | None = None,
        page_size: int | None = None,
        max_page_size: int = 40,
        cursor: str | None = None,
        newer: bool = False,
        offset: bool = False,
        since: datetime | None = None,
        until: datetime | None = None,
        status_ids: bool = False,
        decode_as: Any = None,
        extract: Callable[[Any], list[T]] | None = None,
        keep_raw: bool | str = False,
    ) -> None:
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise ValueError(f"limit must be a non-negative int or None, not {limit!r}")
        if page_size is not None and (not isinstance(page_size, int) or page_size < 1):
            raise ValueError(f"page_size must be a positive int or None, not {page_size!r}")
        self._since = _check_bound("since", since)
        self._until = _check_bound("until", until)
        if self._since and self._until and self._since > self._until:
            raise ValueError(f"since ({since}) is after until ({until}): nothing lies between")
        self._client = client
        self._decode_as: Any = decode_as if decode_as is not None else list[item_type]  # type: ignore[valid-type]
        self._extract = extract
        self._keep_raw = keep_raw
        self._limit = limit
        # Servers clamp a larger page size to their maximum anyway; asking for
        # the maximum keeps the request count right in what we compute.
        self._page_size = min(page_size or max_page_size, max_page_size)
        self._offset = offset
        self._status_ids = status_ids
        start = {k: v for k, v in request.params if k in CURSOR_KEYS}
        if cursor is not None:
            start = decode_cursor(cursor)
        self._newer = newer or "min_id" in start
        self._start = start
        self._request = request.with_params((), drop=(*CURSOR_KEYS, "limit"))

    def newer(self) -> Paginator[T]:
        """The same walk, toward newer items (following ``rel="prev"``).

        Pages come oldest first; within a page the items keep the server's
        order, which is newest first on Mastodon. A walk that had a ``max_id``
        starts just above it instead.
        """
        twin: Paginator[T] = Paginator.__new__(Paginator)
        twin.__dict__.update(self.__dict__)
        twin._newer = True
        if "max_id" in twin._start and "min_id" not in twin._start:
            twin._start = {"min_id": twin._start["max_id"]}
        return twin

    def __iter__(self) -> Iterator[T]:
        return self._items()

    def _items(self) -> Iterator[T]:
        for page in self.pages():
            for item in page.items:
                yield item


    def keeping_raw(self, *, as_bytes: bool = False) -> Paginator[T]:
        """The same walk, whose pages also carry the raw JSON of their items (``page.raw``).

        For archives that must keep what the server sent, fields tootkit does
        not model included. ``page.raw`` holds decoded JSON, or with
        ``as_bytes=True`` each item's bytes exactly as the server sent them,
        which costs almost nothing: no object is built for them.

        Examples:
            >>> for page in client.timelines.tag("python").keeping_raw().pages():  # doctest: +SKIP
            ...     for status, raw in zip(page.items, page.raw):
            ...         save(status.id, raw)
        """
        twin: Paginator[T] = Paginator.__new__(Paginator)
        twin.__dict__.update(self.__dict__)
        twin._keep_raw = "bytes" if as_bytes else True
        return twin

    def _fetch(self, position: dict[str, str], size: int) -> tuple[list[T], Reply]:
        request = self._request.with_params(
            [*position.items(), ("limit", str(size))], drop=(*CURSOR_KEYS, "limit")
        )
        response = self._client._send(request)
        items: list[T]
        if self._keep_raw and self._extract is None:
            # Two parses in C (the raw JSON, then the models on the converter's
            # fast path) cost less than one parse and cattrs on the dicts.
            models = self._client._decode(response, self._decode_as, request)
            if self._keep_raw == "bytes":
                raws: list[Any] = split_items(response.content)
            else:
                raws = self._client._decode(response, list[Any], request)
            items = [_Kept(model, raw) for model, raw in zip(models, raws, strict=True)]  # type: ignore[misc]
        else:
            decoded = self._client._decode(response, self._decode_as, request)
            items = self._extract(decoded) if self._extract else decoded
        return items, response

    def pages(self) -> Generator[Page[T], None, None]:
        """Yield the pages of the walk, each with its cursors and rate-limit state.

        The first page is yielded even when it is empty, so that its
        rate-limit state is seen; the walk ends at the first empty page after
        it, at a missing ``next`` (or ``prev``) link, at ``limit``, or past a
        date bound.
        """
        remaining = self._limit
        position = dict(self._start)
        offset = int(position.get("offset", "0") or 0) if self._offset else 0
        dated = self._since is not None or self._until is not None
        scheme_known = not dated
        first = True
        while remaining is None or remaining > 0:
            # With a date bound, some of what the server sends may be filtered
            # out here: a page cut to the limit would cost a request per item.
            size = self._page_size
            if remaining is not None and not dated:
                size = min(size, remaining)
            items, reply = self._fetch(position, size)
            rate = reply.rate_limit
            if not items:
                if first:
                    yield Page(items=[], next_cursor=None, prev_cursor=None, rate_limit=rate)
                return
            if not scheme_known:
                scheme_known = True
                jump = self._date_jump(items, position)
                if jump is not None:
                    position = jump
                    continue
            first = False
            links = reply.links
            forward = links.prev if self._newer else links.next
            backward = links.next if self._newer else links.prev
            page_start = offset
            if self._offset:
                # Trends and search page by offset; a short page is the last.
                offset += len(items)
                forward = {"offset": str(offset)} if len(items) >= size else None
            elif forward is None and "link" not in reply.headers and not self._newer and self._status_ids:
                # No Link header at all on a non-empty status page (some servers
                # and proxies strip it): continue below the last status we got.
                last_id = getattr(items[-1], "id", None)
                forward = {"max_id": str(last_id)} if last_id else None
            ended = False
            if dated:
                items, ended = self._within_bounds(items)
            if remaining is not None and len(items) > remaining:
                # Keep the items next to where the walk came from, so that a
                # saved cursor resumes exactly after the last item handed out.
                items = items[-remaining:] if self._newer else items[:remaining]
                forward = self._cursor_after(items, page_start)
            if ended:
                forward = None
            if remaining is not None:
                remaining -= len(items)
            if items or forward is None:
                raw = None
                if self._keep_raw and self._extract is None:
                    raw = [kept.raw for kept in items]  # type: ignore[attr-defined]
                    items = [kept.model for kept in items]  # type: ignore[attr-defined]
                yield Page(
                    items=items,
                    next_cursor=encode_cursor(forward) if forward else None,
                    prev_cursor=encode_cursor(backward) if backward else None,
                    rate_limit=rate,
                    raw=raw,
                )
            if forward is None or forward == position:
                return  # the end, or a server that would send the same page again
            position = forward

    def _within_bounds(self, items: list[T]) -> tuple[list[T], bool]:
        """Keep items created between the bounds; say whether the walk went past one."""
        since, until = self._since, self._until
        kept: list[T] = []
        ended = False
        for item in items:
            created: datetime = getattr(item, "created_at")  # noqa: B009 - generic T
            if since is not None and created < since:
                ended = ended or not self._newer
                continue
            if until is not None and created > until:
                ended = ended or self._newer
                continue
            kept.append(item)
        return kept, ended

    def _date_jump(self, items: list[T], position: dict[str, str]) -> dict[str, str] | None:
        """Where to start instead, now that the first page shows the id scheme; or None.

        On Mastodon, whose ids are snowflakes, a date bound is turned into an id
        and the walk jumps there. Elsewhere the walk filters by ``created_at``;
        a newer walk from ``since`` first walks older to find where to start.
        """
        pairs = [(str(getattr(i, "id", "")), getattr(i, "created_at")) for i in items]  # noqa: B009
        snowflakes = self._status_ids and looks_like_snowflakes(pairs)
        oldest = min(created for _, created in pairs)
        newest = max(created for _, created in pairs)
        if not self._newer:
            if snowflakes and self._until is not None and oldest > self._until:
                return {"max_id": until_max_id(self._until)}
            return None
        if self._since is None or "min_id" in position or "since_id" in position:
            return None
        if snowflakes:
            return {"min_id": since_id(self._since)}
        if oldest < self._since <= newest or not self._status_ids:
            # The bound is inside this page (or ids cannot be jumped to):
            # start just above the newest item that is older than it.
            older = [(i, c) for i, c in pairs if c < self._since]
            return {"min_id": max(older, key=lambda p: p[1])[0]} if older else None
        return self._find_start(position)

    def _find_start(self, position: dict[str, str]) -> dict[str, str]:
        """Walk older, one page in memory, to the newest item older than ``since``."""
        assert self._since is not None
        cursor = {k: v for k, v in position.items() if k == "max_id"}
        while True:
            items, reply = self._fetch(cursor, self._page_size)
            older = [i for i in items if getattr(i, "created_at") < self._since]  # noqa: B009
            if older:
                return {"min_id": str(getattr(older[0], "id"))}  # noqa: B009
            following = reply.links.next
            if not items or following is None or following == cursor:
                return {"min_id": _FIRST}  # everything is newer than since
            cursor = following

    def _cursor_after(self, items: list[T], page_start: int) -> dict[str, str] | None:
        if self._offset:
            return {"offset": str(page_start + len(items))}
        edge = items[0] if self._newer else items[-1]
        edge_id = getattr(edge, "id", None)
        if not edge_id:
            return None
        return {"min_id": str(edge_id)} if self._newer else {"max_id": str(edge_id)}
