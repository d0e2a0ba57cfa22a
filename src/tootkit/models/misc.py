"""Lists, announcements and background refreshes."""

from __future__ import annotations

from typing import Any

import attrs

from tootkit.models._base import EPOCH, Timestamp
from tootkit.models.emoji import Reaction
from tootkit.models.status import Mention

__all__ = [
    "Announcement",
    "AnnualReport",
    "AsyncRefresh",
    "Error",
    "Health",
    "StreamingMessage",
    "UserList",
]


@attrs.frozen(kw_only=True, slots=False)
class UserList:
    """A list of accounts, with its own timeline.

    See https://docs.joinmastodon.org/entities/List/.
    """

    id: str = ""
    """Added in 2.1.0."""

    title: str = ""
    """Added in 2.1.0."""

    replies_policy: str = ""
    """Added in 3.3.0."""

    exclusive: bool | None = None
    """Added in 4.2.0."""


@attrs.frozen(kw_only=True, slots=False)
class Announcement:
    """An announcement from the server's staff.

    See https://docs.joinmastodon.org/entities/Announcement/.
    """

    id: str = ""
    """Added in 3.1.0."""

    content: str = ""
    """Added in 3.1.0."""

    starts_at: Timestamp | None = None
    """Added in 3.1.0."""

    ends_at: Timestamp | None = None
    """Added in 3.1.0."""

    all_day: bool = False
    """Added in 3.1.0."""

    published_at: Timestamp = EPOCH
    """Added in 3.1.0."""

    updated_at: Timestamp = EPOCH
    """Added in 3.1.0."""

    read: bool = False
    """Added in 3.1.0."""

    mentions: tuple[Mention, ...] = ()
    """Added in 3.1.0."""

    tags: tuple[Any, ...] = ()
    """Added in 3.1.0."""

    emojis: tuple[Any, ...] = ()
    """Added in 3.1.0."""

    reactions: tuple[Reaction, ...] = ()
    """Added in 3.1.0."""

    statuses: tuple[Any, ...] = ()
    """Added in 3.1.0."""


@attrs.frozen(kw_only=True, slots=False)
class AsyncRefresh:
    """The state of a background refresh on the server.

    See https://docs.joinmastodon.org/entities/AsyncRefresh/.
    """

    id: str = ""
    """Added in 4.4.0."""

    status: str = ""
    """Added in 4.4.0."""

    result_count: int | None = None
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class Error:
    """An error message that the server sent with an HTTP error status.

    See https://docs.joinmastodon.org/entities/Error/.
    """

    error: Any = None
    """Added in 0.6.0."""

    error_description: str | None = None
    """Added in 3.5.0."""

    details: dict[str, Any] | None = None
    """Per-field validation errors of a 422, when sent."""

    existing_domain_block: dict[str, Any] | None = None
    """The conflicting block, when creating a domain block fails."""


@attrs.frozen(kw_only=True, slots=False)
class Health:
    """The answer of the server's health check.

    See https://docs.joinmastodon.org/methods/health/.
    """

    status: str | None = None
    """``"UP"`` when the server is healthy."""


@attrs.frozen(kw_only=True, slots=False)
class AnnualReport:
    """A yearly report of an account's activity ("Wrapstodon", Mastodon 4.3+).

    See https://docs.joinmastodon.org/entities/AnnualReport/.
    """

    year: int | None = None
    """Added in 4.3.0."""

    data: dict[str, Any] | None = None
    """Added in 4.3.0."""

    schema_version: int | None = None
    """Added in 4.3.0."""

    share_url: str | None = None
    """Added in 4.5.0."""

    account_id: str | None = None
    """Added in 4.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class StreamingMessage:
    """One raw message of the streaming API, before it is typed.

    See https://docs.joinmastodon.org/methods/streaming/.
    """

    event: str | None = None
    """The event name, such as ``update`` or ``delete``."""

    payload: Any = None
    """The event payload: JSON text for most events, a bare id for ``delete``."""

    stream: Any = None
    """The stream(s) the event belongs to."""

    type: str | None = None
    """``subscribe`` or ``unsubscribe`` in a WebSocket request."""

    tag: str | None = None
    """The hashtag of a hashtag stream request."""

    list: str | None = None
    """The list id of a list stream request."""
