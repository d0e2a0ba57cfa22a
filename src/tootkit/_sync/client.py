# This file is generated from the async source src/tootkit/_async/client.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""The synchronous client, :class:`Client`.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, Unpack

import httpx
import tenacity

from tootkit._sync.accounts import Accounts
from tootkit._sync.media import Media
from tootkit._sync.notifications import Notifications
from tootkit._sync.oauth import OAuth
from tootkit._sync.paginator import Paginator
from tootkit._sync.polls import Polls
from tootkit._sync.ratelimiter import log_wait, RateLimiter, RateLimitMode
from tootkit._sync.reading import read_capped
from tootkit._sync.runtime import Runtime
from tootkit._sync.search import Search
from tootkit._sync.server import Server
from tootkit._sync.statuses import Statuses
from tootkit._sync.streaming import Streaming, StreamingSeam, StreamTransport
from tootkit._sync.tags import Tags
from tootkit._sync.timelines import Timelines
from tootkit._sync.trends import Trends
from tootkit._convert import converter, make_converter
from tootkit._core.decipher import decipher, Deciphered
from tootkit._core.options import ListOptions, PagingOptions, WalkOptions
from tootkit._core.request import make_request, normalize_base_url, Request
from tootkit._core.retry import decide, Decision, NO_RETRY, RetryPolicy, wants_idempotency_key
from tootkit._core.walks import Kind, make_strategy
from tootkit._transport import InstanceOnlyBearer, outcome, Reply, shared_tls_context
from tootkit._version import __version__
from tootkit.errors import (
    APIError,
    DecodeError,
    NotFound,
    Timeout,
    TootkitError,
    TransportError,
)
from tootkit.models import Account, Instance, InstanceV1, Status
from tootkit.models.instance import instance_from_v1

