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
    before = set(threading.enumerate())
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
        server.wait_listening(("public", None))
        stream.close()
        assert ended.wait(20)
        reader.join(5)
    assert_threads_end(before)


def assert_threads_end(before: set[threading.Thread], within: float = 3.0) -> None:
    """The threads a stream started (fan-in pumps, not in ``before``) end soon after it is closed."""
    deadline = time.monotonic() + within
    while left := [t for t in threading.enumerate() if t.name.startswith("tootkit-")]:
        if not set(left) - before:
            return  # only those of an earlier test, in this process, are left
        assert time.monotonic() < deadline, [t.name for t in left]
        time.sleep(0.05)


def test_a_close_from_another_thread_leaves_the_iteration_to_its_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """close() closes the connection only; the generator's cleanup runs in the reader's thread.

    Were it run by close() in the closing thread, a reader calling next() meanwhile
    would get "generator already executing".
    """
    got_one, closing, tried = threading.Event(), threading.Event(), threading.Event()
    closes: list[str] = []  # the threads that closed the link, in order
    errors: list[BaseException] = []
    with (
        run_fake_server(0, stream_transport="websocket") as server,
        Client(server.base_url) as client,
    ):
        stream = client.streaming.public()

        def read() -> None:
            try:
                events = iter(stream)
                next(events)
                got_one.set()
                closing.wait(10)
                time.sleep(0.3)  # the closing thread is inside close() by now
                tried.set()
                for _ in events:
                    pass
            except BaseException as exc:
                errors.append(exc)

        reader = threading.Thread(target=read, name="reader", daemon=True)
        reader.start()
        server.wait_listening(("public", None))
        server.http.post("/api/v1/statuses", data={"status": "one"}).raise_for_status()
        assert got_one.wait(10)
        link = stream._link
        assert link is not None
        close_link = link.close

        def watched_close() -> None:
            closes.append(threading.current_thread().name)
            if threading.current_thread() is not reader and len(closes) > 1:
                tried.wait(5)  # a cleanup run here: the reader calls next() meanwhile
                time.sleep(0.3)
            close_link()

        monkeypatch.setattr(link, "close", watched_close)
        closing.set()
        stream.close()
        reader.join(10)
    assert errors == []
    assert not reader.is_alive()
    assert closes == ["MainThread", "reader"]


def test_a_slow_consumer_keeps_its_websocket() -> None:
    with (
        run_fake_server(0, stream_transport="websocket") as server,
        Client(server.base_url) as client,
    ):
        with client.streaming.public(heartbeat_timeout=1.5) as stream:
            server.post_when_listening("one", "two", "three")
            for got, _ in enumerate(stream, 1):
                if got == 1:
                    time.sleep(3.0)  # twice the heartbeat: pongs must still flow
                if got == 3:
                    break
        assert stream.reconnects == 0
