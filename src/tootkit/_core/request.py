"""Building requests: base URLs, percent-encoded paths and Mastodon-style query strings."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

# Re-exported: the resources import it from here; the rule lives in hashtags.
from tootkit._core.hashtags import tag_name

__all__ = [
    "Request",
    "build_params",
    "encode_segment",
    "id_in_url",
    "instance_key",
    "make_request",
    "normalize_base_url",
    "tag_name",
]

_LOOPBACK_NAMES = frozenset({"localhost"})


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normalize_base_url(base_url: str) -> str:
    """Turn what a user typed into ``scheme://host[:port]``, or raise ``ValueError``.

    Accepts a bare host (``mastodon.social``, taken as https), an https URL with
    or without a trailing slash, and plain http for loopback addresses only, so
    a token never crosses a network unencrypted.

    Examples:
        >>> normalize_base_url("mastodon.social")
        'https://mastodon.social'
        >>> normalize_base_url("https://Mastodon.Social/")
        'https://mastodon.social'
        >>> normalize_base_url("http://127.0.0.1:8000")
        'http://127.0.0.1:8000'
    """
    expected = (
        "expected an instance such as 'mastodon.social', 'https://mastodon.social' "
        "or 'http://127.0.0.1:3000'"
    )
    if not isinstance(base_url, str) or not base_url.strip():
        raise ValueError(f"empty instance URL; {expected}")
    text = base_url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"{base_url!r} is not a valid instance URL ({exc}); {expected}") from exc
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{base_url!r} uses the scheme {parts.scheme!r}; {expected}")
    if not host or any(c.isspace() for c in text) or parts.username or parts.password:
        raise ValueError(f"{base_url!r} is not a valid instance URL; {expected}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(
            f"{base_url!r} has a path, query or fragment; give only the instance, {expected[9:]}"
        )
    if parts.scheme == "http" and not _is_loopback(host):
        raise ValueError(
            f"{base_url!r} uses plain http, which would send your token unencrypted; "
            "use https (plain http is only accepted for loopback addresses)"
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return f"{parts.scheme}://{netloc}"


def instance_key(instance: str) -> str:
    """The ``host[:port]`` that names an instance, however it was written.

    Two spellings of one instance (``mastodon.social``, ``https://Mastodon.Social/``)
    give the same key; so do ``127.0.0.1:3000`` and ``http://127.0.0.1:3000``.
    Raises ``ValueError`` like :func:`normalize_base_url`.

    Examples:
        >>> instance_key("https://Mastodon.Social/"), instance_key("127.0.0.1:3000")
        ('mastodon.social', '127.0.0.1:3000')
    """
    return normalize_base_url(instance).split("://", 1)[1]


def id_in_url(url: str, instance: str) -> str | None:
    """The API id on ``instance`` that a status URL ends in, or None when it cannot be one.

    Mastodon's web addresses end in the API id (``/@grace/1133...``), and so do
    GoToSocial's and Pleroma's; snac2's end in a time (``/alice/p/1796227747.84``)
    that its API does not take. Ids are letters and digits only (snowflakes,
    ULIDs, flake ids, snac2's hex). An id is only good on its own instance: a
    URL on another host gives None.

    Examples:
        >>> id_in_url("https://mastodon.social/@grace/113355", "mastodon.social")
        '113355'
        >>> id_in_url("https://h.example/alice/p/17.84", "h.example"), id_in_url("https://a.example/@x/1", "b.example")
        (None, None)
    """
    parts = urlsplit(url.strip())
    try:
        if instance_key(f"{parts.scheme}://{parts.netloc}") != instance_key(instance):
            return None
    except ValueError:
        return None
    segments = [s for s in parts.path.split("/") if s]
    last = segments[-1] if segments else ""
    return last if last.isascii() and last.isalnum() else None


def encode_segment(value: object) -> str:
    """Percent-encode one path segment, so that it cannot escape its place in the path.

    Every reserved character is encoded, ``/`` included, and a segment made only
    of dots (``.`` or ``..``) is encoded too, since those mean "this" and "parent"
    in a URL path.

    Examples:
        >>> encode_segment("../admin")
        '..%2Fadmin'
        >>> encode_segment("café")
        'caf%C3%A9'
        >>> encode_segment("..")
        '%2E%2E'
    """
    text = str(value)
    if not text:
        raise ValueError("a path segment (an id or a name) cannot be empty")
    encoded = quote(text, safe="")
    if set(encoded) == {"."}:
        encoded = encoded.replace(".", "%2E")
    return encoded


def _param_value(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def build_params(params: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Turn keyword arguments into Mastodon query parameters.

    ``None`` is left out, booleans become ``true``/``false``, and a list or tuple
    becomes repeated ``name[]`` parameters, as Rails expects.

    Examples:
        >>> build_params({"any": ["a", "b"], "local": True, "limit": None})
        (('any[]', 'a'), ('any[]', 'b'), ('local', 'true'))
    """
    out: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, list | tuple | set | frozenset):
            key = name if name.endswith("[]") else f"{name}[]"
            out.extend((key, _param_value(item)) for item in value)
        else:
            out.append((name, _param_value(value)))
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """A request to send: everything but the host, which the client adds.

    Attributes:
        method: The HTTP method, upper case.
        path: The path, already percent-encoded, starting with ``/``.
        params: The query parameters, in order.
        json: A JSON body, or ``None``.
        data: A form body, or ``None``.
        files: Multipart files, as httpx takes them, or ``None``.
        headers: Extra headers for this request only.
    """

    method: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    json: Any = None
    data: Mapping[str, Any] | None = None
    files: Any = None
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def endpoint(self) -> str:
        """``METHOD /path``, for messages: the path without the query string."""
        return f"{self.method} {self.path}"

    def with_params(self, extra: Iterable[tuple[str, str]], *, drop: Iterable[str] = ()) -> Request:
        """A copy with the named parameters replaced by ``extra``.

        Examples:
            >>> r = make_request("GET", "/api/v1/timelines/public", params={"max_id": "5", "local": True})
            >>> r.with_params([("max_id", "3")], drop=["max_id"]).params
            (('local', 'true'), ('max_id', '3'))
        """
        dropped = set(drop)
        kept = tuple((k, v) for k, v in self.params if k not in dropped)
        return replace(self, params=kept + tuple(extra))


def make_request(
    method: str,
    template: str,
    *segments: object,
    params: Mapping[str, Any] | None = None,
    json: Any = None,
    data: Mapping[str, Any] | None = None,
    files: Any = None,
    headers: Mapping[str, str] | None = None,
) -> Request:
    """Build a :class:`Request`, percent-encoding each segment into the path template.

    Examples:
        >>> make_request("GET", "/api/v1/timelines/tag/{}", "a/b", params={"limit": 40}).path
        '/api/v1/timelines/tag/a%2Fb'
    """
    path = template.format(*(encode_segment(s) for s in segments)) if segments else template
    return Request(
        method=method.upper(),
        path=path,
        params=build_params(params or {}),
        json=json,
        data=data,
        files=files,
        headers=tuple((headers or {}).items()),
    )
