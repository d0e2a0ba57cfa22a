"""A small Mastodon timeline server for tests and benchmarks, run as its own process.

mastodon-mock serves the whole API, but its ids are not Mastodon's snowflakes
and it is slow to fill with a million statuses. This server holds one
generated timeline and serves it the way Mastodon does: newest first,
``max_id`` / ``min_id`` / ``since_id`` / ``limit`` (at most 40), and a ``Link``
header with ``next`` and ``prev`` on every non-empty page. Ids are snowflakes
(Mastodon) or ULIDs (GoToSocial).

    python -m tests.support.fakeserver --port 8123 --count 1000 --ids snowflake

prints ``{"ports": [8123]}`` once it listens (``--port 0``, the default, picks
a free port), and serves until it is terminated.

``GET /_fake/stats`` reports the requests it has served (and the
``Authorization`` header each carried), and
``POST /_fake/reset`` clears that record and the fault counter.

Faults, counted over the timeline requests: ``--fail-every 4`` answers every
4th with a 503, ``--limit-every 7`` every 7th with a 429 and ``Retry-After: 1``,
``--drop-every 11`` closes every 11th connection without an answer (the first
rule that matches wins, in that order: drop, 429, 503). ``--link-host`` puts
another host in the ``Link`` headers, as a decoy.

Streaming: ``--stream-transport`` is ``sse`` (the default: ``/api/v1/streaming/...``
only), ``websocket`` (``/api/v1/streaming`` upgraded only, as GoToSocial) or
``both``. ``POST /api/v1/statuses`` (``status=...``) posts a status to every
live stream that wants it: ``public``, and ``hashtag`` for the first ``#tag``
of its text; a WebSocket takes ``subscribe``/``unsubscribe`` messages.
``--stream-token T`` refuses other tokens: over SSE with 401, over WebSocket
with a 1008 close after the upgrade, or with 401 before it
(``--stream-auth 401``). ``--stream-silent-first`` makes the first stream
connection say nothing and answer no ping. ``--stream-total`` (with
``--stream-drop-at`` and ``--stream-gap``) plays the dropped-stream plan of
:class:`StreamPlan` on either transport. ``--stream-fail-at N`` answers the
Nth streaming request with a 503. ``POST /_fake/drop`` cuts every open stream
and answers every streaming request with a 503 until ``POST /_fake/up``: a test
posts while the streams are down. ``--stream-interval`` sets the pause between
the statuses of ``--stream-total`` (0: as fast as it can, for benchmarks).
A WebSocket refuses every ``list`` stream
with an error frame (``{"error": ..., "status": 404}``). ``/_fake/stats``
lists under ``listening`` the streams each open connection wants, so that a
test posts only once its stream is there to hear it.
"""

from __future__ import annotations

import argparse
import json
import queue
import re
import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.support.tinyhttp import bound_socket
from tests.support.wsframes import ServerSocket, accept_key

BASE_TIME = datetime(2025, 1, 1, tzinfo=UTC)
LATENCY = 0.0
STEP = timedelta(minutes=7)
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _ulid(ms: int, serial: int) -> str:
    value = (ms << 80) | serial
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


