# This file is generated from the async source src/tootkit/_async/notifications.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Notifications (``client.notifications``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Unpack

from tootkit._sync.paginator import Paginator
from tootkit._core.options import WalkOptions
from tootkit._core.request import make_request
from tootkit.models import Notification

if TYPE_CHECKING:
    from tootkit._sync.client import Client

__all__ = ["Notifications"]


class Notifications:
    """The notification endpoints; they need a token."""

    def __init__(self, client: Client) -> None:
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
    ) -> Paginator[Notification]:
        """Your notifications, newest first (``GET /api/v1/notifications``).

        ``types`` keeps only those types (Mastodon 3.5+), ``exclude_types`` leaves
        some out, and ``account_id`` keeps those from one account (3.3+).
        Notification ids are not status ids: the walk follows the ``Link``
        header. ``page_size`` is 80 by default, and at most 80.

        See https://docs.joinmastodon.org/methods/notifications/#get.

        Examples:
            >>> for note in client.notifications.list(types=["mention"], limit=20):  # doctest: +SKIP
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

    def dismiss(self, id: str) -> None:
        """Dismiss one notification (``POST /api/v1/notifications/:id/dismiss``).

        See https://docs.joinmastodon.org/methods/notifications/#dismiss.
        """
        self._client._send(make_request("POST", "/api/v1/notifications/{}/dismiss", id))

    def clear(self) -> None:
        """Dismiss every notification (``POST /api/v1/notifications/clear``).

        See https://docs.joinmastodon.org/methods/notifications/#clear.
        """
        self._client._send(make_request("POST", "/api/v1/notifications/clear"))

    def mentions(self, *, since_id: str | None = None) -> Iterator[Notification]:
        """The mentions you have not seen yet, oldest first.

        Starts after ``since_id`` (persist :attr:`last_mention_id` to resume
        after a restart), else after the newest mention this client has already
        yielded, else from the oldest mention there is. Each call yields only
        what is new since the last one.

        Examples:
            >>> for mention in client.notifications.mentions():  # doctest: +SKIP
            ...     reply_to(mention.status)
            >>> save(client.notifications.last_mention_id)  # doctest: +SKIP
        """
        start = since_id or self.last_mention_id or "0"
        request = make_request(
            "GET", "/api/v1/notifications", params={"types": ["mention"], "min_id": start}
        )
        walk: Paginator[Notification] = self._client._paginate(
            Notification, request, max_page_size=80
        )
        for page in walk.pages():
            for note in reversed(page.items):  # a page is newest first
                if note.type == "mention":
                    self.last_mention_id = note.id
                    yield note
