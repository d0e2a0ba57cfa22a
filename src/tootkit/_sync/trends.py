# This file is generated from the async source src/tootkit/_async/trends.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Trends (``client.trends``): hashtags, statuses and links, paged by offset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, Unpack

from tootkit._sync.paginator import Paginator
from tootkit._core.options import ListOptions
from tootkit._core.request import make_request
from tootkit.models import Status, Tag, TrendLink

if TYPE_CHECKING:
    from tootkit._sync.client import Client

__all__ = ["Trends"]

T = TypeVar("T")


class Trends:
    """The trends endpoints. They page by ``offset``, not by id."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def tags(self, **walk: Unpack[ListOptions]) -> Paginator[Tag]:
        """Hashtags in use more than usual, with their daily use (``GET /api/v1/trends/tags``, 3.5+).

        See https://docs.joinmastodon.org/methods/trends/#tags.

        Examples:
            >>> [tag.name for tag in client.trends.tags(limit=10)]  # doctest: +SKIP
        """
        return self._trending(Tag, "tags", 20, **walk)

    def statuses(self, **walk: Unpack[ListOptions]) -> Paginator[Status]:
        """Statuses that are being shared more than usual (``GET /api/v1/trends/statuses``, 3.5+).

        See https://docs.joinmastodon.org/methods/trends/#statuses.

        Examples:
            >>> for status in client.trends.statuses(limit=10):  # doctest: +SKIP
            ...     print(status.reblogs_count)
        """
        return self._trending(Status, "statuses", 40, **walk)

    def links(self, **walk: Unpack[ListOptions]) -> Paginator[TrendLink]:
        """Links that are being shared more than usual (``GET /api/v1/trends/links``, 3.5+).

        See https://docs.joinmastodon.org/methods/trends/#links.

        Examples:
            >>> [link.url for link in client.trends.links(limit=10)]  # doctest: +SKIP
        """
        return self._trending(TrendLink, "links", 20, **walk)

    def _trending(
        self, item_type: type[T], what: str, most: int, **walk: Unpack[ListOptions]
    ) -> Paginator[T]:
        # Every trend pages the same way: by offset, at most ``most`` a page.
        request = make_request("GET", "/api/v1/trends/" + what)
        return self._client._paginate(item_type, request, max_page_size=most, kind="offset", **walk)