class Timeline:
    """``count`` statuses, index 0 the oldest, ``STEP`` apart from ``BASE_TIME``."""

    def __init__(self, count: int, ids: str, tag: str = "fake", first: int = 0) -> None:
        self.count = count
        self.tag = tag
        self.scheme = ids
        self.first = first  # statuses are indexes first .. first + count - 1
        self.tags: dict[int, str] = {}  # the tag of a posted status, when not ``tag``

    def add(self) -> int:
        """Post one more status, the newest; its index."""
        self.count += 1
        return self.first + self.count - 1

    def created_at(self, index: int) -> datetime:
        return BASE_TIME + STEP * index

    def id_of(self, index: int) -> str:
        ms = int(self.created_at(index).timestamp() * 1000)
        if self.scheme == "snowflake":
            return str((ms << 16) | (index % 65536))
        return _ulid(ms, index)

    def key(self, id_: str) -> Any:
        """A sortable key for an id sent by a client (bad ids sort nowhere)."""
        if self.scheme == "snowflake":
            return int(id_) if id_.isdigit() else None
        return id_.upper() if len(id_) == 26 else None

    def index_below(self, id_: str) -> int:
        """Number of statuses whose id is lower than ``id_`` (binary search)."""
        key = self.key(id_)
        if key is None:
            return self.count
        lo, hi = 0, self.count
        while lo < hi:
            mid = (lo + hi) // 2
            if self.key(self.id_of(self.first + mid)) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def index_above(self, id_: str) -> int:
        """Index of the first status whose id is greater than ``id_``."""
        key = self.key(id_)
        if key is None:
            return 0
        lo, hi = 0, self.count
        while lo < hi:
            mid = (lo + hi) // 2
            if self.key(self.id_of(self.first + mid)) <= key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def page(self, params: dict[str, str]) -> list[int]:
        """Indexes of the page, newest first, with Mastodon's cursor semantics."""
        try:
            limit = max(1, min(int(params.get("limit", "20")), 40))
        except ValueError:
            limit = 20
        upper = self.count  # exclusive
        lower = 0  # inclusive
        if "max_id" in params:
            upper = min(upper, self.index_below(params["max_id"]))
        if "since_id" in params:
            lower = max(lower, self.index_above(params["since_id"]))
        if "min_id" in params:
            # The items just above min_id, still returned newest first.
            start = max(lower, self.index_above(params["min_id"]))
            positions = range(min(upper, start + limit) - 1, start - 1, -1)
        else:
            positions = range(upper - 1, max(lower, upper - limit) - 1, -1)
        return [self.first + p for p in positions]

    def status_uri(self, index: int) -> str:
        return f"https://fake.example/users/u{index % 97}/statuses/{self.id_of(index)}"

    def status_json(self, index: int, host: str) -> str:
        tag = self.tags.get(index, self.tag)
        id_ = self.id_of(index)
        created = self.created_at(index).isoformat().replace("+00:00", ".000Z")
        account = index % 97
        return (
            f'{{"id":"{id_}","created_at":"{created}","in_reply_to_id":null,'
            f'"in_reply_to_account_id":null,"sensitive":false,"spoiler_text":"",'
            f'"visibility":"public","language":"en","uri":"https://{host}/users/u{account}/statuses/{id_}",'
            f'"url":"https://{host}/@u{account}/{id_}","replies_count":{index % 5},'
            f'"reblogs_count":{index % 7},"favourites_count":{index % 11},"edited_at":null,'
            f'"content":"<p>Status number {index} about <a href=\\"https://{host}/tags/{tag}\\" '
            f'class=\\"mention hashtag\\" rel=\\"tag\\">#<span>{tag}</span></a> and a link '
            f'<a href=\\"https://example.com/some/long/path/{index}\\" rel=\\"nofollow noopener\\" '
            f'target=\\"_blank\\"><span class=\\"invisible\\">https://</span><span class=\\"ellipsis\\">'
            f'example.com/some/long/pa</span><span class=\\"invisible\\">th/{index}</span></a></p>",'
            f'"reblog":null,"application":{{"name":"Web","website":null}},'
            f'"account":{{"id":"{1000 + account}","username":"u{account}","acct":"u{account}@{host}",'
            f'"display_name":"User {account}","locked":false,"bot":false,"discoverable":true,'
            f'"group":false,"created_at":"2022-11-0{1 + account % 9}T00:00:00.000Z",'
            f'"note":"<p>Bio of user {account}</p>","url":"https://{host}/@u{account}",'
            f'"avatar":"https://{host}/avatars/{account}.png",'
            f'"avatar_static":"https://{host}/avatars/{account}.png",'
            f'"header":"https://{host}/headers/{account}.png",'
            f'"header_static":"https://{host}/headers/{account}.png","followers_count":{account * 3},'
            f'"following_count":{account * 2},"statuses_count":{account * 10},'
            f'"last_status_at":"2025-01-01","emojis":[],"fields":[{{"name":"Web",'
            f'"value":"<a href=\\"https://example.com\\">example.com</a>","verified_at":null}}]}},'
            f'"media_attachments":[],"mentions":[],'
            f'"tags":[{{"name":"{tag}","url":"https://{host}/tags/{tag}"}}],'
            f'"emojis":[],"card":null,"poll":null}}'
        )


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[str] = []
        self.auth: list[str | None] = []  # the Authorization header of each request
        self.counter = 0
        self.stream_connections = 0
        self.stream_attempts = 0  # every streaming request, refused ones too
        self.listeners: list[Listener] = []
        self.down = False  # streams refused (POST /_fake/drop) until POST /_fake/up


