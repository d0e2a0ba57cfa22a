""":class:`FakeInstance`: an in-memory Mastodon served through an httpx transport."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import attrs
import httpx

import tootkit
from tootkit.testing._clock import FakeClock, SlowAnswers, async_runtime_for, runtime_for
from tootkit.testing._fanout import Streams
from tootkit.testing._faults import Faults, FaultScripts
from tootkit.testing._forms import read_body
from tootkit.testing._quirks import ServerName, quirk_named
from tootkit.testing._routes import BAD_TOKEN, NOT_FOUND, Answer, Call, error, route
from tootkit.testing._store import VISIBILITIES, IdStyle, Store
from tootkit.testing._stream_scripts import StreamScripts
from tootkit.testing._transport import FakeTransport, failure

__all__ = ["FakeInstance", "RecordedRequest"]


@attrs.frozen
class RecordedRequest:
    """A request the fake received, in :attr:`FakeInstance.requests`.

    Attributes:
        method: ``"GET"``, ``"POST"``...
        path: The path, without the query: ``"/api/v1/statuses"``.
        query: The query parameters, in order, repeated ones included.
        token: The bearer token it carried, or None (``'***'`` in its repr).

    Examples:
        >>> RecordedRequest("GET", "/api/v1/timelines/home", (), "secret")
        RecordedRequest(method='GET', path='/api/v1/timelines/home', query=(), token='***')
    """

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    # A token is never shown in a repr, not even the fake's own: a test's
    # failure report could otherwise print one a client was given by mistake.
    token: str | None = attrs.field(repr=lambda token: "None" if token is None else "'***'")


class FakeInstance(FaultScripts, StreamScripts):
    """An in-memory Mastodon instance, with state, for tests.

    It answers through :meth:`transport`, an httpx transport: no socket, no
    thread, no process. Give it to :class:`tootkit.Client` or
    :class:`tootkit.AsyncClient`:

    Examples:
        >>> import tootkit
        >>> fake = FakeInstance()
        >>> token = fake.account("bob")
        >>> _ = fake.post("bob", "hello #python")
        >>> with tootkit.Client(
        ...     fake.url, access_token=token, transport=fake.transport(), runtime=fake.runtime()
        ... ) as c:
        ...     [s.text for s in c.timelines.tag("python", limit=5)]
        ['hello #python']

    The fake keeps time on :attr:`clock`, a :class:`FakeClock`. A client made
    with ``runtime=fake.runtime()`` (``fake.async_runtime()`` for the async
    client) waits on that clock too: rate limits, backoffs and :meth:`slow`
    answers take no real time. The pytest fixtures do this for you.

    Whatever a request does, the fake answers as a server would (a 404, a
    401, a 422, or a 500 if the fake itself fails): it never raises inside
    the code under test. The one exception is the one a slow server causes:
    an answer :meth:`slow` makes later than the read timeout is an
    ``httpx.ReadTimeout``.

    Args:
        url: The instance's address; nothing is looked up there.
        ids: ``"snowflake"`` (Mastodon's, the default) or ``"ulid"``
            (GoToSocial's) ids for statuses. :meth:`quirks` sets the ids of
            the server it names instead.
        clock: The clock the fake keeps time on; a new :class:`FakeClock`,
            started at the real time, by default. Fakes that share one
            clock share their time.
    """

    def __init__(
        self,
        url: str = "https://fake.mastodon.test",
        *,
        ids: IdStyle = "snowflake",
        clock: FakeClock | None = None,
    ) -> None:
        if ids not in ("snowflake", "ulid"):
            raise ValueError(f"ids must be 'snowflake' or 'ulid', not {ids!r}")
        self.url = url.rstrip("/")
        self.requests: list[RecordedRequest] = []
        """Every request received, oldest first."""
        self.clock = clock if clock is not None else FakeClock()
        """The fake's time: ``created_at``, rate-limit resets and slow answers read and move it."""
        self._store = Store(self.url, ids, clock=self.clock)
        self._slow = SlowAnswers()
        self._faults = Faults(self.clock)
        self._streams = Streams(self._store)

    def __repr__(self) -> str:
        return f"<FakeInstance {self.url} ({len(self._store.statuses)} statuses)>"

    # -- scripting the instance -------------------------------------------------

    def account(self, username: str) -> str:
        """Make the local account ``username`` (once) and return its access token.

        Examples:
            >>> fake = FakeInstance()
            >>> fake.account("bob") == fake.account("bob")
            True
        """
        return self._store.add_account(username).token

    def post(
        self,
        username: str,
        text: str,
        *,
        visibility: str = "public",
        in_reply_to: str | None = None,
    ) -> dict[str, Any]:
        """Post ``text`` as ``username`` (made if needed); return the Status JSON.

        Hashtags and mentions of local accounts come from the text, and each
        mentioned account gets a ``mention`` notification.

        Examples:
            >>> fake = FakeInstance()
            >>> _ = fake.account("bot")
            >>> first = fake.post("alice", "hi @bot")
            >>> fake.post("bot", "hi back", in_reply_to=first["id"])["in_reply_to_id"] == first["id"]
            True

        Raises:
            ValueError: An unknown ``visibility`` or ``in_reply_to`` id.
        """
        if visibility not in VISIBILITIES:
            raise ValueError(f"unknown visibility {visibility!r}")
        parent = None
        if in_reply_to is not None:
            parent = self._store.status(in_reply_to)
            if parent is None:
                raise ValueError(f"no status {in_reply_to!r} to reply to")
        account = self._store.add_account(username)
        status = self._store.create(account, text, visibility, in_reply_to=parent)
        return self._store.status_json(status, None)

    def statuses_by(self, username: str) -> list[dict[str, Any]]:
        """The statuses ``username`` has now (posted, not deleted), oldest first, as JSON.

        Examples:
            >>> fake = FakeInstance()
            >>> _ = fake.post("bot", "one")
            >>> [s["content"] for s in fake.statuses_by("bot")]
            ['<p>one</p>']
        """
        account = self._store.accounts.get(username)
        mine = account.posted if account is not None else []
        return [self._store.status_json(s, account) for s in mine]

    def follow(self, follower: str, followed: str) -> None:
        """Make ``follower`` follow ``followed`` (both made if needed), as a test's setup.

        The home timeline of ``follower`` then holds the statuses and boosts
        of ``followed``, and ``followed`` gets a ``follow`` notification. A
        client does the same with ``client.accounts.follow(id)``.

        Examples:
            >>> fake = FakeInstance()
            >>> fake.follow("bot", "alice")
            >>> _ = fake.post("alice", "for my followers", visibility="private")
            >>> import tootkit
            >>> with tootkit.Client(
            ...     fake.url, access_token=fake.account("bot"), transport=fake.transport()
            ... ) as c:
            ...     [s.text for s in c.timelines.home()]
            ['for my followers']

        Raises:
            ValueError: ``follower`` and ``followed`` are the same account.
        """
        if follower == followed:
            raise ValueError(f"{follower!r} cannot follow itself")
        store = self._store
        store.follow(
            store.add_account(follower), store.add_account(followed), reblogs=None, notify=None
        )

    def media_processing(self, *, polls: int = 1) -> None:
        """Make each upload to ``POST /api/v2/media`` take ``polls`` polls to finish processing.

        The upload answers 202 with a null ``url``, and ``GET
        /api/v1/media/:id`` answers 206 until its ``polls``-th call, which
        answers 200 with the ``url``; ``client.media.upload`` waits through
        that. A status cannot attach the file before (422, as Mastodon).
        ``polls=0`` makes uploads done at once (200). The default is 1;
        uploads made before keep their count.

        Examples:
            >>> fake = FakeInstance()
            >>> fake.media_processing(polls=3)
        """
        if polls < 0:
            raise ValueError(f"polls must be 0 or more, not {polls}")
        self._store.media_polls = polls

    def runtime(self, *, seed: int | None = None) -> tootkit.Runtime:
        """A :class:`tootkit.Runtime` on the fake's clock, for ``tootkit.Client(runtime=...)``.

        The client then waits (rate limits, backoffs) by moving :attr:`clock`,
        at once. ``seed`` makes the jitter of backoffs repeatable.

        Examples:
            >>> fake = FakeInstance()
            >>> fake.runtime().sleep(60)
            >>> fake.clock.monotonic()
            60.0
        """
        return runtime_for(self.clock, seed=seed)

    def async_runtime(self, *, seed: int | None = None) -> tootkit.AsyncRuntime:
        """A :class:`tootkit.AsyncRuntime` on the fake's clock, for ``tootkit.AsyncClient(runtime=...)``.

        Examples:
            >>> import asyncio
            >>> fake = FakeInstance()
            >>> asyncio.run(fake.async_runtime().sleep(60))
            >>> fake.clock.monotonic()
            60.0
        """
        return async_runtime_for(self.clock, seed=seed)

    def quirks(self, server: ServerName) -> None:
        """Answer as ``server`` does: ``"gotosocial"``, ``"pleroma"``, ``"snac"`` (or ``"mastodon"``).

        Ids, JSON, ``Link`` headers, paths that want a token or are missing,
        rate-limit headers and NodeInfo change as "Other servers" in the docs
        says. One server at a time, set before the first status is posted.

        Examples:
            >>> fake = FakeInstance()
            >>> fake.quirks("snac")
            >>> len(fake.post("bob", "hello")["id"])
            42

        Raises:
            ValueError: An unknown server, or a status already posted.
        """
        self._store.use(quirk_named(server))

    def transport(self) -> FakeTransport:
        """An httpx transport that answers from this instance, for sync and async clients alike.

        Its streams (``client.streaming...``) stay open as a server's do, and
        are sent what happens on the fake from then on: see :meth:`drop_streams`.

        Examples:
            >>> import tootkit
            >>> fake = FakeInstance()
            >>> client = tootkit.AsyncClient(fake.url, transport=fake.transport())
        """
        return FakeTransport(self._handle, self._streams)

    # -- answering ----------------------------------------------------------------

    def _handle(self, request: httpx.Request) -> Answer:
        # A late answer is still worked out: the server acts on a request
        # whose answer comes too late for the client.
        late = self._slow.wait(request, self.clock)
        answer = self._respond(request)
        if late is not None:
            raise late
        return answer

    def _respond(self, request: httpx.Request) -> Answer:
        try:
            return self._answer(request)
        except Exception as exc:
            # A bug of the fake must reach the test as a server error, not as an
            # exception raised from inside the code under test.
            return failure(exc)

    def _answer(self, request: httpx.Request) -> Answer:
        token = _bearer(request)
        query = tuple(parse_qsl(request.url.query.decode(), keep_blank_values=True))
        path = request.url.path
        self.requests.append(RecordedRequest(request.method, path, query, token))
        failure = self._faults.take(request.method, path)
        if failure is None:
            return self._serve(request, path, query, token)
        if failure.answer_lost:
            self._serve(request, path, query, token)  # done, but its answer does not arrive
        return failure.answer()

    def _serve(
        self,
        request: httpx.Request,
        path: str,
        query: tuple[tuple[str, str], ...],
        token: str | None,
    ) -> Answer:
        # Mastodon's streaming server is not behind the API's rate limit.
        streaming = path.startswith("/api/v1/streaming")
        limited, limit_headers = (None, {}) if streaming else self._faults.count(self._store.quirk)
        answer = limited if limited is not None else self._route(request, path, query, token)
        return attrs.evolve(answer, headers={**limit_headers, **answer.headers})

    def _route(
        self,
        request: httpx.Request,
        path: str,
        query: tuple[tuple[str, str], ...],
        token: str | None,
    ) -> Answer:
        viewer = None
        if token is not None:
            viewer = self._store.by_token(token)
            if viewer is None:
                return BAD_TOKEN
        found = None if self._store.quirk.lacks(path) else route(request.method, path)
        if found is None:
            return NOT_FOUND
        handler, needs_token, args = found
        if (needs_token or self._store.quirk.wants_token(path)) and viewer is None:
            return BAD_TOKEN
        body = read_body(request.content, request.headers.get("Content-Type", ""))
        if body is None:
            return error(422, "Validation failed: the request body could not be read")
        headers = {k.lower(): v for k, v in request.headers.items()}
        url = self.url + request.url.raw_path.decode("ascii").partition("?")[0]
        call = Call(request.method, path, query, body, headers, viewer, url, args)
        return handler(self._store, call)


def _bearer(request: httpx.Request) -> str | None:
    value = request.headers.get("Authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
