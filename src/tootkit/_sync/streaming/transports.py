# This file is generated from the async source src/tootkit/_async/streaming/transports.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""What every transport of a stream offers: :class:`Link`, and how a link ends.

A link is one connection attempt. It opens, carries the streams it was given
(and those added while it is open), yields their events as
:class:`~tootkit._core.websocket.Message` values, and ends by raising: a
:class:`Dropped` to reconnect, or the error that ends the stream. What to do
next (pause, reconnect, backfill) is the stream's business, the same for every
link. The links themselves are in ``over_websocket`` and ``over_sse``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import httpx
from httpx_ws import HTTPXWSException

from tootkit._concurrency import FanIn
from tootkit._core.websocket import Message, NOT_HERE, StreamName
from tootkit.errors import APIError, TootkitError

if TYPE_CHECKING:
    from tootkit._sync.streaming.seam import StreamingSeam

__all__ = ["Link", "Dropped", "NotHere", "change", "upgrade_refusal"]

STOPPED = "the stream was closed"


class Dropped(Exception):
    """The connection ended or failed in a way that a reconnect may mend; ``reason`` says how."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotHere(Exception):
    """The server refused this transport (``status_code``): try the other one, if any."""

    def __init__(self, transport: str, status_code: int, error: APIError | None = None) -> None:
        super().__init__(f"{transport}: {status_code}")
        self.transport = transport
        self.status_code = status_code
        self.error = error


class Link:
    """What every link offers the stream."""

    stopped = False
    """Set by :meth:`stop` or :meth:`close`: the reader ends at its next look up."""
    names: tuple[StreamName, ...] = ()
    """The streams the link carries now."""
    fan: FanIn[object, Message] | None = None
    """Where the link's readers meet, when it has several (or a reader of its own)."""

    def stop(self) -> None:
        """Ask the reader to end; safe from any task or thread, as it does no I/O."""
        self.stopped = True

    def fail(self, error: Exception) -> None:
        """End the reader with ``error``: a :class:`Dropped` to reconnect, or the user's error."""
        if self.fan is not None:
            self.fan.add(object(), _Failing(error))
        else:
            self.stop()

    def open(self) -> None:
        """Connect; raise :class:`NotHere`, :class:`Dropped` or the server's error if that fails."""
        raise NotImplementedError

    def messages(self) -> Iterator[Message]:
        """The event messages as they come; ends by raising :class:`Dropped` or an error."""
        raise NotImplementedError

    def add(self, name: StreamName) -> None:
        """Carry one more stream from now on."""
        raise NotImplementedError

    def remove(self, name: StreamName) -> None:
        """Stop carrying a stream."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the connection (safe to call twice, and from another thread in the sync twin)."""
        raise NotImplementedError


class _Failing:
    """A source of a fan-in that fails at once: how a link hands its reader an error."""

    def __init__(self, error: Exception) -> None:
        self._error = error

    def __iter__(self) -> Iterator[Message]:
        raise self._error
        yield  # a generator, that raises when first read

    def close(self) -> None:
        """Nothing to close."""


MENDABLE = (Dropped, NotHere, httpx.HTTPError, HTTPXWSException, OSError)
"""What a subscription change may fail with that a reconnect mends."""


def change(link: Link, name: StreamName, *, add: bool) -> None:
    """Subscribe ``link`` to ``name`` (or unsubscribe it); a failure goes to the reader, not the caller.

    Over every transport alike, the subscription is kept: a connection that
    fails is reconnected, and every stream subscribed to is restored; an
    error of the server (a list you do not own) is raised where the stream is read.
    """
    try:
        (link.add(name) if add else link.remove(name))
    except TootkitError as error:
        link.fail(error)
    except MENDABLE as failed:
        what = "subscribing to" if add else "unsubscribing from"
        link.fail(Dropped(f"{what} {name} failed ({type(failed).__name__})"))


def upgrade_refusal(
    seam: StreamingSeam, transport: str, response: httpx.Response
) -> Exception:
    """What a refused connection means: reconnect later, try the other transport, or stop."""
    code = response.status_code
    if code in seam.retry_statuses:
        return Dropped(f"the streaming server answered {code}")
    if code < 400 or code in NOT_HERE:  # a redirect, too, is not a stream
        return NotHere(transport, code, seam.refusal(response) if code >= 400 else None)
    return seam.refusal(response)
