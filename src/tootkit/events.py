"""Typed events of the streaming API.

Every event has ``.event``, the Mastodon event name. ``update`` and
``status.update`` carry ``.status``, ``delete`` carries ``.id``, and
``notification`` carries ``.notification``. An event tootkit does not know
(``filters_changed``, ``announcement``, ``conversation``, a server's own)
arrives as :class:`UnknownEvent` with its payload: never dropped silently.
Every event also says which stream it came from (``.stream``, a
:class:`StreamName`, always set), which tells apart the streams of one
multiplexed connection.

Examples:
    >>> from tootkit.events import Delete, StreamName
    >>> Delete(id="109", stream=StreamName("public")).event
    'delete'
"""

from __future__ import annotations

from typing import Any

import attrs

from tootkit._core.websocket import StreamName
from tootkit.models import Notification, Status

__all__ = [
    "Delete",
    "NotificationEvent",
    "StatusUpdate",
    "StreamEvent",
    "StreamName",
    "UnknownEvent",
    "Update",
]


@attrs.frozen(kw_only=True)
class Update:
    """A new status in the stream (``update``). ``backfilled`` is true for one fetched after a reconnect."""

    status: Status
    backfilled: bool = False
    event: str = "update"
    stream: StreamName
    raw: bytes | None = attrs.field(default=None, eq=False, repr=False)
    """The status's JSON as the server sent it, for an archive that keeps it losslessly."""


@attrs.frozen(kw_only=True)
class StatusUpdate:
    """A status was edited (``status.update``, Mastodon 3.5+).

    Only Mastodon's name is understood: mastodon-mock sends ``status_update``,
    which arrives as an :class:`UnknownEvent` with that name and its payload.
    """

    status: Status
    event: str = "status.update"
    stream: StreamName
    raw: bytes | None = attrs.field(default=None, eq=False, repr=False)
    """The edited status's JSON as the server sent it."""


@attrs.frozen(kw_only=True)
class Delete:
    """A status was deleted (``delete``): only its id is sent."""

    id: str
    event: str = "delete"
    stream: StreamName


@attrs.frozen(kw_only=True)
class NotificationEvent:
    """A notification for the signed-in user (``notification``, user streams).

    ``backfilled`` is true for one fetched after a reconnect, as for :class:`Update`.
    """

    notification: Notification
    backfilled: bool = False
    event: str = "notification"
    stream: StreamName


@attrs.frozen(kw_only=True)
class UnknownEvent:
    """Any other event, with its payload: decoded JSON when it is JSON, else the text."""

    event: str
    payload: Any = None
    stream: StreamName


StreamEvent = Update | StatusUpdate | Delete | NotificationEvent | UnknownEvent
"""The type of what a stream yields."""
