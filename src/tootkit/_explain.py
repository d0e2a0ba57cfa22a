"""One line about why a request to an instance failed, for people rather than programs."""

from __future__ import annotations

import ssl
from urllib.parse import urlsplit

from tootkit._core.request import instance_key, normalize_base_url
from tootkit.errors import (
    APIError,
    DecodeError,
    NotFound,
    TootkitError,
    TransportError,
    Unauthorized,
    UnprocessableEntity,
)

__all__ = ["describe_failure"]


def describe_failure(exc: BaseException, instance: str, *, timing: bool = True) -> str:
    """One line that says why a request to ``instance`` failed, and what may help.

    ``timing=False`` leaves out how often and how long it was tried, for a
    line that must read the same on every run (a discovery report).

    Examples:
        >>> describe_failure(NotFound(404, error="Record not found"), "mastodon.social")
        'not found on mastodon.social: Record not found'
    """
    tries = _tries(exc) if timing else ""
    line = _describe(exc, instance) + tries + _plain_http_hint(exc, instance)
    return " ".join(line.split())


def _tries(exc: BaseException) -> str:
    """How often and how long the request was tried, when there is more to it than one quick try."""
    if not isinstance(exc, TootkitError) or (exc.attempts <= 1 and exc.elapsed < 1):
        return ""
    tries = "1 try" if exc.attempts == 1 else f"{exc.attempts} tries"
    return f" ({tries} over {exc.elapsed:.0f} s)"


def _tls_failed(exc: BaseException) -> bool:
    """Whether the TLS handshake failed, somewhere down the chain of causes httpx keeps."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, ssl.SSLError):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _plain_http_hint(exc: BaseException, instance: str) -> str:
    """For TLS failing on ``host:port``: the ``http://`` spelling, when tootkit would take it.

    A server on a port of its own, spoken to over TLS, that fails the
    handshake is most often a test or development server that speaks plain
    HTTP; plain HTTP is offered only where tootkit accepts it (loopback).
    """
    if not isinstance(exc, TransportError) or not _tls_failed(exc):
        return ""
    try:
        key = instance_key(instance)
        if urlsplit(f"//{key}").port is None:
            return ""
        plain = normalize_base_url(f"http://{key}")
    except ValueError:
        return ""
    return f"; if this server speaks plain HTTP, write {plain}"


def _describe(exc: BaseException, instance: str) -> str:
    if isinstance(exc, NotFound):
        return f"not found on {instance}: {exc.error or exc}"
    if isinstance(exc, Unauthorized | UnprocessableEntity) or (
        isinstance(exc, APIError) and exc.status_code == 403
    ):
        assert isinstance(exc, APIError)
        return (
            f"{instance} refused the request ({exc.status_code}: {exc.error or 'no reason given'}); "
            "it may not answer visitors without a token: give a token for it (--token)"
        )
    if isinstance(exc, APIError):
        return f"{instance} answered {exc.status_code}: {exc.error or exc}"
    if isinstance(exc, TransportError):
        # The httpx error says what went wrong; ours adds the endpoint, which
        # means little to a reader of a summary.
        cause = exc.__cause__
        detail = str(cause) if cause is not None and str(cause) else str(exc)
        return f"cannot reach {instance}: {detail or type(exc).__name__}"
    if isinstance(exc, DecodeError):
        return f"{instance} sent something that is not Mastodon's JSON ({exc.reason})"
    return f"{type(exc).__name__}: {exc}"
