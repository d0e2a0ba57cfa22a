"""Mastodon's streaming protocol over WebSocket, as tables: names, frames, closes, URLs."""

from __future__ import annotations

import json

import pytest

from tootkit._core.websocket import (
    Message,
    StreamName,
    attribute,
    close_error,
    frame_error,
    parse_message,
    streaming_origin,
    websocket_url,
)
from tootkit.errors import Forbidden, NotFound, StreamError, TootkitError, Unauthorized


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("/api/v1/streaming/public", {}, StreamName("public")),
        ("/api/v1/streaming/public/local", {}, StreamName("public:local")),
        ("/api/v1/streaming/public/remote", {}, StreamName("public:remote")),
        ("/api/v1/streaming/public", {"only_media": "true"}, StreamName("public:media")),
        (
            "/api/v1/streaming/public/local",
            {"only_media": "true"},
            StreamName("public:local:media"),
        ),
        ("/api/v1/streaming/hashtag", {"tag": "café"}, StreamName("hashtag", tag="café")),
        ("/api/v1/streaming/hashtag/local", {"tag": "x"}, StreamName("hashtag:local", tag="x")),
        ("/api/v1/streaming/user", {}, StreamName("user")),
        ("/api/v1/streaming/list", {"list": "42"}, StreamName("list", list="42")),
    ],
)
def test_sse_paths_name_their_stream(path: str, params: dict[str, str], name: StreamName) -> None:
    assert StreamName.from_sse(path, params) == name


def test_an_unknown_path_is_refused() -> None:
    with pytest.raises(ValueError, match="not a streaming path"):
        StreamName.from_sse("/api/v1/timelines/public", {})


@pytest.mark.parametrize(
    ("name", "query", "subscribe"),
    [
        (StreamName("public"), {"stream": "public"}, '{"type":"subscribe","stream":"public"}'),
        (
            StreamName("hashtag", tag="日本"),
            {"stream": "hashtag", "tag": "日本"},
            '{"type":"subscribe","stream":"hashtag","tag":"日本"}',
        ),
        (
            StreamName("list", list="7"),
            {"stream": "list", "list": "7"},
            '{"type":"subscribe","stream":"list","list":"7"}',
        ),
    ],
)
def test_queries_and_subscriptions(name: StreamName, query: dict[str, str], subscribe: str) -> None:
    assert name.query() == query
    assert name.subscribe() == subscribe
    assert name.unsubscribe() == subscribe.replace('"subscribe"', '"unsubscribe"')


@pytest.mark.parametrize(
    ("name", "streams", "matches"),
    [
        (StreamName("hashtag", tag="python"), ("hashtag", "python"), True),
        (StreamName("hashtag", tag="Python"), ("hashtag", "PYTHON"), True),
        (StreamName("hashtag", tag="python"), ("hashtag", "rust"), False),
        (StreamName("hashtag", tag="python"), ("hashtag",), True),  # mastodon-mock sends no tag
        (StreamName("list", list="1"), ("list", "1"), True),
        (StreamName("list", list="1"), ("list", "2"), False),
        (StreamName("public"), ("public",), True),
        (StreamName("public"), ("public:local",), False),
        (StreamName("user"), (), False),
    ],
)
def test_which_stream_an_event_belongs_to(
    name: StreamName, streams: tuple[str, ...], matches: bool
) -> None:
    assert name.matches(streams) is matches


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"stream": ["public"], "event": "update", "payload": "{\\"id\\": \\"1\\"}"}',
            Message(("public",), "update", '{"id": "1"}'),
        ),
        (
            '{"stream": "user", "event": "delete", "payload": "9"}',
            Message(("user",), "delete", "9"),
        ),
        ('{"event": "filters_changed"}', Message((), "filters_changed", "")),
        ('{"event": "update", "payload": {"id": "1"}}', Message((), "update", '{"id":"1"}')),
        ("[1, 2]", None),
        ("", None),
    ],
)
def test_frames(text: str, message: Message | None) -> None:
    assert parse_message(text) == message


