# This file is generated from the async source src/tootkit/_async/statuses.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Reading statuses (``client.statuses``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TYPE_CHECKING, TypeVar, Unpack

from tootkit._sync.paginator import Paginator
from tootkit._core.options import ListOptions
from tootkit._core.posting import (
    EditOptions,
    PostOptions,
    VisibilityName,
    check_visibility,
    status_body,
)
from tootkit._core.request import id_in_url, make_request
from tootkit.errors import NotFound
from tootkit.models import (
    Account,
    Context,
    PreviewCard,
    ScheduledStatus,
    Status,
    StatusEdit,
    StatusSource,
    Visibility,
)

if TYPE_CHECKING:
    from tootkit._sync.client import Client

__all__ = ["Statuses"]

T = TypeVar("T")


class Statuses:
    """The status endpoints."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get(self, id: str) -> Status:
        """One status by id (``GET /api/v1/statuses/:id``).

        See https://docs.joinmastodon.org/methods/statuses/#get.

        Examples:
            >>> status = client.statuses.get("109"); status.text  # doctest: +SKIP
            'Hello world'
        """
        return self._client._one(Status, make_request("GET", "/api/v1/statuses/{}", id))

    def resolve(self, url: str) -> Status:
        """The status that a web address (``https://host/@grace/1133...``) links to.

        The address's last segment is fetched as an id when it can be one on
        this instance; when it cannot (snac2's addresses end in a time, and an
        address on another instance holds that instance's id), or no status
        has that id, the address is looked up with ``GET /api/v2/search?resolve=true``,
        which most servers answer only with a token. Raises
        :class:`~tootkit.errors.NotFound` when neither finds it.

        See https://docs.joinmastodon.org/methods/search/#v2.

        Examples:
            >>> (client.statuses.resolve("https://mastodon.social/@grace/1133")).id  # doctest: +SKIP
            '1133'
        """
        id_ = id_in_url(url, self._client.base_url)
        if id_ is not None:
            try:
                return self.get(id_)
            except NotFound:
                pass  # an address that ends in something else than the id: ask search
        found = self._client.search(url, type="statuses", resolve=True, limit=1)
        if not found.statuses:
            raise NotFound(404, error=f"no status has the address {url}", method="GET", url=url)
        return found.statuses[0]

    def get_many(self, ids: Iterable[str]) -> list[Status]:
        """Several statuses in one request (``GET /api/v1/statuses?id[]=``, Mastodon 4.3+).

        Statuses that do not exist or that you may not see are left out.

        See https://docs.joinmastodon.org/methods/statuses/#index.

        Examples:
            >>> [s.id for s in client.statuses.get_many(["1", "2"])]  # doctest: +SKIP
            ['1', '2']
        """
        id_list = [ids] if isinstance(ids, str) else [str(i) for i in ids]
        if not id_list:
            return []
        request = make_request("GET", "/api/v1/statuses", params={"id": id_list})
        return self._client._one(list[Status], request)

    def context(self, id: str) -> Context:
        """The thread around a status: its ancestors and descendants (``GET .../context``).

        See https://docs.joinmastodon.org/methods/statuses/#context.

        Examples:
            >>> thread = client.statuses.context("109")  # doctest: +SKIP
            >>> len(thread.ancestors), len(thread.descendants)  # doctest: +SKIP
            (1, 3)
        """
        request = make_request("GET", "/api/v1/statuses/{}/context", id)
        return self._client._one(Context, request)

    def reblogged_by(self, id: str, **walk: Unpack[ListOptions]) -> Paginator[Account]:
        """Accounts that boosted a status (``GET /api/v1/statuses/:id/reblogged_by``).

        See https://docs.joinmastodon.org/methods/statuses/#reblogged_by.

        Examples:
            >>> for account in client.statuses.reblogged_by("109"):  # doctest: +SKIP
            ...     print(account.acct)
        """
        return self._client._accounts("/api/v1/statuses/{}/reblogged_by", id, **walk)

    def favourited_by(self, id: str, **walk: Unpack[ListOptions]) -> Paginator[Account]:
        """Accounts that favourited a status (``GET /api/v1/statuses/:id/favourited_by``).

        See https://docs.joinmastodon.org/methods/statuses/#favourited_by.

        Examples:
            >>> for account in client.statuses.favourited_by("109"):  # doctest: +SKIP
            ...     print(account.acct)
        """
        return self._client._accounts("/api/v1/statuses/{}/favourited_by", id, **walk)

    def history(self, id: str) -> list[StatusEdit]:
        """Every revision of an edited status, oldest first (``GET .../history``, 3.5+).

        See https://docs.joinmastodon.org/methods/statuses/#history.

        Examples:
            >>> [edit.created_at for edit in client.statuses.history("109")]  # doctest: +SKIP
        """
        request = make_request("GET", "/api/v1/statuses/{}/history", id)
        return self._client._one(list[StatusEdit], request)

    def source(self, id: str) -> StatusSource:
        """The plain-text source of your own status, for editing (``GET .../source``, 3.5+).

        See https://docs.joinmastodon.org/methods/statuses/#source.

        Examples:
            >>> (client.statuses.source("109")).text  # doctest: +SKIP
            'Hello #world'
        """
        request = make_request("GET", "/api/v1/statuses/{}/source", id)
        return self._client._one(StatusSource, request)

    def card(self, id: str) -> PreviewCard | None:
        """The preview card of a status (``GET .../card``; removed in Mastodon 4.0).

        On Mastodon 3.0 and later the card is also ``status.card``; this method is
        for older servers. Returns ``None`` when the status has no card.

        See https://docs.joinmastodon.org/methods/statuses/#card.

        Examples:
            >>> card = client.statuses.card("109")  # doctest: +SKIP
        """
        request = make_request("GET", "/api/v1/statuses/{}/card", id)
        response = self._client._send(request)
        if response.content.strip() in (b"", b"{}", b"null"):
            return None
        return self._client._decode(response, PreviewCard, request)

    # --- writing ----------------------------------------------------------------

    def create(
        self,
        text: str = "",
        *,
        quoted_status_id: str | None = None,
        idempotency_key: str | None = None,
        **options: Unpack[PostOptions],
    ) -> Status:
        """Post a status (``POST /api/v1/statuses``); needs a token with ``write:statuses``.

        The request always carries an ``Idempotency-Key`` (``idempotency_key``,
        or a fresh uuid4), the same on every retry, so that a retry never posts
        twice. Give your own key, such as ``f"reply-to-{mention.id}"``, to make
        a restarted bot skip what it already posted (Mastodon remembers keys
        for an hour). ``quoted_status_id`` quotes a status (Mastodon 4.5+).

        See https://docs.joinmastodon.org/methods/statuses/#create.

        Examples:
            >>> client.statuses.create("Hello, #fediverse!", visibility="unlisted")  # doctest: +SKIP
            >>> client.statuses.create("Which?", poll=NewPoll(options=["a", "b"]))  # doctest: +SKIP
        """
        body = status_body(text, quoted_status_id=quoted_status_id, **options)
        return self._post(Status, body, idempotency_key)

    def schedule(
        self,
        text: str,
        scheduled_at: datetime,
        *,
        idempotency_key: str | None = None,
        **options: Unpack[PostOptions],
    ) -> ScheduledStatus:
        """Schedule a status for later (``POST /api/v1/statuses`` with ``scheduled_at``, 2.7+).

        ``scheduled_at`` is an aware datetime at least 5 minutes ahead.

        See https://docs.joinmastodon.org/methods/statuses/#create.

        Examples:
            >>> later = datetime.now(UTC) + timedelta(hours=1)  # doctest: +SKIP
            >>> (client.statuses.schedule("Good morning!", later)).scheduled_at  # doctest: +SKIP
        """
        body = status_body(text, scheduled_at=scheduled_at, **options)
        return self._post(ScheduledStatus, body, idempotency_key)

    def _post(self, cl: type[T], body: dict[str, Any], idempotency_key: str | None) -> T:
        # The client adds a fresh Idempotency-Key when none is given here.
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        request = make_request("POST", "/api/v1/statuses", json=body, headers=headers)
        return self._client._one(cl, request)

    def edit(
        self,
        id: str,
        text: str,
        **options: Unpack[EditOptions],
    ) -> Status:
        """Edit your status (``PUT /api/v1/statuses/:id``, 3.5+); returns the new version.

        See https://docs.joinmastodon.org/methods/statuses/#edit.

        Examples:
            >>> client.statuses.edit("109", "Hello, fixed typo")  # doctest: +SKIP
        """
        body = status_body(text, **options)
        return self._client._one(
            Status, make_request("PUT", "/api/v1/statuses/{}", id, json=body)
        )

    def delete(self, id: str, *, delete_media: bool | None = None) -> Status:
        """Delete your status (``DELETE /api/v1/statuses/:id``).

        Returns the deleted status with its source (``source_text``), for
        "delete and redraft".

        See https://docs.joinmastodon.org/methods/statuses/#delete.

        Examples:
            >>> (client.statuses.delete("109")).source_text  # doctest: +SKIP
            'Hello, world'
        """
        params = {"delete_media": delete_media}
        request = make_request("DELETE", "/api/v1/statuses/{}", id, params=params)
        return self._client._one(Status, request)

    def _act(self, id: str, action: str, json: dict[str, str] | None = None) -> Status:
        request = make_request("POST", "/api/v1/statuses/{}/" + action, id, json=json)
        return self._client._one(Status, request)

    def reblog(
        self, id: str, *, visibility: VisibilityName | Visibility | None = None
    ) -> Status:
        """Boost a status (``POST .../reblog``); returns the boost, with the status in ``reblog``.

        An unknown ``visibility`` raises ``ValueError`` before any request.

        See https://docs.joinmastodon.org/methods/statuses/#boost.
        """
        json = None if visibility is None else {"visibility": check_visibility(visibility)}
        return self._act(id, "reblog", json)

    def unreblog(self, id: str) -> Status:
        """Undo a boost (``POST .../unreblog``). See https://docs.joinmastodon.org/methods/statuses/#unreblog."""
        return self._act(id, "unreblog")

    def favourite(self, id: str) -> Status:
        """Favourite a status (``POST .../favourite``). See https://docs.joinmastodon.org/methods/statuses/#favourite."""
        return self._act(id, "favourite")

    def unfavourite(self, id: str) -> Status:
        """Undo a favourite (``POST .../unfavourite``). See https://docs.joinmastodon.org/methods/statuses/#unfavourite."""
        return self._act(id, "unfavourite")

    def bookmark(self, id: str) -> Status:
        """Bookmark a status (``POST .../bookmark``, 3.1+). See https://docs.joinmastodon.org/methods/statuses/#bookmark."""
        return self._act(id, "bookmark")

    def unbookmark(self, id: str) -> Status:
        """Remove a bookmark (``POST .../unbookmark``, 3.1+). See https://docs.joinmastodon.org/methods/statuses/#unbookmark."""
        return self._act(id, "unbookmark")

    def pin(self, id: str) -> Status:
        """Pin your status to your profile (``POST .../pin``). See https://docs.joinmastodon.org/methods/statuses/#pin."""
        return self._act(id, "pin")

    def unpin(self, id: str) -> Status:
        """Unpin your status (``POST .../unpin``). See https://docs.joinmastodon.org/methods/statuses/#unpin."""
        return self._act(id, "unpin")

    def mute(self, id: str) -> Status:
        """Mute the notifications of a thread (``POST .../mute``). See https://docs.joinmastodon.org/methods/statuses/#mute."""
        return self._act(id, "mute")

    def unmute(self, id: str) -> Status:
        """Unmute a thread (``POST .../unmute``). See https://docs.joinmastodon.org/methods/statuses/#unmute."""
        return self._act(id, "unmute")