class Listener:
    """One live stream connection: the streams it wants, and the events waiting for it."""

    def __init__(self, streams: set[tuple[str, str | None]]) -> None:
        self.streams = streams
        self.events: queue.Queue[tuple[list[str], str]] = queue.Queue()
        self.cut = threading.Event()  # set by POST /_fake/drop: hang up

    def offer(self, tag: str, data: str) -> None:
        for stream, wanted in list(self.streams):
            if stream == "public" or (stream == "hashtag" and wanted == tag):
                label = [stream] if wanted is None else [stream, wanted]
                self.events.put((label, data))
                return


NO_LIST = json.dumps({"error": "List not found", "status": 404})
"""The error frame Mastodon sends for a list stream the token may not read."""


class StreamOptions:
    def __init__(
        self,
        transport: str = "sse",
        token: str | None = None,
        auth: str = "close",
        silent_first: bool = False,
        fail_at: int = 0,
    ) -> None:
        self.transport = transport
        self.token = token
        self.auth = auth
        self.silent_first = silent_first
        self.fail_at = fail_at


class StreamPlan:
    """How the hashtag stream behaves: ``total`` statuses are posted while it runs.

    The first connection streams ``drop_at`` of them and is then cut; the next
    ``gap`` are posted while no one listens; a later connection streams the rest.
    """

    def __init__(
        self, total: int = 0, drop_at: int = 0, gap: int = 0, interval: float = 0.002
    ) -> None:
        self.total = total
        self.drop_at = drop_at
        self.gap = gap
        self.interval = interval


class Faults:
    def __init__(self, fail_every: int = 0, limit_every: int = 0, drop_every: int = 0) -> None:
        self.fail_every = fail_every
        self.limit_every = limit_every
        self.drop_every = drop_every

    def pick(self, number: int) -> str | None:
        for every, fault in (
            (self.drop_every, "drop"),
            (self.limit_every, "429"),
            (self.fail_every, "503"),
        ):
            if every and number % every == 0:
                return fault
        return None


