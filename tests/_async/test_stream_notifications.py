"""A user stream that drops misses no notification: its backfill reads them too (mastodon-mock).

mastodon-mock sends a heartbeat every 15 s, so a ``heartbeat_timeout`` of 2 s
drops a quiet stream on purpose; the pause before the reconnect is where the
test posts what the stream must not miss.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import httpx
import pytest

from tests.conftest import Seed
from tests.support.mockserver import MockServer
from tootkit import AsyncClient, AsyncRuntime
from tootkit.events import NotificationEvent, StreamEvent, StreamName, Update

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


Hook = tuple[Callable[[httpx.Request], bool], Callable[[], object]]
"""When to act (the request it picks) and what to do: post a mention."""


class Spy(httpx.AsyncBaseTransport):
    """The real transport, with hooks run once each: ``before`` a request is sent, or ``after`` it.

    It keeps the query of every request for notifications in ``notifications``.
    """

    def __init__(
        self, *, before: list[Hook] | None = None, after: list[Hook] | None = None
    ) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.before, self.after = list(before or []), list(after or [])
        self.notifications: list[httpx.QueryParams] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/notifications":
            self.notifications.append(request.url.params)
        _run(self.before, request)
        response = await self.inner.handle_async_request(request)
        _run(self.after, request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def _run(hooks: list[Hook], request: httpx.Request) -> None:
    for hook in [hook for hook in hooks if hook[0](request)]:
        hooks.remove(hook)  # once
        hook[1]()


class Bot:
    """A fresh account (no notification of other tests has reached it), and alice to mention it."""

    def __init__(self, mock_server: MockServer, seed: Seed) -> None:
        self.name = f"notifill{uuid.uuid4().hex[:8]}"
        self.token = mock_server.new_user(self.name)
        self.texts: dict[str, str] = {}
        """The text of each mention, by its label."""
        self._server = mock_server
        self._alice = seed.alice_token

    def mention(self, label: str) -> None:
        """Alice mentions the bot, in a text that says ``label``."""
        self.texts[label] = f"@{self.name} {label} {uuid.uuid4().hex[:6]}"
        self._server.post_status(self.texts[label], token=self._alice)

    def newest_notification(self) -> str:
        auth = {"Authorization": f"Bearer {self.token}"}
        answer = self._server.http.get("/api/v1/notifications", headers=auth)
        return str(answer.json()[0]["id"])


def mentioned(event: StreamEvent) -> tuple[str, bool] | None:
    """A notification's text and whether it was backfilled; None for any other event."""
    if not isinstance(event, NotificationEvent) or event.notification.status is None:
        return None
    return event.notification.status.text, event.backfilled


async def test_a_mention_posted_while_the_user_stream_is_down_is_backfilled_once(
    mock_server: MockServer, seed: Seed
) -> None:
    bot = Bot(mock_server, seed)
    bot.mention("before")  # older than the stream: never yielded
    before = bot.newest_notification()
    pauses: list[float] = []

    async def pause(seconds: float) -> None:  # the stream is down: a mention now is missed live
        pauses.append(seconds)
        if len(pauses) == 1:
            bot.mention("away")

    def backfill(page: int) -> Callable[[httpx.Request], bool]:
        def picks(request: httpx.Request) -> bool:
            pages = [params for params in spy.notifications if "min_id" in params]
            return request.url.path == "/api/v1/notifications" and len(pages) == page

        return picks

    # The backfill's first page is asked for while the new connection is open: a
    # mention posted just before it comes both live and in the page. The walk then
    # ends at an empty second page: a mention posted after it comes live only.
    spy = Spy(
        before=[(backfill(page=1), lambda: bot.mention("both"))],
        after=[(backfill(page=2), lambda: bot.mention("live"))],
    )
    runtime = AsyncRuntime(sleep=pause)
    got: list[tuple[str, bool]] = []
    async with AsyncClient(
        mock_server.base_url, access_token=bot.token, transport=spy, runtime=runtime
    ) as client:
        stream = client.streaming.user(backfill=True, transport="sse", heartbeat_timeout=2)
        async with stream:
            async for event in stream:
                got += filter(None, [mentioned(event)])
                if len(got) == 3:
                    break
    texts = bot.texts
    assert got == [(texts["away"], True), (texts["both"], True), (texts["live"], False)]
    assert stream.reconnects == 1
    # One request at the first connection learned where to start: the backfill starts there.
    assert [params.get("limit") for params in spy.notifications].count("1") == 1
    assert spy.notifications[1].get("min_id") == before


