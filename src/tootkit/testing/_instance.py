""":class:`FakeInstance`: an in-memory Mastodon served through an httpx transport."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

import attrs
import httpx

from tootkit.testing._fanout import Streams
from tootkit.testing._routes import BAD_TOKEN, NOT_FOUND, Answer, Call, error, route
from tootkit.testing._shapes import iso
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
        token: The bearer token it carried, or None.
    """

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    token: str | None


class FakeInstance(StreamScripts):
    """An in-memory Mastodon instance, with state, for tests.

    It answers through :meth:`transport`, an httpx transport: no socket, no
    thread, no process. Give it to :class:`tootkit.Client` or
    :class:`tootkit.AsyncClient`:

    Examples:
        >>> import tootkit
        >>> fake = FakeInstance()
        >>> token = fake.account("bob")
        >>> _ = fake.post("bob", "hello #python")
        >>> with tootkit.Client(fake.url, access_token=token, transport=fake.transport()) as c:
        ...     [s.text for s in c.timelines.tag("python", limit=5)]
        ['hello #python']

    Whatever a request does, the fake answers as a server would (a 404, a
    401, a 422, or a 500 if the fake itself fails): it never raises inside
    the code under test.

    Args:
        url: The instance's address; nothing is looked up there.
        ids: ``"snowflake"`` (Mastodon's, the default) or ``"ulid"``
            (GoToSocial's) ids for statuses.
    """

    def __init__(
        self, url: str = "https://fake.mastodon.test", *, ids: IdStyle = "snowflake"
    ) -> None:
        if ids not in ("snowflake", "ulid"):
            raise ValueError(f"ids must be 'snowflake' or 'ulid', not {ids!r}")
        self.url = url.rstrip("/")
        self.requests: list[RecordedRequest] = []
        """Every request received, oldest first."""
        self._store = Store(self.url, ids)
        self._streams = Streams(self._store)
        self._failures: list[int] = []
        self._limit: tuple[int, int, datetime] | None = None  # limit, remaining, reset

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
        mine = [s for s in self._store.statuses if s.account is account]
        return [self._store.status_json(s, account) for s in mine]

    def fail_next(self, status: int = 503, *, times: int = 1) -> None:
        """Answer the next ``times`` requests with ``status`` and an error body, whatever they ask.

        Examples:
            >>> fake = FakeInstance()
            >>> fake.fail_next(503, times=2)
        """
        if not 400 <= status <= 599 or times < 1:
            raise ValueError("fail_next needs an error status (400-599) and times >= 1")
        self._failures.extend([status] * times)

    def rate_limit(self, *, remaining: int = 0, reset_in: float = 60.0, limit: int = 300) -> None:
        """Apply a rate limit: ``remaining`` more requests, then 429 until ``reset_in`` seconds pass.

        Every answer carries ``X-RateLimit-Limit``, ``-Remaining`` and
        ``-Reset``; a 429 also carries ``Retry-After``. When the reset time
        passes, the limit is lifted. Streams are not counted: Mastodon's
        streaming server is not behind the API's limit.

        Examples:
            >>> fake = FakeInstance()
            >>> fake.rate_limit(remaining=0, reset_in=2)
        """
        if remaining < 0 or limit < 1 or reset_in < 0:
            raise ValueError("rate_limit needs remaining >= 0, limit >= 1 and reset_in >= 0")
        reset = datetime.now(UTC) + timedelta(seconds=reset_in)
        self._limit = (limit, remaining, reset)

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
        if self._failures:
            status = self._failures.pop(0)
            return error(status, httpx.codes.get_reason_phrase(status) or "Error")
        # Mastodon's streaming server is not behind the API's rate limit.
        streaming = path.startswith("/api/v1/streaming")
        limited, limit_headers = (None, {}) if streaming else self._count()
        if limited is not None:
            return attrs.evolve(limited, headers=limit_headers)
        viewer = None
        if token is not None:
            viewer = self._store.by_token(token)
            if viewer is None:
                return attrs.evolve(BAD_TOKEN, headers=limit_headers)
        found = route(request.method, path)
        if found is None:
            return attrs.evolve(NOT_FOUND, headers=limit_headers)
        handler, needs_token, args = found
        if needs_token and viewer is None:
            return attrs.evolve(BAD_TOKEN, headers=limit_headers)
        body = _body(request)
        if body is None:
            unreadable = error(422, "Validation failed: the request body could not be read")
            return attrs.evolve(unreadable, headers=limit_headers)
        headers = {k.lower(): v for k, v in request.headers.items()}
        url = self.url + request.url.raw_path.decode("ascii").partition("?")[0]
        call = Call(request.method, path, query, body, headers, viewer, url, args)
        answer = handler(self._store, call)
        return attrs.evolve(answer, headers={**limit_headers, **answer.headers})

    def _count(self) -> tuple[Answer | None, dict[str, str]]:
        """Spend one request of the rate limit: a 429 to send, if any, and the headers."""
        if self._limit is None:
            return None, {}
        limit, remaining, reset = self._limit
        now = datetime.now(UTC)
        if now >= reset:
            self._limit = None
            return None, {}
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(remaining - 1, 0)),
            "X-RateLimit-Reset": iso(reset),
        }
        if remaining <= 0:
            wait = max(1, round((reset - now).total_seconds()))
            headers["X-RateLimit-Remaining"] = "0"
            headers["Retry-After"] = str(wait)
            return error(429, "Too many requests"), headers
        self._limit = (limit, remaining - 1, reset)
        return None, headers


def _bearer(request: httpx.Request) -> str | None:
    value = request.headers.get("Authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _body(request: httpx.Request) -> dict[str, Any] | None:
    """The request's parameters, from JSON or a form; None when they cannot be read."""
    raw = request.content
    if not raw:
        return {}
    kind = request.headers.get("Content-Type", "")
    try:
        if "json" in kind:
            data = json.loads(raw)
            return data if isinstance(data, dict) else None
        pairs = parse_qsl(raw.decode(), keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    return dict(pairs)
