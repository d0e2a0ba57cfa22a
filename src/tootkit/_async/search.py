"""Search (``client.search``): one call, or a paginated walk over one kind of result.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeVar

from tootkit._async.paginator import AsyncPaginator
from tootkit._core.request import Request, make_request
from tootkit.models import Account, SearchResults, Status, Tag

if TYPE_CHECKING:
    from tootkit._async.client import AsyncClient

__all__ = ["AsyncSearch"]

T = TypeVar("T")

SearchType = Literal["accounts", "statuses", "hashtags"]


def _search_request(q: str, params: dict[str, Any]) -> Request:
    if not isinstance(q, str) or not q.strip():
        raise ValueError("search needs a non-empty query string")
    return make_request("GET", "/api/v2/search", params={"q": q, **params})


class AsyncSearch:
    """Search for accounts, statuses and hashtags (``GET /api/v2/search``, Mastodon 2.4.1+).

    Call it for one page of every kind of result, or use :meth:`accounts`,
    :meth:`statuses` and :meth:`hashtags` for a paginated walk over one kind,
    which pages by ``offset``.

    See https://docs.joinmastodon.org/methods/search/#v2.

    Examples:
        >>> results = await client.search("python")  # doctest: +SKIP
        >>> async for status in client.search.statuses("python", limit=100):  # doctest: +SKIP
        ...     print(status.url)
    """

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def __call__(
        self,
        q: str,
        *,
        type: SearchType | None = None,
        resolve: bool | None = None,
        following: bool | None = None,
        account_id: str | None = None,
        exclude_unreviewed: bool | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> SearchResults:
        """One page of results of every kind (or of ``type``).

        ``resolve=True`` asks the server to look up a remote account or post by
        its URL or handle (needs a token). ``limit`` is at most 40 per kind.

        Examples:
            >>> results = await client.search("python", type="hashtags")  # doctest: +SKIP
            >>> [tag.name for tag in results.hashtags]  # doctest: +SKIP
            ['python', 'pythonprogramming']
        """
        params = {
            "type": type,
            "resolve": resolve,
            "following": following,
            "account_id": account_id,
            "exclude_unreviewed": exclude_unreviewed,
            "limit": limit,
            "offset": offset,
        }
        return await self._client._one(SearchResults, _search_request(q, params))

    def _walk(
        self, kind: SearchType, item_type: type[T], q: str, limit: int | None, **params: Any
    ) -> AsyncPaginator[T]:
        request = _search_request(q, {"type": kind, **params})

        def extract(results: SearchResults) -> list[T]:
            items: list[T] = list(getattr(results, kind))
            return items

        return self._client._paginate(
            item_type,
            request,
            limit=limit,
            max_page_size=40,
            kind="offset",
            decode_as=SearchResults,
            extract=extract,
        )

    def accounts(
        self,
        q: str,
        *,
        limit: int | None = None,
        resolve: bool | None = None,
        following: bool | None = None,
    ) -> AsyncPaginator[Account]:
        """Every account that matches ``q``, paged by offset.

        Examples:
            >>> [a.acct async for a in client.search.accounts("gargron", limit=5)]  # doctest: +SKIP
        """
        return self._walk("accounts", Account, q, limit, resolve=resolve, following=following)

    def statuses(
        self,
        q: str,
        *,
        limit: int | None = None,
        account_id: str | None = None,
        resolve: bool | None = None,
    ) -> AsyncPaginator[Status]:
        """Every status that matches ``q`` (full-text search needs it enabled on the server).

        Examples:
            >>> async for status in client.search.statuses("from:me python", limit=20):  # doctest: +SKIP
            ...     print(status.url)
        """
        return self._walk("statuses", Status, q, limit, account_id=account_id, resolve=resolve)

    def hashtags(
        self, q: str, *, limit: int | None = None, exclude_unreviewed: bool | None = None
    ) -> AsyncPaginator[Tag]:
        """Every hashtag that matches ``q``.

        Examples:
            >>> [t.name async for t in client.search.hashtags("pyth", limit=10)]  # doctest: +SKIP
        """
        return self._walk("hashtags", Tag, q, limit, exclude_unreviewed=exclude_unreviewed)
