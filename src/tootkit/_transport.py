"""How a client's requests go out and come back: the token's scope, TLS, a response read whole.

Shared by the async client and its generated sync twin.

Examples:
    >>> import httpx
    >>> bearer = InstanceOnlyBearer("s3cret", httpx.URL("https://m.example"))
    >>> bearer
    <bearer token for the configured instance>
"""

from __future__ import annotations

import functools
import ssl
from typing import Any

import attrs
import httpx

from tootkit._core.links import PageLinks
from tootkit._core.ratelimit import RateLimit
from tootkit._core.retry import Outcome
from tootkit.errors import APIError, TransportError

__all__ = ["InstanceOnlyBearer", "Reply", "outcome", "shared_tls_context"]


@functools.cache
def shared_tls_context() -> ssl.SSLContext:
    """One TLS context for every client of the process.

    Each context loads the CA bundle, which takes about 50 ms: a harvest of a
    thousand instances would spend most of a minute on it. ``SSL_CERT_FILE``
    and ``SSL_CERT_DIR`` are read when the first client is made.
    """
    return httpx.create_ssl_context()


@attrs.frozen
class Reply:
    """A response, read whole: what the resources and the paginator work from.

    ``rate_limit`` and ``links`` are its rate-limit state and page links, read
    once from the headers.
    """

    status_code: int
    headers: httpx.Headers
    content: bytes
    rate_limit: RateLimit
    links: PageLinks


def outcome(error: BaseException) -> Outcome:
    """What the retry decision needs to know of a failure."""
    if isinstance(error, TransportError):
        return "maybe_sent" if error.sent else "connect_error"
    if isinstance(error, APIError):
        return "status"
    return "ok"  # not ours: never retried


class InstanceOnlyBearer(httpx.Auth):
    """Adds the bearer token only to requests for the configured instance.

    The client only ever builds URLs on its own base URL, so this is a second
    line of defence: whatever URL a request ends up with, the token goes to
    the configured scheme, host and port (and a streaming host on its own
    domain, added to :attr:`origins`), and nowhere else.
    """

    def __init__(self, token: str, origin: httpx.URL) -> None:
        self._header = f"Bearer {token}"
        self.origins = {(origin.scheme, origin.host, origin.port)}

    def auth_flow(self, request: httpx.Request) -> Any:
        if (request.url.scheme, request.url.host, request.url.port) in self.origins:
            request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "<bearer token for the configured instance>"
