# This file is generated from the async source tests/_async/test_stream_notifications.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""A user stream that drops misses no notification: its backfill reads them too (mastodon-mock).

mastodon-mock sends a heartbeat every 15 s, so a ``heartbeat_timeout`` of 2 s
drops a quiet stream on purpose; the pause before the reconnect is where the
test posts what the stream must not miss.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import httpx
import pytest

from tests.conftest import Seed
from tests.support.mockserver import MockServer
from tootkit import Client, Runtime
from tootkit.events import NotificationEvent

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


Hook = tuple[Callable[[httpx.Request], bool], Callable[[], object]]
"""When to act (the request it picks) and what to do: post a mention."""


class Spy(httpx.BaseTransport):
    """The real transport, with hooks run once each: ``before`` a request is sent, or ``after`` it.

    It keeps the query of every request for notifications in ``notifications``.
    """

    def __init__(
        self, *, before: list[Hook] | None = None, after: list[Hook] | None = None
    ) -> None:
        self.inner = httpx.HTTPTransport()
        self.before, self.after = list(before or []), list(after or [])
        self.notifications: list[httpx.QueryParams] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/notifications":
            self.notifications.append(request.url.params)
        _run(self.before, request)
        response = self.inner.handle_request(request)
        _run(self.after, request)
        return response

    def close(self) -> None:
        self.inner.close()


def _run(hooks: list[Hook], request: httpx.Request) -> None:
    for hook in [hook for hook in hooks if hook[0](request)]:
        hooks.remove(hook)  # once
        hook[1]()


def a_bot(mock_server: MockServer) -> tuple[str, str]:
    """A fresh account, with no notification of other tests: its name and token."""
    name = f"notifill{uuid.uuid4().hex[:8]}"
    return name, mock_server.new_user(name)


def test_a_mention_posted_while_the_user_stream_is_down_is_backfilled_once(
    mock_server: MockServer, seed: Seed
) -> None:
    name, token = a_bot(mock_server)
    texts: dict[str, str] = {}

    def mention(label: str) -> None:
        texts[label] = f"@{name} {label} {uuid.uuid4().hex[:6]}"
        mock_server.post_status(texts[label], token=seed.alice_token)

    mention("before")  # older than the stream: never yielded
    auth = {"Authorization": f"Bearer {token}"}
    before = mock_server.http.get("/api/v1/notifications", headers=auth).json()[0]["id"]
    pauses: list[float] = []

    def pause(seconds: float) -> None:  # the stream is down: a mention now is missed live
        pauses.append(seconds)
        if len(pauses) == 1:
            mention("away")

    def backfill(page: int) -> Callable[[httpx.Request], bool]:
        def picks(request: httpx.Request) -> bool:
            pages = [params for params in spy.notifications if "min_id" in params]
            return request.url.path == "/api/v1/notifications" and len(pages) == page

        return picks

    # The backfill's first page is asked for while the new connection is open: a
    # mention posted just before it comes both live and in the page. The walk then
    # ends at an empty second page: a mention posted after it comes live only.
    spy = Spy(
        before=[(backfill(page=1), lambda: mention("both"))],
        after=[(backfill(page=2), lambda: mention("live"))],
    )
    runtime = Runtime(sleep=pause)
    got: list[tuple[str, bool]] = []
    with Client(
        mock_server.base_url, access_token=token, transport=spy, runtime=runtime
    ) as bot:
        stream = bot.streaming.user(backfill=True, transport="sse", heartbeat_timeout=2)
        with stream:
            for event in stream:
                if not isinstance(event, NotificationEvent):
                    continue
                status = event.notification.status
                got.append((status.text if status else "", event.backfilled))
                if len(got) == 3:
                    break
    assert got == [(texts["away"], True), (texts["both"], True), (texts["live"], False)]
    assert stream.reconnects == 1
    # One request at the first connection learned where to start: the backfill starts there.
    assert [params.get("limit") for params in spy.notifications].count("1") == 1
    assert spy.notifications[1].get("min_id") == before


def test_without_backfill_a_user_stream_asks_nothing_of_the_notifications(
    mock_server: MockServer, seed: Seed
) -> None:
    name, token = a_bot(mock_server)
    text = f"@{name} hello"

    def connected(request: httpx.Request) -> bool:
        return request.url.path == "/api/v1/streaming/user"

    spy = Spy(after=[(connected, lambda: mock_server.post_status(text, token=seed.alice_token))])
    with (
        Client(mock_server.base_url, access_token=token, transport=spy) as bot,
        bot.streaming.user(transport="sse") as stream,
    ):
        for event in stream:
            if isinstance(event, NotificationEvent):
                assert event.notification.status is not None
                assert event.notification.status.text == text
                assert not event.backfilled
                break
    assert spy.notifications == []


def test_a_token_refused_the_notifications_streams_on_without_their_backfill(
    mock_server: MockServer, seed: Seed, caplog: pytest.LogCaptureFixture
) -> None:
    name, token = a_bot(mock_server)
    refused = {"methods": ["GET"], "path": "/api/v1/notifications"}
    rule = mock_server.add_fault(
        {"match": refused, "effect": {"type": "status", "status": 403}, "count": 1}
    )
    text = f"@{name} still here"

    def refused_once(request: httpx.Request) -> bool:  # then a mention comes live
        return request.url.path == "/api/v1/notifications"

    spy = Spy(after=[(refused_once, lambda: mock_server.post_status(text, token=seed.alice_token))])
    try:
        with (
            Client(mock_server.base_url, access_token=token, transport=spy) as bot,
            bot.streaming.user(backfill=True, transport="sse") as stream,
        ):
            with caplog.at_level(logging.WARNING, logger="tootkit"):
                for event in stream:
                    if isinstance(event, NotificationEvent):
                        assert event.notification.status is not None
                        assert event.notification.status.text == text
                        assert not event.backfilled
                        break
    finally:
        mock_server.http.delete(f"/api/v1/_mock/faults/{rule}")
    assert "may not read notifications" in caplog.text