def make_handler(
    timeline: Timeline,
    stats: Stats,
    link_host: str | None,
    faults: Faults | None = None,
    plan: StreamPlan | None = None,
    streaming: StreamOptions | None = None,
) -> type[BaseHTTPRequestHandler]:
    faults = faults or Faults()
    plan = plan or StreamPlan()
    streaming = streaming or StreamOptions()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _post_one(self) -> str | None:
            """Add a status to the timeline; return its JSON, or None when all are posted."""
            with stats.lock:
                if timeline.count >= plan.total:
                    return None
                index = timeline.add()
            return timeline.status_json(index, "fake.example")

        def _token_ok(self) -> bool:
            wanted = streaming.token
            return wanted is None or self.headers.get("Authorization") == f"Bearer {wanted}"

        def _restarting(self) -> bool:
            """Answer 503 to the ``fail_at``-th streaming request, as a restarting server would."""
            with stats.lock:
                stats.stream_attempts += 1
                failing = stats.stream_attempts == streaming.fail_at or stats.down
            if failing:
                self._send(503, b'{"error":"restarting"}')
            return failing

        def _connected(self) -> int:
            with stats.lock:
                stats.stream_connections += 1
                return stats.stream_connections

        def _play(
            self,
            connection: int,
            send: Any,
            label: list[str],
            alive: Any,
            cut: Any,
            listener: Listener,
        ) -> None:
            """Stream events: the dropped-stream plan, or what is posted while it is open."""
            if plan.total and connection == 1 and plan.drop_at:
                for _ in range(plan.drop_at):
                    data = self._post_one()
                    if data is None:
                        break
                    send(label, data)
                    time.sleep(plan.interval)
                for _ in range(plan.gap):  # posted while the client is away
                    self._post_one()
                cut()
                return
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and alive() and not listener.cut.is_set():
                data = self._post_one() if plan.total else None
                if data is not None:
                    send(label, data)
                    if plan.interval:
                        time.sleep(plan.interval)
                    continue
                try:
                    streams, data = listener.events.get(timeout=0.2)
                except queue.Empty:
                    send(None, None)  # a heartbeat, where the transport has one
                    continue
                if listener.cut.is_set():
                    break  # posted after the drop: not heard
                send(streams, data)
            if listener.cut.is_set():
                cut()

        def _listen(self, streams: set[tuple[str, str | None]]) -> Listener:
            listener = Listener(streams)
            with stats.lock:
                stats.listeners.append(listener)
            return listener

        def _forget(self, listener: Listener) -> None:
            with stats.lock:
                if listener in stats.listeners:  # a drop forgets it at once
                    stats.listeners.remove(listener)

        def _stream(self, path: str, params: dict[str, str]) -> None:
            if self._restarting():
                return
            if not self._token_ok():
                self._send(401, b'{"error":"The access token is invalid"}')
                return
            connection = self._connected()
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            kind = path.removeprefix("/api/v1/streaming/").split("/")[0]
            tag = params.get("tag") if kind == "hashtag" else None
            listener = self._listen({(kind, tag)})

            def send(streams: list[str] | None, data: str | None) -> None:
                chunk = f"event: update\ndata: {data}\n\n" if data else ":thump\n\n"
                self.wfile.write(chunk.encode())
                self.wfile.flush()

            try:
                self.wfile.write(b":connected\n\n")
                self.wfile.flush()
                if streaming.silent_first and connection == 1:
                    time.sleep(30)
                    return
                label = [kind] if tag is None else [kind, tag]
                self._play(connection, send, label, lambda: True, lambda: None, listener)
            except (BrokenPipeError, ConnectionResetError):
                return
            finally:
                self._forget(listener)

        def _websocket(self, params: dict[str, str]) -> None:
            if self.headers.get("Upgrade", "").lower() != "websocket":
                self._send(400, b'{"error":"Expected a WebSocket upgrade"}')
                return
            if self._restarting():
                return
            good = self._token_ok()
            if not good and streaming.auth == "401":
                self._send(401, b'{"error":"The access token is invalid"}')
                return
            connection = self._connected()
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.send_header("Sec-WebSocket-Accept", accept_key(self.headers["Sec-WebSocket-Key"]))
            self.end_headers()
            self.wfile.flush()
            self.close_connection = True
            ws = ServerSocket(self.rfile, self.wfile)
            if not good:
                ws.close(1008, "Invalid access token")
                return
            if streaming.silent_first and connection == 1:
                while self.rfile.read(1):  # read pings, answer none, until the client gives up
                    pass
                return
            stream = params.get("stream")
            if stream == "list":  # the fake has no lists: refused as Mastodon refuses another's
                ws.send_text(NO_LIST)
                stream = None
            listener = self._listen(set() if stream is None else {(stream, params.get("tag"))})

            def on_text(text: str) -> None:
                message = json.loads(text)
                key = (message.get("stream"), message.get("tag"))
                if message.get("type") == "subscribe" and key[0] == "list":
                    ws.send_text(NO_LIST)
                elif message.get("type") == "subscribe":
                    listener.streams.add(key)
                elif message.get("type") == "unsubscribe":
                    listener.streams.discard(key)

            threading.Thread(target=ws.read_loop, args=(on_text,), daemon=True).start()

            def send(streams: list[str] | None, data: str | None) -> None:
                if data is not None:
                    frame = {"stream": streams, "event": "update", "payload": data}
                    ws.send_text(json.dumps(frame))

            def cut() -> None:  # hang up without a close frame
                self.connection.shutdown(socket.SHUT_RDWR)

            label = [stream or "public"] + ([params["tag"]] if "tag" in params else [])
            try:
                self._play(connection, send, label, lambda: not ws.closed.is_set(), cut, listener)
            except OSError:
                return
            finally:
                self._forget(listener)

        def _post_status(self) -> None:
            size = int(self.headers.get("Content-Length", "0"))
            form = {k: v[-1] for k, v in parse_qs(self.rfile.read(size).decode()).items()}
            text = form.get("status", "")
            found = re.search(r"#(\w+)", text)
            tag = found.group(1).lower() if found else timeline.tag
            with stats.lock:
                index = timeline.add()
                timeline.tags[index] = tag
                listeners = list(stats.listeners)
            data = timeline.status_json(index, "fake.example")
            for listener in listeners:
                listener.offer(tag, data)
            self._send(200, data.encode())

        def do_POST(self) -> None:
            if self.path == "/api/v1/statuses":
                self._post_status()
            elif self.path in ("/_fake/drop", "/_fake/up"):
                with stats.lock:
                    stats.down = self.path == "/_fake/drop"
                    for listener in stats.listeners if stats.down else []:
                        listener.cut.set()
                    if stats.down:
                        stats.listeners.clear()  # what is posted now reaches no one
                self._send(200, b"{}")
            elif self.path == "/_fake/reset":
                with stats.lock:
                    stats.requests.clear()
                    stats.auth.clear()
                    stats.counter = 0
                self._send(200, b"{}")
            else:
                self._send(404, b'{"error":"Not found"}')

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/_fake/stats":
                with stats.lock:
                    body = json.dumps(
                        {
                            "requests": stats.requests,
                            "auth": stats.auth,
                            "stream_connections": stats.stream_connections,
                            "listening": [
                                sorted(each.streams, key=str) for each in stats.listeners
                            ],
                        }
                    ).encode()
                self._send(200, body)
                return
            with stats.lock:
                stats.requests.append(self.path)
                stats.auth.append(self.headers.get("Authorization"))
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            sse = streaming.transport in ("sse", "both")
            ws = streaming.transport in ("websocket", "both")
            if url.path.startswith("/api/v1/streaming/") and sse:
                self._stream(url.path, params)
                return
            if url.path == "/api/v1/streaming" and ws:
                self._websocket(params)
                return
            if url.path == "/api/v1/instance":
                instance: dict[str, Any] = {"uri": "fake.example", "title": "Fake"}
                instance["version"] = "4.3.0"
                if ws:  # as GoToSocial: wss, even over http, and no port
                    instance["urls"] = {"streaming_api": "wss://127.0.0.1"}
                self._send(200, json.dumps(instance).encode())
                return
            if not (
                url.path.startswith("/api/v1/timelines/tag/")
                or url.path == "/api/v1/timelines/public"
            ):
                self._send(404, b'{"error":"Record not found"}')
                return
            with stats.lock:
                stats.counter += 1
                fault = faults.pick(stats.counter)
            if fault == "drop":
                self.close_connection = True  # hang up without a word
                return
            if fault == "429":
                self._send(429, b'{"error":"Too many requests"}', {"Retry-After": "1"})
                return
            if fault == "503":
                self._send(503, b"<html><body>Service Unavailable</body></html>")
                return
            host = self.headers.get("Host", "127.0.0.1")
            if LATENCY:
                time.sleep(LATENCY)  # a network between client and server
            indexes = timeline.page(params)
            body = "[" + ",".join(timeline.status_json(i, "fake.example") for i in indexes) + "]"
            headers = {}
            if indexes:
                base = f"http://{link_host or host}{url.path}"
                keep = {
                    k: v for k, v in params.items() if k not in ("max_id", "min_id", "since_id")
                }
                older = urlencode({**keep, "max_id": timeline.id_of(indexes[-1])})
                newer = urlencode({**keep, "min_id": timeline.id_of(indexes[0])})
                headers["Link"] = f'<{base}?{older}>; rel="next", <{base}?{newer}>; rel="prev"'
            self._send(200, body.encode(), headers)

    return Handler


