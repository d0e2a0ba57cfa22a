"""Typed events of the streaming API.

Every event has ``.event``, the Mastodon event name. ``update`` and
``status.update`` carry ``.status``, ``delete`` carries ``.id``, and
``notification`` carries ``.notification``. An event tootkit does not know
(``filters_changed``, ``announcement``, ``conversation``, a server's own)
arrives as :class:`UnknownEvent` with its payload: never dropped silently.

Examples:
    >>> from tootkit.events import Delete
    >>> Delete(id="109").event
    'delete'
"""

from __future__ import annotations

from typing import Any

import attrs

from tootkit.models import Notification, Status

__all__ = ["Delete", "NotificationEvent", "StatusUpdate", "StreamEvent", "UnknownEvent", "Update"]


@attrs.frozen(kw_only=True)
class Update:
    """A new status in the stream (``update``). ``backfilled`` is true for one fetched after a reconnect."""

    status: Status
    backfilled: bool = False
    event: str = "update"


@attrs.frozen(kw_only=True)
class StatusUpdate:
    """A status was edited (``status.update``, Mastodon 3.5+)."""

    status: Status
    event: str = "status.update"


@attrs.frozen(kw_only=True)
class Delete:
    """A status was deleted (``delete``): only its id is sent."""

    id: str
    event: str = "delete"


@attrs.frozen(kw_only=True)
class NotificationEvent:
    """A notification for the signed-in user (``notification``, user streams)."""

    notification: Notification
    event: str = "notification"


@attrs.frozen(kw_only=True)
class UnknownEvent:
    """Any other event, with its payload: decoded JSON when it is JSON, else the text."""

    event: str
    payload: Any = None


StreamEvent = Update | StatusUpdate | Delete | NotificationEvent | UnknownEvent
"""The type of what a stream yields."""
