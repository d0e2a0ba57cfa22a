"""The keyword options that many methods share, typed once (PEP 692)."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

__all__ = ["ListOptions", "PagingOptions", "WalkOptions"]


class ListOptions(TypedDict, total=False):
    """The keywords of every paginated list: accounts, trends, statuses.

    A method that takes ``**walk: Unpack[ListOptions]`` accepts each of these
    by name, and a type checker checks them.

    Attributes:
        limit: The most items to yield in all (None: no limit).
        page_size: Items per request (by default the endpoint's maximum:
            40 statuses, 80 accounts or notifications, 20 trending tags).
        cursor: A saved ``page.next_cursor``, to resume a walk.

    Examples:
        >>> options: ListOptions = {"limit": 100, "page_size": 20}
        >>> sorted(options)
        ['limit', 'page_size']
    """

    limit: int | None
    page_size: int
    cursor: str | None


class PagingOptions(ListOptions, total=False):
    """:class:`ListOptions` and date bounds: every list of statuses, favourites and bookmarks too.

    Attributes:
        since: An aware datetime; only statuses created then or later.
        until: An aware datetime; only statuses created then or earlier.
    """

    since: datetime | None
    until: datetime | None


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
