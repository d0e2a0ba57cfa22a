"""Mastodon's pagination: ``max_id``/``since_id``/``min_id``/``limit`` and the ``Link`` header.

Ids are compared as Mastodon compares them: in order of creation. Snowflakes
(digits) and ULIDs (26 base32 characters) both sort that way as text once
padded to one width, since digits sort before letters.

    >>> order_key("9") < order_key("10")
    True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar
from urllib.parse import urlencode

__all__ = ["order_key", "paginate"]

T = TypeVar("T")

DEFAULT_LIMIT = 20
MAX_LIMIT = 40


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
) -> tuple[list[T], str | None]:
    """One page of ``items`` (newest first) and its ``Link`` header, as Mastodon answers.

    ``max_id`` keeps older items, ``since_id`` newer ones (the newest of them),
    ``min_id`` the page just after it (the oldest of the newer ones). ``next``
    goes on with ``max_id`` when the page is full; ``prev`` comes back with
    ``min_id`` whenever the page is not empty. ``url`` is the endpoint's URL,
    without a query; other parameters of ``query`` are carried over.
    """
    paging = dict(query)
    limit = _limit(paging.get("limit"), default, largest)
    kept = list(items)
    if "max_id" in paging:
        kept = [i for i in kept if order_key(id_of(i)) < order_key(paging["max_id"])]
    if "since_id" in paging:
        kept = [i for i in kept if order_key(id_of(i)) > order_key(paging["since_id"])]
    if "min_id" in paging:
        kept = [i for i in kept if order_key(id_of(i)) > order_key(paging["min_id"])]
        page = kept[-limit:]
    else:
        page = kept[:limit]
    if not page:
        return page, None
    carried = [(k, v) for k, v in query if k not in {"max_id", "since_id", "min_id", "limit"}]
    carried.append(("limit", str(limit)))
    links = []
    if len(page) == limit:
        links.append(f'<{url}?{urlencode([*carried, ("max_id", id_of(page[-1]))])}>; rel="next"')
    links.append(f'<{url}?{urlencode([*carried, ("min_id", id_of(page[0]))])}>; rel="prev"')
    return page, ", ".join(links)