def serve(
    port: int,
    count: int,
    ids: str,
    link_host: str | None = None,
    faults: Faults | None = None,
    plan: StreamPlan | None = None,
    first: int = 0,
    streaming: StreamOptions | None = None,
) -> None:
    timeline = Timeline(count, ids, first=first)
    handler = make_handler(timeline, Stats(), link_host, faults, plan, streaming)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    # It listens already: the line says where (port 0 picks a free one), as serve_many's does.
    print(json.dumps({"ports": [server.server_address[1]]}), flush=True)
    server.serve_forever()


def serve_many(
    instances: int,
    count: int,
    ids: str,
    stride: int,
    dead_every: int = 0,
    slow_every: int = 0,
    latency: float = 0.0,
) -> None:
    """Serve ``instances`` instances, one port each, in this one process; print their ports.

    Instance ``k`` holds statuses ``k * stride`` to ``k * stride + count - 1``:
    with a ``stride`` below ``count``, neighbours share statuses (same ``uri``),
    as instances of the fediverse do. Every ``dead_every``-th instance (0,
    10, 20... for 10) refuses connections; every ``slow_every``-th of the
    others (1, 5, 9... for 4; all for 1) waits ``latency`` seconds before each page.
    """
    ports = []
    servers = []
    dead = []
    for k in range(instances):
        if dead_every and k % dead_every == 0:
            # Bound but not listening: connections are refused, and the port stays
            # ours, so that no other instance gets it.
            sock = bound_socket()
            dead.append(sock)
            ports.append(sock.getsockname()[1])
            continue
        timeline = Timeline(count, ids, first=k * stride)
        handler = make_handler(timeline, Stats(), None, Faults())
        if slow_every and k % slow_every == min(1, slow_every - 1):
            handler = _slowed(handler, latency)
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        ports.append(server.server_address[1])
        servers.append(server)
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"ports": ports}), flush=True)
    threading.Event().wait()


