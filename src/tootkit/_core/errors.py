"""Mapping an HTTP error response to the ``tootkit.errors`` tree."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from html import unescape
from typing import Any, Required, TypedDict, Unpack

from tootkit._core.ratelimit import RateLimit, parse_retry_after
from tootkit.errors import (
    APIError,
    BadRequest,
    Forbidden,
    Gone,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
    UnprocessableEntity,
)

__all__ = ["Origin", "error_class", "error_for_response", "error_message"]

_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    410: Gone,
    422: UnprocessableEntity,
    429: RateLimited,
}

_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_H1_RE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_SCRIPT_RE = re.compile(r"<(script|style)[^>]*>.*?</\1>", re.IGNORECASE | re.DOTALL)
_EXCERPT = 200


def _squash(text: str) -> str:
    return _SPACE_RE.sub(" ", unescape(_TAG_RE.sub(" ", text))).strip()


def _excerpt(text: str) -> str:
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def error_message(body: bytes) -> tuple[str, str | None, dict[str, Any] | None]:
    """Read ``(error, description, details)`` out of an error body of any shape.

    Mastodon sends JSON ``{"error": ..., "error_description": ...}``; a 422
    may add ``details`` per field. A proxy or another server may send plain
    text or an HTML page, of which a short excerpt is kept.

    Examples:
        >>> error_message(b'{"error": "Record not found"}')
        ('Record not found', None, None)
        >>> error_message(b"<html><head><title>404 Not Found</title></head><body>x</body></html>")
        ('404 Not Found', None, None)
    """
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return "", None, None
    if text[0] in "{[":
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if isinstance(data, dict):
            error = data.get("error")
            details = data.get("details")
            if isinstance(error, dict):  # {"error": {"error": "...", "details": {...}}}
                details = details or error.get("details")
                error = error.get("error")
            description = data.get("error_description")
            return (
                str(error) if error is not None else _excerpt(text),
                str(description) if description is not None else None,
                details if isinstance(details, dict) else None,
            )
    if "<" in text and ">" in text:
        cleaned = _SCRIPT_RE.sub(" ", text)
        for pattern in (_TITLE_RE, _H1_RE):
            match = pattern.search(cleaned)
            if match and _squash(match.group(1)):
                return _excerpt(_squash(match.group(1))), None, None
        return _excerpt(_squash(cleaned)), None, None
    return _excerpt(text), None, None


def error_class(status_code: int) -> type[APIError]:
    """The class of the error an HTTP status (400 or more) stands for.

    An error that did not come in an HTTP response but names a status (a
    streaming server's error frame) is typed by this too.

    Examples:
        >>> error_class(404).__name__, error_class(503).__name__, error_class(418).__name__
        ('NotFound', 'ServerError', 'APIError')
    """
    cls = _BY_STATUS.get(status_code)
    if cls is None:
        cls = ServerError if status_code >= 500 else APIError
    return cls


class Origin(TypedDict, total=False):
    """Where a response came from: the request (for the error's message) and when."""

    method: str
    url: str
    now: Required[datetime]


def error_for_response(
    status_code: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    rate: RateLimit | None = None,
    **origin: Unpack[Origin],
) -> APIError:
    """The exception for an HTTP error response (status 400 or more).

    ``rate`` is the response's rate limit when the caller has read it already.

    Examples:
        >>> from datetime import UTC
        >>> err = error_for_response(429, {"Retry-After": "1"}, b'{"error": "Too many requests"}',
        ...                          now=datetime(2025, 1, 1, tzinfo=UTC))
        >>> type(err).__name__, err.retry_after
        ('RateLimited', 1.0)
    """
    error, description, details = error_message(body)
    now = origin["now"]
    common: dict[str, Any] = {
        "error": error,
        "description": description,
        "details": details,
        "method": origin.get("method", ""),
        "url": origin.get("url", ""),
    }
    lowered = {k.lower(): v for k, v in headers.items()}
    retry_after = parse_retry_after(lowered.get("retry-after"), now=now)
    if status_code == 429:
        rate = rate or RateLimit.from_headers(lowered, now=now)
        if retry_after is None:
            retry_after = rate.seconds_until_reset(now)
        return RateLimited(status_code, retry_after=retry_after, reset_at=rate.reset_at, **common)
    return error_class(status_code)(status_code, retry_after=retry_after, **common)