async def test_without_backfill_a_user_stream_asks_nothing_of_the_notifications(
    mock_server: MockServer, seed: Seed
) -> None:
    bot = Bot(mock_server, seed)

    def connected(request: httpx.Request) -> bool:  # then a mention comes live
        return request.url.path == "/api/v1/streaming/user"

    spy = Spy(after=[(connected, lambda: bot.mention("hello"))])
    got: list[tuple[str, bool]] = []
    async with (
        AsyncClient(mock_server.base_url, access_token=bot.token, transport=spy) as client,
        client.streaming.user(transport="sse") as stream,
    ):
        async for event in stream:
            got += filter(None, [mentioned(event)])
            if got:
                break
    assert got == [(bot.texts["hello"], False)]
    assert spy.notifications == []


async def test_a_token_refused_the_notifications_streams_on_without_their_backfill(
    mock_server: MockServer, seed: Seed, caplog: pytest.LogCaptureFixture
) -> None:
    bot = Bot(mock_server, seed)
    refused = {"methods": ["GET"], "path": "/api/v1/notifications"}
    rule = mock_server.add_fault(
        {"match": refused, "effect": {"type": "status", "status": 403}, "count": 1}
    )

    def refused_once(request: httpx.Request) -> bool:  # then a mention comes live
        return request.url.path == "/api/v1/notifications"

    spy = Spy(after=[(refused_once, lambda: bot.mention("still here"))])
    got: list[tuple[str, bool]] = []
    try:
        async with (
            AsyncClient(mock_server.base_url, access_token=bot.token, transport=spy) as client,
            client.streaming.user(backfill=True, transport="sse") as stream,
        ):
            with caplog.at_level(logging.WARNING, logger="tootkit"):
                async for event in stream:
                    got += filter(None, [mentioned(event)])
                    if got:
                        break
    finally:
        mock_server.http.delete(f"/api/v1/_mock/faults/{rule}")
    assert got == [(bot.texts["still here"], False)]
    assert "may not read notifications" in caplog.text


async def test_notifications_subscribed_to_in_a_running_multiplex_start_there(
    mock_server: MockServer, seed: Seed
) -> None:
    # Subscribed while its connection is open, user:notification learns at once
    # where its backfill starts: a mention made during the first drop is not lost.
    bot = Bot(mock_server, seed)
    bot.mention("before")
    before = bot.newest_notification()
    notifications = StreamName("user:notification")
    pauses: list[float] = []

    async def pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 1:
            bot.mention("away")

    def connected(request: httpx.Request) -> bool:  # then a public status comes live
        return request.url.path == "/api/v1/streaming/public/local"

    spy = Spy(after=[(connected, lambda: mock_server.post_status("hello", token=seed.alice_token))])
    runtime = AsyncRuntime(sleep=pause)
    got: list[tuple[str, bool]] = []
    async with (
        AsyncClient(
            mock_server.base_url, access_token=bot.token, transport=spy, runtime=runtime
        ) as client,
        client.streaming.multiplex(backfill=True, transport="sse", heartbeat_timeout=2) as streams,
    ):
        await streams.subscribe("public:local")
        async for event in streams:
            if isinstance(event, Update) and notifications not in streams.streams:
                await streams.subscribe(notifications)
                assert [params.get("limit") for params in spy.notifications] == ["1"]
            got += filter(None, [mentioned(event)])
            if got:
                break
    assert got == [(bot.texts["away"], True)]
    assert spy.notifications[1].get("min_id") == before
