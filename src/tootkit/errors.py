"""The exceptions that tootkit raises.

Every exception is a :class:`TootkitError`, so one ``except`` clause catches
anything this library raises on purpose::

    TootkitError
    ├── TransportError          the request never got a complete HTTP answer
    │   ├── Timeout             connect, read, write or pool timeout
    │   └── ResponseTooLarge    the answer was larger than the client accepts
    ├── APIError                the server answered with an HTTP error status
    │   ├── BadRequest          400
    │   ├── Unauthorized        401
    │   ├── Forbidden           403
    │   ├── NotFound            404
    │   ├── Gone                410
    │   ├── UnprocessableEntity 422
    │   ├── RateLimited         429
    │   ├── ServerError         5xx
    │   └── StreamingNotSupported  the server streams over neither WebSocket nor SSE
    ├── StreamError             a stream was refused with an error frame that gave no status
    ├── DecodeError             the answer was not the JSON we expected
    └── ArchiveError            a research archive cannot be opened, read or written

Examples:
    >>> import tootkit
    >>> try:
    ...     raise tootkit.errors.NotFound(404, error="Record not found")
    ... except tootkit.errors.APIError as exc:
    ...     print(exc.status_code, exc.error)
    404 Record not found
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

__all__ = [
    "APIError",
    "ArchiveError",
    "BadRequest",
    "DecodeError",
    "Forbidden",
    "Gone",
    "NotFound",
    "RateLimited",
    "ResponseTooLarge",
    "ServerError",
    "StreamError",
    "StreamingNotSupported",
    "Timeout",
    "TootkitError",
    "TransportError",
    "Unauthorized",
    "UnprocessableEntity",
]


class TootkitError(Exception):
    """Base class of every exception that tootkit raises.

    Attributes:
        attempts: How many times the request was sent before this error was
            raised: more than one when retries were made and then given up.
        elapsed: Seconds from the first attempt to this error, the waits
            between retries included.
    """

    attempts: int = 1
    elapsed: float = 0.0


class TransportError(TootkitError):
    """The request did not get a complete HTTP response.

    The connection was refused, dropped, or reset, or TLS failed. The original
    httpx exception is chained as ``__cause__``.

    Attributes:
        sent: ``False`` when the request surely never reached the server (so it
            is safe to send again), ``True`` when it may have.
    """

    def __init__(self, message: str, *, sent: bool = True) -> None:
        self.sent = sent
        super().__init__(message)


class Timeout(TransportError):
    """Connecting, reading, writing, or waiting for a pooled connection timed out."""


class ResponseTooLarge(TransportError):
    """The response body was larger than the client's ``max_response_bytes``.

    The body is not read into memory: reading stops at the limit.
    """


class APIError(TootkitError):
    """The server answered with an HTTP error status.

    Attributes:
        status_code: The HTTP status code, such as 404.
        error: The server's short error message: Mastodon's ``error`` field, or
            a short excerpt of a plain-text or HTML error page.
        description: Mastodon's longer ``error_description``, when sent.
        details: Extra structured detail, such as the per-field validation
            errors of a 422 (``{"username": [{"error": "ERR_TAKEN", ...}]}``).
        method: The HTTP method of the request that failed.
        url: The URL of the request that failed, without any credentials.
        retry_after: Seconds the server asked to wait (``Retry-After``), if any.
        rate_limit: The :class:`~tootkit.RateLimit` the response reported, when
            a client received it (``None`` for an error made by hand).

    Examples:
        >>> err = APIError(418, error="I'm a teapot", method="GET", url="https://example.com/x")
        >>> str(err)
        "HTTP 418 from GET https://example.com/x: I'm a teapot"
    """

    def __init__(
        self,
        status_code: int,
        *,
        error: str = "",
        description: str | None = None,
        details: dict[str, Any] | None = None,
        method: str = "",
        url: str = "",
        retry_after: float | None = None,
    ) -> None:
        self.status_code = status_code
        self.retry_after = retry_after
        self.rate_limit: Any = None  # a RateLimit, set by the client that received the error
        self.error = error
        self.description = description
        self.details = details
        self.method = method
        self.url = url
        super().__init__(self._message())

    def _message(self) -> str:
        where = f" from {self.method} {self.url}" if self.url else ""
        text = self.error or "(no error message)"
        if self.description:
            text = f"{text} ({self.description})"
        return f"HTTP {self.status_code}{where}: {text}"


class BadRequest(APIError):
    """HTTP 400: the request was malformed, such as a missing parameter."""


class Unauthorized(APIError):
    """HTTP 401: the token is missing, invalid, or revoked."""


class Forbidden(APIError):
    """HTTP 403: the token lacks the scope, or the account is not allowed."""


class NotFound(APIError):
    """HTTP 404: no such record, or it is not visible to this token."""


class Gone(APIError):
    """HTTP 410: the record was deleted, or the account was suspended."""


class UnprocessableEntity(APIError):
    """HTTP 422: the server refused the values sent.

    Mastodon's validation details, when sent, are kept in :attr:`details`.
    """


class RateLimited(APIError):
    """HTTP 429: too many requests.

    Attributes:
        retry_after: Seconds to wait before trying again, from ``Retry-After``
            or, failing that, from ``X-RateLimit-Reset``; ``None`` if unknown.
        reset_at: When the rate-limit window resets, as an aware datetime in
            UTC; ``None`` if the server did not say.
    """

    def __init__(
        self,
        status_code: int = 429,
        *,
        retry_after: float | None = None,
        reset_at: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        self.reset_at = reset_at
        super().__init__(status_code, retry_after=retry_after, **kwargs)


class ServerError(APIError):
    """HTTP 5xx: the server failed, or a proxy in front of it did."""


class StreamingNotSupported(APIError):
    """The server refused every streaming transport that was tried.

    Takahe, for one, has no streaming API; GoToSocial streams over WebSocket
    only, so ``transport="sse"`` is refused there. The message names each
    transport's answer; the status code of the last refusal is in
    :attr:`status_code`. Poll the timeline instead.
    """


class StreamError(TootkitError):
    """The streaming server refused a stream in the stream itself, without an HTTP status.

    Over a WebSocket, a stream that cannot be given (a list you do not own,
    ``user`` without a token) is refused with an error frame. When the frame
    names a status, as Mastodon's do, the error is the one a REST request
    would get (:class:`NotFound`, :class:`Unauthorized`...); this is the error
    of a frame that names none. Either ends the stream: reconnecting would be
    refused again.

    Attributes:
        error: The server's message.

    Examples:
        >>> str(StreamError("Missing access token"))
        'the streaming server refused the stream: Missing access token'
    """

    def __init__(self, error: str) -> None:
        self.error = error
        super().__init__(f"the streaming server refused the stream: {error or '(no message)'}")


class DecodeError(TootkitError):
    """A response body could not be read as the entity it should hold.

    Raised for a body that is not JSON, JSON cut short, an HTML page where JSON
    was expected, or a value that cannot be turned into the field's type.

    Attributes:
        entity: The name of the entity being read, such as ``"Status"``.
        field: The path of the field that failed, such as ``"account.created_at"``
            or ``"[3].id"``; empty when the body as a whole was unreadable.
        endpoint: The request that returned the body, such as
            ``"GET /api/v1/timelines/tag/python"``; empty outside a client.
        raw: The raw body text, kept so that nothing is lost.
        reason: What went wrong, in a few words.

    Examples:
        >>> import tootkit
        >>> from tootkit.models import Status
        >>> try:
        ...     tootkit.converter.loads(b"<html>oops</html>", Status)
        ... except tootkit.errors.DecodeError as exc:
        ...     print(exc.entity, exc.raw)
        Status <html>oops</html>
    """

    def __init__(
        self,
        reason: str,
        *,
        entity: str = "",
        field: str = "",
        endpoint: str = "",
        raw: str = "",
    ) -> None:
        self.reason = reason
        self.entity = entity
        self.field = field
        self.endpoint = endpoint
        self.raw = raw
        super().__init__(self._message())

    def _message(self) -> str:
        parts = []
        if self.entity:
            parts.append(f"{self.entity}.{self.field}" if self.field else self.entity)
        if self.endpoint:
            parts.append(f"from {self.endpoint}")
        head = f"cannot decode {' '.join(parts)}" if parts else "cannot decode response"
        excerpt = self.raw[:200] + ("…" if len(self.raw) > 200 else "")
        tail = f"; body starts {excerpt!r}" if excerpt else ""
        return f"{head}: {self.reason}{tail}"

    def with_endpoint(self, endpoint: str, raw: str | None = None) -> DecodeError:
        """Return a copy that names the endpoint (and raw body) it came from."""
        return DecodeError(
            self.reason,
            entity=self.entity,
            field=self.field,
            endpoint=endpoint,
            raw=self.raw if raw is None else raw,
        )


class ArchiveError(TootkitError):
    """A research archive (:class:`tootkit.store.Archive`) cannot be opened, read or written.

    The message is one line that names the file and what is wrong with it: a
    missing folder, a file that is not a tootkit archive or is damaged, a
    read-only or locked file, a full disk. The file is left as it was. The
    original ``sqlite3`` or ``OSError`` is chained as ``__cause__``.

    Examples:
        >>> str(ArchiveError("research.sqlite is not an SQLite database"))
        'research.sqlite is not an SQLite database'
    """
