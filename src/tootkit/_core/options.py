"""The keyword options that many methods share, typed once (PEP 692)."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

__all__ = ["PagingOptions", "WalkOptions"]


class PagingOptions(TypedDict, total=False):
    """The keywords of every walk over statuses, favourites and bookmarks included.

    A method that takes ``**walk: Unpack[PagingOptions]`` accepts each of
    these by name, and a type checker checks them.

    Attributes:
        limit: The most items to yield in all (None: no limit).
        since: An aware datetime; only statuses created then or later.
        until: An aware datetime; only statuses created then or earlier.
        page_size: Items per request (40 by default, the server's maximum).
        cursor: A saved ``page.next_cursor``, to resume a walk.

    Examples:
        >>> options: PagingOptions = {"limit": 100, "page_size": 20}
        >>> sorted(options)
        ['limit', 'page_size']
    """

    limit: int | None
    since: datetime | None
    until: datetime | None
    page_size: int
    cursor: str | None


class WalkOptions(PagingOptions, total=False):
    """:class:`PagingOptions` and the raw cursors, for lists that page by status id (timelines).

    Attributes:
        max_id: Start below this id.
        min_id: Start just above this id, and walk toward newer items.
        since_id: Only items with a greater id.
    """

    max_id: str | None
    min_id: str | None
    since_id: str | None
