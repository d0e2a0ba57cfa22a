"""Notifications (``client.notifications``).

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Unpack

from tootkit._async.paginator import AsyncPaginator
from tootkit._core.options import WalkOptions
from tootkit._core.request import make_request
from tootkit.models import Notification

if TYPE_CHECKING:
    from tootkit._async.client import AsyncClient

__all__ = ["AsyncNotifications"]


class AsyncNotifications:
    """The notification endpoints; they need a token."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client
        self.last_mention_id: str | None = None
        """The id of the newest mention that :meth:`mentions` has yielded."""

    def list(
        self,
        *,
        types: Iterable[str] | None = None,
        exclude_types: Iterable[str] | None = None,
        account_id: str | None = None,
        **walk: Unpack[WalkOptions],
    ) -> AsyncPaginator[Notification]:
        """Your notifications, newest first (``GET /api/v1/notifications``).

        ``types`` keeps only those types (Mastodon 3.5+), ``exclude_types`` leaves
        some out, and ``account_id`` keeps those from one account (3.3+).
        Notification ids are not status ids: the walk follows the ``Link``
        header. ``page_size`` is 80 by default, and at most 80.

        See https://docs.joinmastodon.org/methods/notifications/#get.

        Examples:
            >>> async for note in client.notifications.list(types=["mention"], limit=20):  # doctest: +SKIP
            ...     print(note.account.acct, note.status.text if note.status else "")
        """
        params = {
            "types": list(types) if types is not None else None,
            "exclude_types": list(exclude_types) if exclude_types is not None else None,
            "account_id": account_id,
        }
        request = make_request("GET", "/api/v1/notifications", params=params)
        # 80 a page unless asked otherwise: notifications allow twice what statuses do.
        return self._client._paginate(Notification, request, max_page_size=80, **walk)

    async def dismiss(self, id: str) -> None:
        """Dismiss one notification (``POST /api/v1/notifications/:id/dismiss``).

        See https://docs.joinmastodon.org/methods/notifications/#dismiss.
        """
        await self._client._send(make_request("POST", "/api/v1/notifications/{}/dismiss", id))

    async def clear(self) -> None:
        """Dismiss every notification (``POST /api/v1/notifications/clear``).

        See https://docs.joinmastodon.org/methods/notifications/#clear.
        """
        await self._client._send(make_request("POST", "/api/v1/notifications/clear"))

    async def mentions(self, *, since_id: str | None = None) -> AsyncIterator[Notification]:
        """The mentions you have not seen yet, oldest first.

        Starts after ``since_id`` (persist :attr:`last_mention_id` to resume
        after a restart), else after the newest mention this client has already
        yielded, else from the oldest mention there is. Each call yields only
        what is new since the last one.

        Examples:
            >>> async for mention in client.notifications.mentions():  # doctest: +SKIP
            ...     await reply_to(mention.status)
            >>> save(client.notifications.last_mention_id)  # doctest: +SKIP
        """
        start = since_id or self.last_mention_id or "0"
        request = make_request(
            "GET", "/api/v1/notifications", params={"types": ["mention"], "min_id": start}
        )
        walk: AsyncPaginator[Notification] = self._client._paginate(
            Notification, request, max_page_size=80
        )
        async for page in walk.pages():
            for note in reversed(page.items):  # a page is newest first
                if note.type == "mention":
                    self.last_mention_id = note.id
                    yield note
