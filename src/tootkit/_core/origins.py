"""Where a status lives: the server of its ``uri``, never the domain in its ``acct``.

On split-domain servers an account is ``@user@example.org`` while the server
answers at ``social.example.org``: WebFinger joins the two, and only the
server's own host serves its API. A status's ``uri`` (its ActivityPub id) is
on that host; ``account.url`` is the fallback when a server sends a ``uri``
that is not a web address.

Examples:
    >>> origin_of("https://social.example.org/users/ada/statuses/1", None)
    'https://social.example.org'
    >>> origin_of("tag:example.org,2025:objectId=1", "https://example.org/@ada")
    'https://example.org'
"""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["origin_of", "peer_url"]


def _base(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    default = 443 if parts.scheme == "https" else 80
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def origin_of(uri: str | None, account_url: str | None) -> str | None:
    """The base URL of the server a status comes from, or None when neither address says.

    The scheme is the one the address has: a status found over plain HTTP on
    loopback leads to its origin over plain HTTP.
    """
    return _base(uri) or _base(account_url)


def peer_url(name: str, *, plain_http: bool) -> str | None:
    """The base URL to try for a bare name from ``/api/v1/instance/peers``, or None.

    Peers are host names (``mastodon.social``, ``127.0.0.1:3000``): https,
    or plain http where the seeds were given so (loopback tests).

    Examples:
        >>> peer_url("Mastodon.Social", plain_http=False)
        'https://mastodon.social'
        >>> peer_url("127.0.0.1:3000", plain_http=True)
        'http://127.0.0.1:3000'
        >>> peer_url("not a host/x", plain_http=False) is None
        True
    """
    if not isinstance(name, str) or not name or any(c in name for c in "/?#@ \t"):
        return None
    return _base(f"{'http' if plain_http else 'https'}://{name}")
