# This file is generated from the async source src/tootkit/_async/search.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Search (``client.search``): one call, or a paginated walk over one kind of result.
"""

from __future__ import annotations

from typing import Any, Literal, TYPE_CHECKING, TypeVar

from tootkit._sync.paginator import Paginator
from tootkit._core.request import make_request, Request
from tootkit.models import Account, SearchResults, Status, Tag

if TYPE_CHECKING:
    from tootkit._sync.client import Client

__all__ = ["Search"]

T = TypeVar("T")

SearchType = Literal["accounts", "statuses", "hashtags"]


def _search_request(q: str, params: dict[str, Any]) -> Request:
    if not isinstance(q, str) or not q.strip():
        raise ValueError("search needs a non-empty query string")
    return make_request("GET", "/api/v2/search", params={"q": q, **params})


class Search:
    """Search for accounts, statuses and hashtags (``GET /api/v2/search``, Mastodon 2.4.1+).

    Call it for one page of every kind of result, or use :meth:`accounts`,
    :meth:`statuses` and :meth:`hashtags` for a paginated walk over one kind,
    which pages by ``offset``.

    See https://docs.joinmastodon.org/methods/search/#v2.

    Examples:
        >>> results = client.search("python")  # doctest: +SKIP
        >>> for status in client.search.statuses("python", limit=100):  # doctest: +SKIP
        ...     print(status.url)
    """

    def __init__(self, client: Client) -> None:
        self._client = client

    def __call__(
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
            >>> results = client.search("python", type="hashtags")  # doctest: +SKIP
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
        return self._client._one(SearchResults, _search_request(q, params))

    def _walk(
        self, kind: SearchType, item_type: type[T], q: str, limit: int | None, **params: Any
    ) -> Paginator[T]:
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
    ) -> Paginator[Account]:
        """Every account that matches ``q``, paged by offset.

        Examples:
            >>> [a.acct for a in client.search.accounts("gargron", limit=5)]  # doctest: +SKIP
        """
        return self._walk("accounts", Account, q, limit, resolve=resolve, following=following)

    def statuses(
        self,
        q: str,
        *,
        limit: int | None = None,
        account_id: str | None = None,
        resolve: bool | None = None,
    ) -> Paginator[Status]:
        """Every status that matches ``q`` (full-text search needs it enabled on the server).

        Examples:
            >>> for status in client.search.statuses("from:me python", limit=20):  # doctest: +SKIP
            ...     print(status.url)
        """
        return self._walk("statuses", Status, q, limit, account_id=account_id, resolve=resolve)

    def hashtags(
        self, q: str, *, limit: int | None = None, exclude_unreviewed: bool | None = None
    ) -> Paginator[Tag]:
        """Every hashtag that matches ``q``.

        Examples:
            >>> [t.name for t in client.search.hashtags("pyth", limit=10)]  # doctest: +SKIP
        """
        return self._walk("hashtags", Tag, q, limit, exclude_unreviewed=exclude_unreviewed)
