# This file is generated from the async source src/tootkit/_async/streaming.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Streaming (``client.streaming``): Server-Sent Events that reconnect and backfill.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Generator
from typing import Any, TYPE_CHECKING

import httpx
import orjson

from tootkit._sync.paginator import Paginator
from tootkit._core.request import tag_name
from tootkit._core.sse import ServerSentEvent, SSEDecoder
from tootkit.errors import APIError, DecodeError, StreamingNotSupported
from tootkit.events import (
    Delete,
    NotificationEvent,
    StatusUpdate,
    StreamEvent,
    UnknownEvent,
    Update,
)
from tootkit.models import Notification, Status

if TYPE_CHECKING:
    from tootkit._sync.seam import StreamingSeam

__all__ = ["Stream", "Streaming"]

logger = logging.getLogger("tootkit")

DEFAULT_HEARTBEAT_TIMEOUT = 45.0
"""Mastodon sends a heartbeat comment every 15 s; three missed ones mean a dead connection."""

_REFUSALS = frozenset({400, 404, 405, 406, 410, 426, 501})


class _Unavailable(Exception):
    """The streaming server is briefly unavailable (502, 503, 504, 429): reconnect later."""

    def __init__(self, status_code: int) -> None:
        self.status_code = status_code


class _Recent:
    """The ids seen lately, to drop what a backfill and the stream both deliver."""

    def __init__(self, size: int = 10_000) -> None:
        self._order: deque[str] = deque()
        self._ids: set[str] = set()
        self._size = size

    def add(self, id_: str) -> bool:
        """Remember ``id_``; False if it was already there."""
        if id_ in self._ids:
            return False
        self._ids.add(id_)
        self._order.append(id_)
        if len(self._order) > self._size:
            self._ids.discard(self._order.popleft())
        return True