def _slowed(handler: type[BaseHTTPRequestHandler], latency: float) -> type[BaseHTTPRequestHandler]:
    class Slow(handler):  # type: ignore[valid-type,misc]
        def do_GET(self) -> None:
            if self.path.startswith("/api/v1/timelines/"):
                time.sleep(latency)
            super().do_GET()

    return Slow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--instances", type=int, default=0, help="serve this many instances, a port each"
    )
    parser.add_argument("--stride", type=int, default=0, help="first status of instance k: k*N")
    parser.add_argument("--dead-every", type=int, default=0)
    parser.add_argument("--slow-every", type=int, default=0)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--first", type=int, default=0, help="index of the oldest status")
    parser.add_argument("--ids", choices=["snowflake", "ulid"], default="snowflake")
    parser.add_argument("--link-host", default=None, help="host to put in Link headers (a decoy)")
    parser.add_argument("--fail-every", type=int, default=0)
    parser.add_argument("--limit-every", type=int, default=0)
    parser.add_argument("--drop-every", type=int, default=0)
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds to wait before each page"
    )
    parser.add_argument("--stream-total", type=int, default=0)
    parser.add_argument("--stream-drop-at", type=int, default=0)
    parser.add_argument("--stream-gap", type=int, default=0)
    parser.add_argument("--stream-interval", type=float, default=0.002)
    parser.add_argument(
        "--stream-transport", choices=["sse", "websocket", "both", "none"], default="sse"
    )
    parser.add_argument("--stream-token", default=None)
    parser.add_argument("--stream-auth", choices=["close", "401"], default="close")
    parser.add_argument("--stream-silent-first", default="")
    parser.add_argument("--stream-fail-at", type=int, default=0)
    args = parser.parse_args()
    if args.instances:
        serve_many(
            args.instances,
            args.count,
            args.ids,
            args.stride,
            args.dead_every,
            args.slow_every,
            args.latency,
        )
        return
    faults = Faults(args.fail_every, args.limit_every, args.drop_every)
    plan = StreamPlan(args.stream_total, args.stream_drop_at, args.stream_gap, args.stream_interval)
    global LATENCY
    LATENCY = args.latency
    streaming = StreamOptions(
        args.stream_transport,
        args.stream_token,
        args.stream_auth,
        bool(args.stream_silent_first),
        args.stream_fail_at,
    )
    serve(args.port, args.count, args.ids, args.link_host, faults, plan, args.first, streaming)


if __name__ == "__main__":
    main()
