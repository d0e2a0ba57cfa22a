# This file is generated from the async source src/tootkit/_async/paginator.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Walking a paginated list: :class:`Paginator`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tootkit._core.links import CURSOR_KEYS, decode_cursor, encode_cursor, page_links
from tootkit._core.page import Page
from tootkit._core.ratelimit import RateLimit
from tootkit._core.request import Request
from tootkit.models import Status

if TYPE_CHECKING:
    from tootkit._sync.client import Client

__all__ = ["Paginator"]

T = TypeVar("T")


class Paginator(Generic[T]):
    """A lazy walk over a paginated list.

    Iterate it for items, or call :meth:`pages` for whole pages with their
    cursors. Nothing is requested until you iterate, and only one page is held
    in memory at a time.

    Example:
        >>> for status in client.timelines.tag("python", limit=100):  # doctest: +SKIP
        ...     print(status.id)
        >>> for page in client.timelines.tag("python").pages():  # doctest: +SKIP
        ...     save(page.items, page.next_cursor)

    The next page is requested from the configured instance with the original
    parameters plus the cursor values read from the ``Link`` header; a URL that
    a response supplies is never fetched.
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
    ) -> None:
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise ValueError(f"limit must be a non-negative int or None, not {limit!r}")
        if page_size is not None and (not isinstance(page_size, int) or page_size < 1):
            raise ValueError(f"page_size must be a positive int or None, not {page_size!r}")
        self._client = client
        self._item_type = item_type
        self._list_type: Any = list[item_type]  # type: ignore[valid-type]
        self._limit = limit
        self._page_size = min(page_size or max_page_size, max_page_size)
        self._offset = offset
        self._by_status_id = item_type is Status
        start = {k: v for k, v in request.params if k in CURSOR_KEYS}
        if cursor is not None:
            start = decode_cursor(cursor)
        self._newer = newer or "min_id" in start
        self._start = start
        self._request = request.with_params((), drop=(*CURSOR_KEYS, "limit"))

    def newer(self) -> Paginator[T]:
        """The same walk, toward newer items (following ``rel="prev"``).

        Pages come oldest first; within a page the items keep the server's
        order, which is newest first on Mastodon.
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

    def pages(self) -> Iterator[Page[T]]:
        """Yield the pages of the walk, each with its cursors and rate-limit state."""
        remaining = self._limit
        position = dict(self._start)
        offset = int(position.get("offset", "0") or 0) if self._offset else 0
        while remaining is None or remaining > 0:
            size = self._page_size if remaining is None else min(self._page_size, remaining)
            request = self._request.with_params(
                [*position.items(), ("limit", str(size))], drop=(*CURSOR_KEYS, "limit")
            )
            response = self._client._send(request)
            items: list[T] = self._client._decode(response, self._list_type, request)
            if not items:
                return
            link_header = response.headers.get("link")
            links = page_links(link_header)
            forward = links.prev if self._newer else links.next
            backward = links.next if self._newer else links.prev
            page_start = offset
            if self._offset:
                # Trends and search page by offset; a short page is the last.
                offset += len(items)
                forward = {"offset": str(offset)} if len(items) >= size else None
            elif forward is None and not link_header and not self._newer and self._by_status_id:
                # No Link header at all on a non-empty status page (some servers
                # and proxies strip it): continue below the last status we got.
                # Only statuses: other lists page by ids that items do not show.
                last_id = getattr(items[-1], "id", None)
                forward = {"max_id": str(last_id)} if last_id else None
            if remaining is not None and len(items) > remaining:
                # Keep the items next to where the walk came from, so that a
                # saved cursor resumes exactly after the last item handed out.
                items = items[-remaining:] if self._newer else items[:remaining]
                forward = self._cursor_after(items, page_start)
            if remaining is not None:
                remaining -= len(items)
            yield Page(
                items=items,
                next_cursor=encode_cursor(forward) if forward else None,
                prev_cursor=encode_cursor(backward) if backward else None,
                rate_limit=RateLimit.from_headers(response.headers, now=self._client._clock()),
            )
            if forward is None or forward == position:
                return  # the end, or a server that would send the same page again
            position = forward

    def _cursor_after(self, items: list[T], page_start: int) -> dict[str, str] | None:
        if self._offset:
            return {"offset": str(page_start + len(items))}
        edge = items[0] if self._newer else items[-1]
        edge_id = getattr(edge, "id", None)
        if not edge_id:
            return None
        return {"min_id": str(edge_id)} if self._newer else {"max_id": str(edge_id)}
