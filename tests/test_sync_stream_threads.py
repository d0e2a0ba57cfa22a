"""The sync client's streams and threads: closed from another thread, read slowly.

The async twins of these tests (tasks instead of threads) are in
tests/_async/test_stream_transports.py.
"""

from __future__ import annotations

import threading
import time

import pytest

from tests.support.mockserver import run_fake_server
from tootkit import Client

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


@pytest.mark.parametrize("transport", ["websocket", "sse"])
def test_a_stream_closed_from_another_thread_ends_its_reader(transport: str) -> None:
    with (
        run_fake_server(0, stream_transport=transport) as server,
        Client(server.base_url) as client,
    ):
        stream = client.streaming.public()
        ended = threading.Event()

        def read() -> None:
            for _ in stream:
                pass
            ended.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        time.sleep(1.0)
        stream.close()
        assert ended.wait(20)
        reader.join(5)
    assert [t.name for t in threading.enumerate() if t.name.startswith("tootkit-")] == []


def test_a_slow_consumer_keeps_its_websocket() -> None:
    with (
        run_fake_server(0, stream_transport="websocket") as server,
        Client(server.base_url) as client,
    ):
        with client.streaming.public(heartbeat_timeout=1.5) as stream:

            def post() -> None:
                time.sleep(0.5)
                for text in ("one", "two", "three"):
                    server.http.post("/api/v1/statuses", data={"status": text})

            threading.Thread(target=post, daemon=True).start()
            for got, _ in enumerate(stream, 1):
                if got == 1:
                    time.sleep(3.0)  # twice the heartbeat: pongs must still flow
                if got == 3:
                    break
        assert stream.reconnects == 0
