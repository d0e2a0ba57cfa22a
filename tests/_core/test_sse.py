"""The SSE decoder: tables of streams, and any chunking gives the same events."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tootkit._core.sse import ServerSentEvent, SSEDecoder

E = ServerSentEvent


@pytest.mark.parametrize(
    ("stream", "events"),
    [
        (b"event: update\ndata: {}\n\n", [E("update", "{}")]),
        (b"event: update\r\ndata: {}\r\n\r\n", [E("update", "{}")]),
        (b"event: update\rdata: {}\r\r", [E("update", "{}")]),
        (b"data: a\ndata: b\n\n", [E("message", "a\nb")]),
        (b":thump\n\n:thump\n\n", []),
        (b":connected\n\nevent: delete\ndata: 109\n\n", [E("delete", "109")]),
        (b"event: x\ndata:no-space\n\n", [E("x", "no-space")]),
        (b"event: x\ndata:  two spaces\n\n", [E("x", " two spaces")]),
        (b"id: 7\nevent: x\ndata: y\nretry: 3000\n\n", [E("x", "y", "7", 3000)]),
        (b"event: x\ndata: unfinished", []),
        (b"weird: field\ndata: kept\n\n", [E("message", "kept")]),
        ("data: café ✓\n\n".encode(), [E("message", "café ✓")]),
        (
            b'event: notification\ndata: {"a": 1}\n\nevent: update\ndata: {}\n\n',
            [E("notification", '{"a": 1}'), E("update", "{}")],
        ),
    ],
)
def test_streams(stream: bytes, events: list[ServerSentEvent]) -> None:
    assert SSEDecoder().feed(stream) == events


def test_comments_are_counted_as_heartbeats() -> None:
    decoder = SSEDecoder()
    decoder.feed(b":thump\n\n:thump\n")
    assert decoder.comments == 2


STREAM = (
    b':connected\r\n\r\nevent: update\r\ndata: {"id": "1", "content": "caf\xc3\xa9"}\r\n\r\n'
    b":thump\n\nevent: delete\ndata: 1\n\nevent: status.update\rdata: {}\r\r"
    b"data: line one\ndata: line two\n\n"
)


@given(st.lists(st.integers(min_value=1, max_value=len(STREAM)), max_size=20))
def test_any_chunking_gives_the_same_events(cuts: list[int]) -> None:
    whole = SSEDecoder().feed(STREAM)
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    previous = 0
    for cut in sorted(set(cuts)):
        events += decoder.feed(STREAM[previous:cut])
        previous = cut
    events += decoder.feed(STREAM[previous:])
    assert events == whole
    assert [e.event for e in whole] == ["update", "delete", "status.update", "message"]
