"""The fake's streams: Server-Sent Events as Mastodon sends them, drops, and tootkit reading them."""

from __future__ import annotations

import asyncio
import json
import threading

import httpx
import pytest

import tootkit
from tootkit._core.sse import SSEDecoder
from tootkit.errors import StreamingNotSupported, Unauthorized
from tootkit.events import Delete, NotificationEvent, StatusUpdate, Update
from tootkit.testing import FakeInstance, OpenStream

pytestmark = pytest.mark.timeout(10)

# Reconnects without waiting: the backoff is 0 s.
NO_WAIT = tootkit.RetryPolicy(backoff_base=0.0)


def _client(fake: FakeInstance, token: str | None) -> tootkit.Client:
    return tootkit.Client(fake.url, access_token=token, transport=fake.transport(), retry=NO_WAIT)


def _aclient(fake: FakeInstance, token: str | None) -> tootkit.AsyncClient:
    transport = fake.transport()
    return tootkit.AsyncClient(fake.url, access_token=token, transport=transport, retry=NO_WAIT)


def _http(fake: FakeInstance, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(transport=fake.transport(), base_url=fake.url, headers=headers)


def _sent(response: httpx.Response) -> list[tuple[str, str]]:
    """What a stream was sent until the fake dropped it: (event, status id or data) pairs."""
    decoder, events = SSEDecoder(), []
    with pytest.raises(httpx.RemoteProtocolError):
        for chunk in response.iter_raw():
            events += decoder.feed(chunk)
    pairs = []
    for event in events:
        data = json.loads(event.data) if event.data.startswith("{") else event.data
        if isinstance(data, dict):  # a status, or a notification: its type and status
            data = data["id"] if "type" not in data else f"{data['type']} {data['status']['id']}"
        pairs.append((event.event, data))
    return pairs


@pytest.fixture
def fake() -> FakeInstance:
    return FakeInstance()


# -- the endpoints, over plain httpx -------------------------------------------------------


def test_health_and_the_refused_websocket(fake: FakeInstance) -> None:
    with _http(fake) as http:
        health = http.get("/api/v1/streaming/health")
        assert (health.status_code, health.text) == (200, "OK")
        assert health.headers["Content-Type"].startswith("text/plain")
        upgrade = {"Upgrade": "websocket", "Connection": "Upgrade"}
        refused = http.get("/api/v1/streaming", params={"stream": "public"}, headers=upgrade)
    assert refused.status_code == 404
    assert "Server-Sent Events" in refused.json()["error"]


def test_streams_need_a_token_and_a_tag(fake: FakeInstance) -> None:
    token = fake.account("bob")
    with _http(fake) as anonymous, _http(fake, token) as bob:
        missing = anonymous.get("/api/v1/streaming/public")
        untagged = bob.get("/api/v1/streaming/hashtag")
        listed = bob.get("/api/v1/streaming/list", params={"list": "1"})
    assert (missing.status_code, missing.json()) == (401, {"error": "Missing access token"})
    assert untagged.status_code == 400
    assert listed.status_code == 404
    assert fake.open_streams == []


def test_framing_is_mastodons(fake: FakeInstance) -> None:
    token = fake.account("bob")
    fake.rate_limit(remaining=0)  # the streaming server is not behind it
    with _http(fake, token) as http, http.stream("GET", "/api/v1/streaming/public") as response:
        assert response.headers["Content-Type"] == "text/event-stream"
        chunks = response.iter_raw()
        assert next(chunks) == b":)\n"
        status = fake.post("alice", "hello")
        update = next(chunks)
    assert update.startswith(b"event: update\ndata: {")
    assert update.endswith(b"}\n\n")
    assert json.loads(update.split(b"data: ", 1)[1]) == status


def test_who_is_sent_what(fake: FakeInstance) -> None:
    bob = fake.account("bob")
    paths = [
        "/api/v1/streaming/public",
        "/api/v1/streaming/public/local",
        "/api/v1/streaming/public/remote",
        "/api/v1/streaming/hashtag?tag=Python",
        "/api/v1/streaming/user",
        "/api/v1/streaming/user/notification",
    ]
    with _http(fake, bob) as http:
        responses = [http.send(http.build_request("GET", p), stream=True) for p in paths]
        assert [s.stream for s in fake.open_streams] == [
            "public",
            "public:local",
            "public:remote",
            "hashtag",
            "user",
            "user:notification",
        ]
        public = fake.post("alice", "hello #python")["id"]
        unlisted = fake.post("alice", "quiet #python", visibility="unlisted")["id"]
        mention = fake.post("alice", "hi @bob", visibility="direct")["id"]
        own = fake.post("bob", "mine")["id"]
        assert fake.drop_streams() == 6
        sent = [_sent(r) for r in responses]
        for response in responses:
            response.close()
    hello = [("update", public), ("update", own)]
    assert sent[0] == sent[1] == hello
    assert sent[2] == []
    assert sent[3] == [("update", public)]
    assert unlisted not in str(sent)
    # Bob's home: his own statuses (and whom he follows: nobody); his notifications.
    assert ("notification", f"mention {mention}") in sent[4]
    assert ("update", own) in sent[4]
    assert ("update", public) not in sent[4]
    assert sent[5] == [("notification", f"mention {mention}")]
    assert fake.open_streams == []


def test_a_media_stream_is_sent_the_statuses_with_media_only(fake: FakeInstance) -> None:
    fake.media_processing(polls=0)
    bob = fake.account("bob")
    with _http(fake, bob) as http:
        stream = http.build_request(
            "GET", "/api/v1/streaming/public", params={"only_media": "true"}
        )
        response = http.send(stream, stream=True)
        assert [s.stream for s in fake.open_streams] == ["public:media"]
        fake.post("alice", "words only")
        upload = http.post("/api/v2/media", files={"file": ("a.png", b"..", "image/png")})
        pictured = http.post(
            "/api/v1/statuses", json={"status": "look", "media_ids": [upload.json()["id"]]}
        )
        fake.drop_streams()
        sent = _sent(response)
        response.close()
    assert sent == [("update", pictured.json()["id"])]


def test_edits_deletes_and_favourites_reach_the_streams(fake: FakeInstance) -> None:
    bob, alice = fake.account("bob"), fake.account("alice")
    with (
        _http(fake, bob) as http,
        http.stream("GET", "/api/v1/streaming/user") as mine,
        _client(fake, bob) as client,
        _client(fake, alice) as other,
    ):
        status = client.statuses.create("first #python")
        client.statuses.edit(status.id, "second #python")
        other.statuses.favourite(status.id)
        client.statuses.delete(status.id)
        fake.drop_streams()
        sent = _sent(mine)
    assert sent == [
        ("update", status.id),
        ("status.update", status.id),
        ("notification", f"favourite {status.id}"),
        ("delete", status.id),
    ]


def test_a_failure_of_the_fake_ends_the_stream_not_the_post(
    fake: FakeInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tootkit.testing._fanout import Streams

    def broken(*args: object) -> bytes:
        raise RuntimeError("a bug of the fake")

    monkeypatch.setattr(Streams, "_chunk", broken)
    bob = fake.account("bob")
    with _http(fake, bob) as http, http.stream("GET", "/api/v1/streaming/public") as stream:
        posted = http.post("/api/v1/statuses", data={"status": "still posted"})
        assert posted.status_code == 200
        assert fake.open_streams == []
        assert _sent(stream) == []


# -- tootkit's streams on the fake ---------------------------------------------------------


def _post_when_open(fake: FakeInstance, *texts: str, streams: int = 1) -> threading.Thread:
    """Post ``texts`` as alice from another thread, once ``streams`` are open (the reader blocks)."""

    def post() -> None:
        fake.wait_for_streams(streams)
        for text in texts:
            fake.post("alice", text)

    poster = threading.Thread(target=post)
    poster.start()
    return poster


def test_auto_turns_to_sse_at_once_and_remembers(fake: FakeInstance) -> None:
    with _client(fake, fake.account("bot")) as client:
        for text in ("one #python", "two #python"):
            poster = _post_when_open(fake, text)
            with client.streaming.hashtag("python") as stream:
                event = next(iter(stream))
                assert stream.transport == "sse"
                assert stream.reconnects == 0
            poster.join()
            assert isinstance(event, Update)
            assert event.status.text == text
    streaming = [r.path for r in fake.requests if r.path.startswith("/api/v1/streaming")]
    assert streaming == [
        "/api/v1/streaming",  # the WebSocket attempt, refused with a 404
        "/api/v1/streaming/hashtag",
        "/api/v1/streaming/hashtag",  # the second stream goes straight to SSE
    ]


def test_websocket_only_is_not_supported(fake: FakeInstance) -> None:
    with (
        _client(fake, fake.account("bot")) as client,
        client.streaming.public(transport="websocket") as stream,
        pytest.raises(StreamingNotSupported, match="WebSocket answered 404"),
    ):
        next(iter(stream))
    assert fake.open_streams == []


def test_a_refused_token_is_raised(fake: FakeInstance) -> None:
    with (
        _client(fake, None) as client,
        client.streaming.public() as stream,
        pytest.raises(Unauthorized),
    ):
        next(iter(stream))


def test_user_stream_typed_events(fake: FakeInstance) -> None:
    bot = fake.account("bot")
    poster = _post_when_open(fake, "hi @bot")
    with _client(fake, bot) as client, client.streaming.user() as stream:
        events = iter(stream)
        note = next(e for e in events if isinstance(e, NotificationEvent))
        poster.join()
        mention = note.notification.status
        assert note.notification.type == "mention"
        assert mention is not None
        assert mention.text == "hi @bot"
        reply = client.statuses.create("hello back", in_reply_to_id=mention.id)
        assert next(events) == Update(status=reply, stream=note.stream)
        client.statuses.edit(reply.id, "hello again")
        edited = next(events)
        assert isinstance(edited, StatusUpdate)
        assert edited.status.text == "hello again"
        client.statuses.delete(reply.id)
        assert next(events) == Delete(id=reply.id, stream=edited.stream)


def test_a_dropped_stream_backfills_what_it_missed(fake: FakeInstance) -> None:
    posted: list[str] = []

    def post(n: int) -> None:
        posted.append(fake.post("alice", f"#x number {n}")["id"])

    first = threading.Thread(target=lambda: (fake.wait_for_streams(), [post(n) for n in range(5)]))
    first.start()
    with (
        _client(fake, fake.account("bot")) as client,
        client.streaming.hashtag("x", backfill=True) as stream,
    ):
        events = iter(stream)
        seen = [next(events) for _ in range(5)]
        first.join()
        with fake.streams_down():  # the reader is not reading: it meets the drop next
            for n in range(5, 10):
                post(n)
        seen += [next(events) for _ in range(5)]  # reconnected, and backfilled
        post(10)
        seen.append(next(events))
    updates = [e for e in seen if isinstance(e, Update)]
    assert [e.status.id for e in updates] == posted
    # The 11th comes from the stream, or from the backfill's last page if it is still reading.
    assert [e.backfilled for e in updates[:10]] == [False] * 5 + [True] * 5
    assert stream.reconnects == 1
    assert fake.open_streams == []


def test_a_stream_closed_from_another_thread_ends_at_once(fake: FakeInstance) -> None:
    before = threading.active_count()
    read: list[list[object]] = []
    with _client(fake, fake.account("bot")) as client:
        stream = client.streaming.public()
        reader = threading.Thread(target=lambda: read.append(list(stream)))
        reader.start()
        fake.wait_for_streams()  # the reader waits on its stream's body
        stream.close()
        reader.join(2)
    assert read == [[]]
    assert fake.open_streams == []
    assert threading.active_count() == before


def test_closing_the_client_ends_a_stream_left_open(fake: FakeInstance) -> None:
    failed: list[BaseException] = []

    def read() -> None:
        try:
            list(stream)
        except Exception as exc:  # what a closed pool gives a reader
            failed.append(exc)

    client = _client(fake, fake.account("bot"))
    stream = client.streaming.public()
    reader = threading.Thread(target=read, daemon=True)  # no hang at exit if it fails
    reader.start()
    fake.wait_for_streams()
    client.close()  # and not the stream
    reader.join(2)
    assert not reader.is_alive()
    assert fake.open_streams == []
    assert failed, "the reader should learn that its client is closed"


def test_a_multiplex_reads_several_streams_and_leaves_no_thread(fake: FakeInstance) -> None:
    before = set(threading.enumerate())
    bot = fake.account("bot")
    poster = _post_when_open(fake, "hi @bot #python", streams=2)
    with _client(fake, bot) as client, client.streaming.multiplex() as streams:
        streams.subscribe("hashtag", tag="python")
        streams.subscribe("user")
        wanted = {("hashtag python", "update"), ("user", "notification")}
        got: set[tuple[str, str]] = set()
        for event in streams:  # the mention may be in bot's home too: a ("user", "update")
            got.add((str(event.stream), event.event))
            if wanted <= got:
                break
        poster.join()
    assert fake.open_streams == []
    _no_thread_left(before)


def _no_thread_left(before: set[threading.Thread]) -> None:
    for thread in set(threading.enumerate()) - before:
        thread.join(2)
        assert not thread.is_alive(), thread.name


def test_waiting_for_a_stream_times_out(fake: FakeInstance) -> None:
    with pytest.raises(TimeoutError):
        fake.wait_for_streams(timeout=0.01)


def test_a_stream_opened_while_they_are_down_waits_for_the_end_of_the_block(
    fake: FakeInstance,
) -> None:
    token = fake.account("bob")
    answered: list[int] = []
    with _http(fake, token) as http:

        def connect() -> None:
            with http.stream("GET", "/api/v1/streaming/public") as response:
                answered.append(response.status_code)
                with pytest.raises(httpx.RemoteProtocolError):  # read until dropped
                    for _ in response.iter_bytes():
                        pass

        with fake.streams_down():
            opener = threading.Thread(target=connect)
            opener.start()
            opener.join(timeout=0.1)
            assert opener.is_alive()
            assert answered == []
            assert [r.path for r in fake.requests] == ["/api/v1/streaming/public"]
        assert fake.wait_for_streams() == [OpenStream("public", None, "bob")]
        fake.drop_streams()
        opener.join(timeout=5)
    assert answered == [200]


def test_a_stream_kept_waiting_too_long_is_refused(
    fake: FakeInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tootkit.testing._transport.HELD", 0.01)
    token = fake.account("bob")
    with _http(fake, token) as http, fake.streams_down():
        refused = http.get("/api/v1/streaming/public")
    assert refused.status_code == 503


async def test_async_a_client_reconnects_once_however_long_the_streams_are_down(
    fake: FakeInstance,
) -> None:
    token = fake.account("bob")
    runtime = fake.async_runtime()
    async with (
        tootkit.AsyncClient(
            fake.url, access_token=token, transport=fake.transport(), runtime=runtime
        ) as client,
        client.streaming.hashtag("x", backfill=True) as stream,
    ):
        events = aiter(stream)
        first = asyncio.ensure_future(anext(events))
        await fake.async_wait_for_streams()
        fake.post("alice", "one #x")
        await first
        with fake.streams_down():
            fake.post("alice", "two #x")
            second = asyncio.ensure_future(anext(events))
            await asyncio.sleep(0.05)  # the reader reconnects, and waits
        assert (await second).status.text == "two #x"
    opened = [r for r in fake.requests if r.path == "/api/v1/streaming/hashtag"]
    assert len(opened) == 2


# -- the async client ------------------------------------------------------------------


async def test_async_stream_hears_posts_from_the_test_and_other_threads(
    fake: FakeInstance,
) -> None:
    async with (
        _aclient(fake, fake.account("bot")) as client,
        client.streaming.hashtag("python") as stream,
    ):
        events = aiter(stream)
        first = asyncio.ensure_future(anext(events))
        assert await fake.async_wait_for_streams() == [OpenStream("hashtag", "python", "bot")]
        fake.post("alice", "from the loop #python")
        assert isinstance(await first, Update)
        second = asyncio.ensure_future(anext(events))
        await asyncio.sleep(0)  # the reader waits on its stream
        await asyncio.to_thread(fake.post, "alice", "from a thread #python")
        event = await second
    assert isinstance(event, Update)
    assert event.status.text == "from a thread #python"
    assert stream.transport == "sse"


async def test_async_dropped_stream_backfills_what_it_missed(fake: FakeInstance) -> None:
    posted: list[str] = []

    def post(n: int) -> None:
        posted.append(fake.post("alice", f"#x number {n}")["id"])

    async with (
        _aclient(fake, fake.account("bot")) as client,
        client.streaming.hashtag("x", backfill=True) as stream,
    ):
        events = aiter(stream)
        waiting = asyncio.ensure_future(anext(events))
        await fake.async_wait_for_streams()
        for n in range(5):
            post(n)
        seen = [await waiting] + [await anext(events) for _ in range(4)]
        with fake.streams_down():
            for n in range(5, 10):
                post(n)
        seen += [await anext(events) for _ in range(5)]
        post(10)
        seen.append(await anext(events))
    updates = [e for e in seen if isinstance(e, Update)]
    assert [e.status.id for e in updates] == posted
    # The 11th comes from the stream, or from the backfill's last page if it is still reading.
    assert [e.backfilled for e in updates[:10]] == [False] * 5 + [True] * 5
    assert fake.open_streams == []


async def test_async_stream_closed_elsewhere_leaves_no_task(fake: FakeInstance) -> None:
    before = asyncio.all_tasks()
    async with _aclient(fake, fake.account("bot")) as client:
        stream = client.streaming.user()

        async def read() -> int:
            return len([event async for event in stream])

        reader = asyncio.ensure_future(read())
        await fake.async_wait_for_streams()
        await stream.aclose()
        assert await asyncio.wait_for(reader, 2) == 0
    assert fake.open_streams == []
    assert asyncio.all_tasks() == before


async def test_async_waiting_for_a_stream_times_out(fake: FakeInstance) -> None:
    with pytest.raises(TimeoutError):
        await fake.async_wait_for_streams(2, timeout=0.01)