__all__ = ["Client", "Reply"]

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""Connect within 10 s, and wait at most 30 s for each read, write or pooled connection."""

DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024
"""The largest response body a client reads: 50 MiB (a page of 40 statuses is about 100 KiB)."""


class Client:
    """A synchronous client for one Mastodon instance.

    Use it as a context manager, so that its connections are closed:

    Examples:
        >>> import tootkit
        >>> with tootkit.Client("mastodon.social") as client:  # doctest: +SKIP
        ...     for status in client.timelines.tag("python", limit=5):
        ...         print(status.account.acct, status.text)

    Args:
        base_url: The instance: ``"mastodon.social"``, ``"https://mastodon.social/"``,
            or plain http on a loopback address (``"http://127.0.0.1:3000"``).
        access_token: An OAuth access token. It is sent only to this instance,
            and never shown in a repr, a log line or an error message.
        timeout: A number of seconds, or an ``httpx.Timeout``. The default allows
            10 s to connect and 30 s for each read.
        user_agent: The ``User-Agent`` header; tootkit names itself by default.
        retry: A :class:`~tootkit.RetryPolicy`; ``True`` (the default) for the
            default policy, ``False`` for a single attempt. Connect errors,
            timeouts, dropped connections and 502/503/504 are retried with
            exponential backoff and full jitter, only when repeating the
            request is harmless.
        rate_limit: ``"wait"`` (default): on a 429, wait until ``Retry-After``
            or the reset, then retry. ``"pace"``: also spread the requests over
            the rate-limit window so that a 429 never comes. ``"raise"``: raise
            :class:`~tootkit.errors.RateLimited`.
        on_wait: Called as ``on_wait(reason, seconds)`` before every wait, for
            a progress bar; waits over a second are also logged at INFO on the
            ``tootkit`` logger.
        max_response_bytes: Refuse (with ``ResponseTooLarge``) a body larger
            than this; 50 MiB by default.
        html: The converter behind ``status.text``, ``account.note_text`` and
            ``account.display_name_text`` of everything this client returns:
            any ``Callable[[str], str]``, or one that also takes ``status=``
            (see :mod:`tootkit.html`). By default :func:`tootkit.html.to_text`.
        transport: An ``httpx.BaseTransport``, such as ``httpx.MockTransport``
            in tests.
        runtime: The clock, sleep and randomness the client uses
            (:class:`~tootkit.Runtime`); tests give a fake one.
        stream_transport: How ``streaming`` reaches the server: ``"auto"``
            (default) tries a WebSocket first, then Server-Sent Events, and
            remembers what worked; ``"websocket"`` or ``"sse"`` use one only.

    Resources:
        ``timelines``, ``statuses``, ``tags``, ``trends``, ``accounts``, ``notifications``,
        ``search`` (also callable), ``polls``, ``media``, ``oauth`` and ``streaming`` group
        the endpoints; :meth:`instance`, :meth:`favourites`, :meth:`bookmarks` are methods.
    """

    def __init__(
        self,
        base_url: str,
        access_token: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        user_agent: str | None = None,
        retry: RetryPolicy | bool = True,
        rate_limit: RateLimitMode = "wait",
        on_wait: Callable[[str, float], None] | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        html: Callable[..., str] | None = None,
        transport: httpx.BaseTransport | None = None,
        runtime: Runtime | None = None,
        stream_transport: StreamTransport = "auto",
    ) -> None:
        self.base_url = normalize_base_url(base_url)
        if access_token is not None and (not isinstance(access_token, str) or not access_token):
            raise ValueError("access_token must be a non-empty string, or None")
        self._has_token = access_token is not None
        origin = httpx.URL(self.base_url)
        self._http = httpx.Client(
            base_url=self.base_url,
            auth=InstanceOnlyBearer(access_token, origin) if access_token else None,
            headers={
                "User-Agent": user_agent or f"tootkit/{__version__} (+https://pypi.org/p/tootkit)",
                "Accept": "application/json",
            },
            timeout=timeout,
            transport=transport,
            verify=shared_tls_context(),
            follow_redirects=True,
        )
        if retry is True:
            retry = RetryPolicy()
        elif retry is False:
            retry = NO_RETRY
        elif not isinstance(retry, RetryPolicy):
            raise TypeError(f"retry must be a RetryPolicy, True or False, not {retry!r}")
        self._retry = retry
        self._max_response_bytes = max_response_bytes
        if html is not None and not callable(html):
            raise TypeError(f"html must be a callable converter, not {html!r}")
        # A converter of its own only for a client with its own HTML converter:
        # cattrs generates its code once per converter.
        self._converter = converter if html is None else make_converter(html=html)
        self._on_wait = on_wait
        self.runtime = runtime if runtime is not None else Runtime()
        self._limiter = RateLimiter(rate_limit, self.runtime, on_wait)
        self._instance_v2_missing = False
        self.timelines = Timelines(self)
        self.statuses = Statuses(self)
        self.tags = Tags(self)
        self.trends = Trends(self)
        self.accounts = Accounts(self)
        self.notifications = Notifications(self)
        self.search = Search(self)
        self.polls = Polls(self)
        self.server = Server(self)
        self.media = Media(self)
        self.oauth = OAuth(self)
        # What streams may use of the client, named one by one.
        seam = StreamingSeam(
            self._http,
            self.base_url,
            transport=stream_transport,
            instance=self.instance,
            timelines=self.timelines,
            notifications=self.notifications,
            retry=self._retry,
            runtime=self.runtime,
            on_wait=self._on_wait,
            converter=self._converter,
        )
        self.streaming = Streaming(seam)

    def __repr__(self) -> str:
        auth = "with token" if self._has_token else "anonymous"
        return f"<{type(self).__name__} {self.base_url} ({auth})>"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections. The client cannot be used afterwards."""
        self._http.close()

    # --- plumbing shared by the resources -----------------------------------

    def _send(self, request: Request) -> Reply:
        """Send a request to the instance, retrying as the policy allows.

        Failures become tootkit errors; when retries are given up, the last
        error is raised with ``attempts`` set.
        """
        if wants_idempotency_key(request.method, request.path) and not any(
            name.lower() == "idempotency-key" for name, _ in request.headers
        ):
            # The same key on every retry: Mastodon answers a repeat with the
            # status it already created, so a retry never posts twice.
            key = ("Idempotency-Key", str(uuid.uuid4()))
            request = dataclasses.replace(request, headers=(*request.headers, key))
        has_key = any(name.lower() == "idempotency-key" for name, _ in request.headers)
        started = self.runtime.monotonic()
        decisions: list[Decision] = []

        def should_retry(state: tenacity.RetryCallState) -> bool:
            error = state.outcome.exception() if state.outcome else None
            if error is None:
                return False
            decision = decide(
                self._retry,
                attempt=state.attempt_number,
                elapsed=self.runtime.monotonic() - started,
                method=request.method,
                has_idempotency_key=has_key,
                outcome=outcome(error),
                status=getattr(error, "status_code", None),
                retry_after=getattr(error, "retry_after", None),
                rate_limit_mode=self._limiter.mode,
                rand=self.runtime.rand,
            )
            decisions.append(decision)
            if not decision.retry and isinstance(error, TootkitError):
                error.attempts = state.attempt_number
                error.elapsed = self.runtime.monotonic() - started
                if state.attempt_number > 1:
                    error.add_note(f"tootkit: {decision.reason or 'gave up'}")
            return decision.retry

        def wait_for(state: tenacity.RetryCallState) -> float:
            return decisions[-1].wait if decisions else 0.0

        def report(state: tenacity.RetryCallState) -> None:
            decision, reason = decisions[-1], f"{decisions[-1].reason}, {request.endpoint}"
            if not decision.reason.startswith("rate limited"):  # a failure: say how far retries are
                reason += f" (try {state.attempt_number} of {self._retry.max_attempts})"
            log_wait(reason, decision.wait, self._on_wait)

        retrying = tenacity.Retrying(
            retry=should_retry,
            wait=wait_for,
            before_sleep=report,
            sleep=self.runtime.sleep,
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                self._limiter.before_request()
                reply = self._attempt(request)
        return reply

    def _attempt(self, request: Request) -> Reply:
        """One attempt: send, read the body within the size cap, map failures."""
        http_request = self._http.build_request(
            request.method,
            request.path,
            params=request.params,
            json=request.json,
            data=request.data,
            files=request.files,
            headers=dict(request.headers) if request.headers else None,
        )
        try:
            response = self._http.send(http_request, stream=True)
            try:
                content = read_capped(response, self._max_response_bytes, request.endpoint)
            finally:
                response.close()
        except httpx.TimeoutException as exc:
            sent = not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
            raise Timeout(f"{request.endpoint} timed out: {type(exc).__name__}", sent=sent) from exc
        except httpx.TransportError as exc:
            sent = not isinstance(exc, httpx.ConnectError)
            raise TransportError(f"{request.endpoint} failed: {exc!r}", sent=sent) from exc
        try:
            deciphered = self._decipher(response, content)
        except APIError as error:
            self._limiter.record(error.rate_limit)
            raise
        self._limiter.record(deciphered.rate_limit)
        return Reply(
            status_code=response.status_code,
            headers=response.headers,
            content=content,
            rate_limit=deciphered.rate_limit,
            links=deciphered.links,
        )

    def _decipher(self, response: httpx.Response, content: bytes) -> Deciphered:
        """The rate limit and links of a response, or its error (the URL without its query)."""
        return decipher(
            response.status_code,
            response.headers,
            content,
            method=response.request.method,
            url=str(response.request.url.copy_with(query=None)),
            now=self.runtime.clock(),
        )

    def _accounts(self, path: str, id: str, **walk: Unpack[ListOptions]) -> Paginator[Account]:
        """A list of accounts under one id (followers, who boosted...): Link-paged, 80 at most."""
        request = make_request("GET", path, id)
        return self._paginate(Account, request, max_page_size=80, **walk)

    def _decode(self, response: Reply, cl: type[T], request: Request) -> T:
        try:
            return self._converter.loads(response.content, cl)
        except DecodeError as exc:
            raise exc.with_endpoint(request.endpoint) from exc

    def _one(self, cl: type[T], request: Request) -> T:
        response = self._send(request)
        return self._decode(response, cl, request)

    def _paginate(
        self,
        cl: type[T],
        request: Request,
        *,
        kind: Kind = "link",
        max_page_size: int = 40,
        decode_as: Any = None,
        extract: Callable[[Any], list[T]] | None = None,
        **walk: Unpack[WalkOptions],
    ) -> Paginator[T]:
        strategy = make_strategy(kind, request.params, max_page_size=max_page_size, **walk)
        return Paginator(self, cl, request, strategy, decode_as=decode_as, extract=extract)

    # --- endpoints that are not a resource ----------------------------------

    def instance(self) -> Instance:
        """Information about the server: its limits, rules, contact and version.

        Uses ``GET /api/v2/instance`` (Mastodon 4.0+), and falls back to
        ``GET /api/v1/instance`` once, remembering it, when a server answers
        404; a v1 answer is converted into an :class:`~tootkit.models.Instance`.

        See https://docs.joinmastodon.org/methods/instance/#v2.

        Examples:
            >>> instance = client.instance()  # doctest: +SKIP
            >>> instance.configuration.statuses.max_characters  # doctest: +SKIP
            500
        """
        if not self._instance_v2_missing:
            try:
                return self._one(Instance, make_request("GET", "/api/v2/instance"))
            except NotFound:
                self._instance_v2_missing = True
        v1 = self._one(InstanceV1, make_request("GET", "/api/v1/instance"))
        return instance_from_v1(v1)

    def favourites(self, **walk: Unpack[PagingOptions]) -> Paginator[Status]:
        """The statuses you favourited, most recently favourited first (``GET /api/v1/favourites``).

        This list pages by the ids of the favourites, not of the statuses: the
        walk follows the ``Link`` header. ``since``/``until`` filter on the
        statuses' ``created_at``. Needs a token.

        See https://docs.joinmastodon.org/methods/favourites/#get.

        Examples:
            >>> for status in client.favourites(limit=20):  # doctest: +SKIP
            ...     print(status.url)
        """
        return self._own_statuses("/api/v1/favourites", **walk)

    def bookmarks(self, **walk: Unpack[PagingOptions]) -> Paginator[Status]:
        """The statuses you bookmarked, most recent first (``GET /api/v1/bookmarks``, 3.1+).

        Like favourites, bookmarks page by their own ids. Needs a token.

        See https://docs.joinmastodon.org/methods/bookmarks/#get.

        Examples:
            >>> for status in client.bookmarks(limit=20):  # doctest: +SKIP
            ...     print(status.url)
        """
        return self._own_statuses("/api/v1/bookmarks", **walk)

    def _own_statuses(self, path: str, **walk: Unpack[PagingOptions]) -> Paginator[Status]:
        # Favourites and bookmarks page by their own ids: follow the Link header only.
        return self._paginate(Status, make_request("GET", path), **walk)
