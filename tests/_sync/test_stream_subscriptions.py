# This file is generated from the async source tests/_async/test_stream_subscriptions.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Subscriptions that fail: kept and restored on every transport, or refused with a typed error.
"""

from __future__ import annotations

import pytest

from tests.support.mockserver import run_fake_server
from tootkit import Client, Runtime
from tootkit.errors import NotFound
from tootkit.events import StreamName, Update

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

RED, GREEN = ("hashtag", "red"), ("hashtag", "green")


@pytest.mark.parametrize(
    ("transport", "connections"), [("sse", "shared"), ("websocket", "per-stream")]
)
def test_a_subscription_whose_connection_fails_is_kept_and_restored(
    transport: str, connections: str
) -> None:
    waits: list[float] = []

    def no_wait(seconds: float) -> None:
        waits.append(seconds)

    runtime = Runtime(sleep=no_wait, rand=lambda: 0.5)
    # The second streaming request (the one that subscribes to #green) is answered 503.
    with run_fake_server(0, stream_transport=transport, stream_fail_at="2") as server:
        with (
            Client(server.base_url, runtime=runtime) as client,
            client.streaming.multiplex(
                transport=transport,  # type: ignore[arg-type]
                connections=connections,  # type: ignore[arg-type]
            ) as streams,
        ):
            streams.subscribe("hashtag", tag="red")
            server.post_when_listening("a #red one", wants=(RED,))
            got: list[str | None] = []
            for event in streams:
                assert isinstance(event, Update)
                got.append(event.stream.tag)
                if got == ["red"]:
                    # Its connection fails: no internal error here, the reader reconnects.
                    streams.subscribe("hashtag", tag="green")
                    server.post_when_listening("a #green one", wants=(RED, GREEN))
                if "green" in got:
                    break
        assert got == ["red", "green"]
        assert streams.streams == [
            StreamName("hashtag", tag="red"),
            StreamName("hashtag", tag="green"),
        ]
        assert streams.reconnects == 1
        assert len(waits) == 1


def test_a_stream_refused_with_an_error_frame_raises_it() -> None:
    # Mastodon answers a list stream the token may not read with {"error": ..., "status": 404}.
    with run_fake_server(0, stream_transport="websocket") as server:
        with Client(server.base_url) as client:
            with pytest.raises(NotFound, match="List not found"):
                for _ in client.streaming.list("7"):
                    pass


def test_a_subscription_refused_with_an_error_frame_ends_the_multiplex() -> None:
    with run_fake_server(0, stream_transport="websocket") as server:
        with Client(server.base_url) as client, client.streaming.multiplex() as streams:
            streams.subscribe("hashtag", tag="red")
            server.post_when_listening("a #red one", wants=(RED,))
            with pytest.raises(NotFound, match="List not found"):
                for event in streams:
                    assert event.stream == StreamName("hashtag", tag="red")
                    streams.subscribe("list", list="7")
