"""Trends (``client.trends``): hashtags, statuses and links, paged by offset.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, Unpack

from tootkit._async.paginator import AsyncPaginator
from tootkit._core.options import ListOptions
from tootkit._core.request import make_request
from tootkit.models import Status, Tag, TrendLink

if TYPE_CHECKING:
    from tootkit._async.client import AsyncClient

__all__ = ["AsyncTrends"]

T = TypeVar("T")


class AsyncTrends:
    """The trends endpoints. They page by ``offset``, not by id."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    def tags(self, **walk: Unpack[ListOptions]) -> AsyncPaginator[Tag]:
        """Hashtags in use more than usual, with their daily use (``GET /api/v1/trends/tags``, 3.5+).

        See https://docs.joinmastodon.org/methods/trends/#tags.

        Examples:
            >>> [tag.name async for tag in client.trends.tags(limit=10)]  # doctest: +SKIP
        """
        return self._trending(Tag, "tags", 20, **walk)

    def statuses(self, **walk: Unpack[ListOptions]) -> AsyncPaginator[Status]:
        """Statuses that are being shared more than usual (``GET /api/v1/trends/statuses``, 3.5+).

        See https://docs.joinmastodon.org/methods/trends/#statuses.

        Examples:
            >>> async for status in client.trends.statuses(limit=10):  # doctest: +SKIP
            ...     print(status.reblogs_count)
        """
        return self._trending(Status, "statuses", 40, **walk)

    def links(self, **walk: Unpack[ListOptions]) -> AsyncPaginator[TrendLink]:
        """Links that are being shared more than usual (``GET /api/v1/trends/links``, 3.5+).

        See https://docs.joinmastodon.org/methods/trends/#links.

        Examples:
            >>> [link.url async for link in client.trends.links(limit=10)]  # doctest: +SKIP
        """
        return self._trending(TrendLink, "links", 20, **walk)

    def _trending(
        self, item_type: type[T], what: str, most: int, **walk: Unpack[ListOptions]
    ) -> AsyncPaginator[T]:
        # Every trend pages the same way: by offset, at most ``most`` a page.
        request = make_request("GET", "/api/v1/trends/" + what)
        return self._client._paginate(item_type, request, max_page_size=most, kind="offset", **walk)
