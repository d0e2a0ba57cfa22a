"""Reading statuses (``client.statuses``).

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tootkit._async.paginator import AsyncPaginator
from tootkit._core.request import make_request
from tootkit.models import Account, Context, PreviewCard, Status, StatusEdit, StatusSource

if TYPE_CHECKING:
    from tootkit._async.client import AsyncClient

__all__ = ["AsyncStatuses"]


class AsyncStatuses:
    """The status endpoints."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def get(self, id: str) -> Status:
        """One status by id (``GET /api/v1/statuses/:id``).

        See https://docs.joinmastodon.org/methods/statuses/#get.

        Example:
            >>> status = await client.statuses.get("109"); status.text  # doctest: +SKIP
            'Hello world'
        """
        return await self._client._get_one(Status, make_request("GET", "/api/v1/statuses/{}", id))

    async def get_many(self, ids: Iterable[str]) -> list[Status]:
        """Several statuses in one request (``GET /api/v1/statuses?id[]=``, Mastodon 4.3+).

        Statuses that do not exist or that you may not see are left out.

        See https://docs.joinmastodon.org/methods/statuses/#index.

        Example:
            >>> [s.id for s in await client.statuses.get_many(["1", "2"])]  # doctest: +SKIP
            ['1', '2']
        """
        id_list = [ids] if isinstance(ids, str) else [str(i) for i in ids]
        if not id_list:
            return []
        request = make_request("GET", "/api/v1/statuses", params={"id": id_list})
        return await self._client._get_one(list[Status], request)

    async def context(self, id: str) -> Context:
        """The thread around a status: its ancestors and descendants (``GET .../context``).

        See https://docs.joinmastodon.org/methods/statuses/#context.

        Example:
            >>> thread = await client.statuses.context("109")  # doctest: +SKIP
            >>> len(thread.ancestors), len(thread.descendants)  # doctest: +SKIP
            (1, 3)
        """
        request = make_request("GET", "/api/v1/statuses/{}/context", id)
        return await self._client._get_one(Context, request)

    def reblogged_by(
        self, id: str, *, limit: int | None = None, page_size: int = 80, cursor: str | None = None
    ) -> AsyncPaginator[Account]:
        """Accounts that boosted a status (``GET /api/v1/statuses/:id/reblogged_by``).

        See https://docs.joinmastodon.org/methods/statuses/#reblogged_by.

        Example:
            >>> async for account in client.statuses.reblogged_by("109"):  # doctest: +SKIP
            ...     print(account.acct)
        """
        request = make_request("GET", "/api/v1/statuses/{}/reblogged_by", id)
        return self._client._paginate(
            Account, request, limit=limit, page_size=page_size, max_page_size=80, cursor=cursor
        )

    def favourited_by(
        self, id: str, *, limit: int | None = None, page_size: int = 80, cursor: str | None = None
    ) -> AsyncPaginator[Account]:
        """Accounts that favourited a status (``GET /api/v1/statuses/:id/favourited_by``).

        See https://docs.joinmastodon.org/methods/statuses/#favourited_by.

        Example:
            >>> async for account in client.statuses.favourited_by("109"):  # doctest: +SKIP
            ...     print(account.acct)
        """
        request = make_request("GET", "/api/v1/statuses/{}/favourited_by", id)
        return self._client._paginate(
            Account, request, limit=limit, page_size=page_size, max_page_size=80, cursor=cursor
        )

    async def history(self, id: str) -> list[StatusEdit]:
        """Every revision of an edited status, oldest first (``GET .../history``, 3.5+).

        See https://docs.joinmastodon.org/methods/statuses/#history.

        Example:
            >>> [edit.created_at for edit in await client.statuses.history("109")]  # doctest: +SKIP
        """
        request = make_request("GET", "/api/v1/statuses/{}/history", id)
        return await self._client._get_one(list[StatusEdit], request)

    async def source(self, id: str) -> StatusSource:
        """The plain-text source of your own status, for editing (``GET .../source``, 3.5+).

        See https://docs.joinmastodon.org/methods/statuses/#source.

        Example:
            >>> (await client.statuses.source("109")).text  # doctest: +SKIP
            'Hello #world'
        """
        request = make_request("GET", "/api/v1/statuses/{}/source", id)
        return await self._client._get_one(StatusSource, request)

    async def card(self, id: str) -> PreviewCard | None:
        """The preview card of a status (``GET .../card``; removed in Mastodon 4.0).

        On Mastodon 3.0 and later the card is also ``status.card``; this method is
        for older servers. Returns ``None`` when the status has no card.

        See https://docs.joinmastodon.org/methods/statuses/#card.

        Example:
            >>> card = await client.statuses.card("109")  # doctest: +SKIP
        """
        request = make_request("GET", "/api/v1/statuses/{}/card", id)
        response = await self._client._send(request)
        if response.content.strip() in (b"", b"{}", b"null"):
            return None
        return self._client._decode(response, PreviewCard, request)