@pytest.mark.parametrize(
    ("frame", "kind", "status"),
    [
        ({"error": "Missing access token", "status": 401}, Unauthorized, 401),
        ({"error": "Access token does not cover required scopes", "status": 403}, Forbidden, 403),
        ({"error": "List not found", "status": 404}, NotFound, 404),
        ({"error": "Missing access token"}, StreamError, None),
        ({"error": "odd", "status": "404"}, StreamError, None),  # a status that is not one
        ({"error": "odd", "status": 200}, StreamError, None),
    ],
)
def test_an_error_frame_is_raised_as_a_typed_error(
    frame: dict[str, object], kind: type[TootkitError], status: int | None
) -> None:
    with pytest.raises(kind) as raised:
        parse_message(json.dumps(frame))
    assert type(raised.value) is kind
    assert type(frame_error(frame)) is kind
    assert getattr(raised.value, "status_code", None) == status
    assert str(frame["error"]) in str(raised.value)


def test_a_policy_violation_is_a_bad_token_and_other_closes_reconnect() -> None:
    error = close_error(1008, "Invalid access token")
    assert isinstance(error, Unauthorized)
    assert error.error == "Invalid access token"
    for code in (1000, 1001, 1006, 1011, 1012):
        assert close_error(code) is None


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("https://m.example", "wss://m.example/api/v1/streaming"),
        ("https://streaming.m.example/", "wss://streaming.m.example/api/v1/streaming"),
        ("http://127.0.0.1:3000", "ws://127.0.0.1:3000/api/v1/streaming"),
    ],
)
def test_websocket_urls(base: str, url: str) -> None:
    assert websocket_url(base) == url


@pytest.mark.parametrize(
    ("advertised", "base", "origin"),
    [
        ("wss://m.example", "https://m.example", "https://m.example"),
        ("wss://streaming.m.example", "https://m.example", "https://streaming.m.example"),
        # GoToSocial and mastodon-mock advertise wss even when reached over http.
        ("wss://127.0.0.1:3000", "http://127.0.0.1:3000", "http://127.0.0.1:3000"),
        ("ws://127.0.0.1", "http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://M.Example/", "https://m.example", "https://m.example"),
        ("wss://m.example.evil.example", "https://m.example", None),
        ("wss://evil.example", "https://m.example", None),
        ("wss://", "https://m.example", None),
        ("not a url", "https://m.example", None),
        # A bad port is a server's typo: stay on the instance, do not fail every stream.
        ("wss://m.example:99999", "https://m.example", None),
        ("wss://m.example:abc", "https://m.example", None),
        ("wss://streaming.m.example:-1", "https://m.example", None),
        ("wss://[::1", "https://m.example", None),
    ],
)
def test_the_streaming_origin_stays_home_and_follows_the_base_scheme(
    advertised: str, base: str, origin: str | None
) -> None:
    assert streaming_origin(advertised, base) == origin


@pytest.mark.parametrize(
    "name",
    [
        StreamName("public"),
        StreamName("public:local:media"),
        StreamName("public:remote"),
        StreamName("hashtag", tag="café"),
        StreamName("hashtag:local", tag="x"),
        StreamName("user"),
        StreamName("user:notification"),
        StreamName("list", list="42"),
        StreamName("direct"),
    ],
)
def test_every_stream_has_an_sse_path_that_names_it_back(name: StreamName) -> None:
    path, params = name.sse_path()
    assert StreamName.from_sse(path, params) == name


PY, RS = StreamName("hashtag", tag="python"), StreamName("hashtag", tag="rust")


@pytest.mark.parametrize(
    ("names", "streams", "tags", "owner"),
    [
        ((PY,), ("public",), (), PY),  # one stream takes everything
        ((PY, RS), ("hashtag", "rust"), (), RS),
        ((PY, RS), ("hashtag", "RUST"), (), RS),
        ((PY, RS), ("hashtag",), ("rust",), RS),  # a vague label: the tags decide
        ((PY, RS), ("hashtag",), (), PY),  # nothing decides: the first
        ((PY, RS), ("public",), (), None),
        ((PY, StreamName("public")), ("public",), ("python",), StreamName("public")),
        ((), ("public",), (), None),
    ],
)
def test_an_event_is_credited_to_its_stream(
    names: tuple[StreamName, ...],
    streams: tuple[str, ...],
    tags: tuple[str, ...],
    owner: StreamName | None,
) -> None:
    assert attribute(names, streams, tags) == owner