class Stream:
    """A live stream of events; iterate it with ``for``, and close it (or use ``with``).

    When the connection drops, or stays silent past ``heartbeat_timeout``
    seconds, the stream reconnects by itself, after a pause that grows
    exponentially with full jitter. With ``backfill=True`` it then fetches
    what was posted while it was away from the matching timeline, starting
    after the last status it yielded, and drops what it has already yielded:
    you see every status exactly once.
    """

    def __init__(
        self,
        seam: StreamingSeam,
        path: str,
        params: dict[str, str],
        *,
        backfill: Callable[[str], Paginator[Status]] | None,
        heartbeat_timeout: float,
    ) -> None:
        self._seam = seam
        self._path = path
        self._params = params
        self._backfill = backfill
        self._heartbeat_timeout = heartbeat_timeout
        self._closed = False
        self._response: httpx.Response | None = None
        self._generator: Generator[StreamEvent, None, None] | None = None
        self.reconnects = 0
        """How many times the stream has reconnected."""
        self.last_status_id: str | None = None
        """The id of the last status yielded: where a backfill starts."""

    def __iter__(self) -> Generator[StreamEvent, None, None]:
        if self._generator is None:
            self._generator = self._events()
        return self._generator

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection and end the iteration."""
        self._closed = True
        if self._generator is not None:
            self._generator.close()
        if self._response is not None:
            self._response.close()

    def _events(self) -> Generator[StreamEvent, None, None]:
        seam = self._seam
        seen = _Recent()
        attempt = 0
        while not self._closed:
            base = seam.base_url()
            reason = "the stream ended"
            try:
                response = seam.open(
                    base + self._path,
                    self._params,
                    {"Accept": "text/event-stream", "Cache-Control": "no-cache"},
                    httpx.Timeout(10.0, read=self._heartbeat_timeout),
                )
                self._response = response
                try:
                    if response.status_code >= 400:
                        response.read()
                        if response.status_code in seam.retry_statuses:
                            raise _Unavailable(response.status_code)
                        raise self._refusal(response)
                    if self.reconnects and self._backfill is not None and self.last_status_id:
                        for status in self._fill(self.last_status_id):
                            if seen.add(status.id):
                                self.last_status_id = status.id
                                yield Update(status=status, backfilled=True)
                    decoder = SSEDecoder()
                    for chunk in response.iter_bytes():
                        for message in decoder.feed(chunk):
                            attempt = 0  # the stream works again: back to short pauses
                            event = self._parse(message)
                            if isinstance(event, Update):
                                if not seen.add(event.status.id):
                                    continue  # already yielded by the backfill
                                self.last_status_id = event.status.id
                            yield event
                finally:
                    response.close()
            except _Unavailable as unavailable:
                reason = f"the streaming server answered {unavailable.status_code}"
            except httpx.ReadTimeout:
                reason = f"the stream was silent for {self._heartbeat_timeout:g} s"
            except httpx.TransportError as exc:
                reason = f"the stream dropped ({type(exc).__name__})"
            if self._closed:
                return
            attempt += 1
            self.reconnects += 1
            seam.pause(attempt, f"{reason}; reconnecting to {self._path}")

    def _fill(self, after: str) -> Generator[Status, None, None]:
        assert self._backfill is not None
        for page in self._backfill(after).pages():
            for status in reversed(page.items):  # oldest first, as the stream would have sent them
                yield status

    def _refusal(self, response: httpx.Response) -> APIError:
        error = self._seam.refusal(response)
        if response.status_code in _REFUSALS:
            return StreamingNotSupported(
                response.status_code,
                error=f"this server does not stream over Server-Sent Events ({error.error})",
                description="GoToSocial, for one, streams over WebSocket only; poll the timeline instead",
                method="GET",
                url=error.url,
            )
        return error

    def _parse(self, message: ServerSentEvent) -> StreamEvent:
        name, data = message.event, message.data
        loads = self._seam.loads
        try:
            if name == "update":
                return Update(status=loads(data, Status))
            if name == "status.update":
                return StatusUpdate(status=loads(data, Status))
            if name == "notification":
                return NotificationEvent(notification=loads(data, Notification))
            if name == "delete":
                return Delete(id=data.strip().strip('"'))
        except DecodeError as exc:
            logger.warning("could not read a %r event (%s); passed on as raw", name, exc.reason)
        payload: Any
        try:
            payload = orjson.loads(data)
        except orjson.JSONDecodeError:
            payload = data
        return UnknownEvent(event=name, payload=payload)


class Streaming:
    """The streaming endpoints (``/api/v1/streaming/...``, over Server-Sent Events).

    Every method returns an :class:`Stream`. See the "Streaming" docs page.

    Examples:
        >>> with client.streaming.hashtag("python", backfill=True) as stream:  # doctest: +SKIP
        ...     for event in stream:
        ...         if event.event == "update":
        ...             print(event.status.text)
    """

    def __init__(self, seam: StreamingSeam) -> None:
        self._seam = seam

    def _open(
        self,
        path: str,
        params: dict[str, str],
        backfill: Callable[[str], Paginator[Status]] | None,
        heartbeat_timeout: float,
    ) -> Stream:
        return Stream(
            self._seam, path, params, backfill=backfill, heartbeat_timeout=heartbeat_timeout
        )

    def hashtag(
        self,
        name: str,
        *,
        local: bool = False,
        backfill: bool = False,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    ) -> Stream:
        """New public statuses with a hashtag (``/api/v1/streaming/hashtag[/local]``).

        See https://docs.joinmastodon.org/methods/streaming/#hashtag.
        """
        tag = tag_name(name)
        path = "/api/v1/streaming/hashtag/local" if local else "/api/v1/streaming/hashtag"

        def fill(after: str) -> Paginator[Status]:
            return self._seam.timelines.tag(tag, local=local, min_id=after)

        return self._open(path, {"tag": tag}, fill if backfill else None, heartbeat_timeout)

    def public(
        self,
        *,
        local: bool = False,
        remote: bool = False,
        only_media: bool = False,
        backfill: bool = False,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    ) -> Stream:
        """New public statuses (``/api/v1/streaming/public[/local|/remote]``).

        See https://docs.joinmastodon.org/methods/streaming/#public.
        """
        path = "/api/v1/streaming/public" + ("/local" if local else "/remote" if remote else "")
        params = {"only_media": "true"} if only_media else {}

        def fill(after: str) -> Paginator[Status]:
            return self._seam.timelines.public(
                local=local, remote=remote, only_media=only_media, min_id=after
            )

        return self._open(path, params, fill if backfill else None, heartbeat_timeout)

    def user(
        self, *, backfill: bool = False, heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT
    ) -> Stream:
        """Your home timeline and notifications (``/api/v1/streaming/user``); needs a token.

        A backfill fills in the home timeline; notifications missed while
        disconnected are in :meth:`~tootkit.Client.notifications`.

        See https://docs.joinmastodon.org/methods/streaming/#user.
        """

        def fill(after: str) -> Paginator[Status]:
            return self._seam.timelines.home(min_id=after)

        return self._open(
            "/api/v1/streaming/user", {}, fill if backfill else None, heartbeat_timeout
        )

    def list(
        self,
        list_id: str,
        *,
        backfill: bool = False,
        heartbeat_timeout: float = DEFAULT_HEARTBEAT_TIMEOUT,
    ) -> Stream:
        """New statuses of the accounts in one of your lists (``/api/v1/streaming/list``).

        See https://docs.joinmastodon.org/methods/streaming/#list.
        """

        def fill(after: str) -> Paginator[Status]:
            return self._seam.timelines.list(list_id, min_id=after)

        return self._open(
            "/api/v1/streaming/list",
            {"list": str(list_id)},
            fill if backfill else None,
            heartbeat_timeout,
        )
