"""What a response says besides its body, read once: :func:`decipher`.

In the manner of gidgethub's ``sansio.decipher_response``: status, headers and
body in; the typed error raised, or the rate limit and the page links out. No
I/O, so it is tested as a table.

Examples:
    >>> from datetime import UTC, datetime
    >>> now = datetime(2025, 1, 1, tzinfo=UTC)
    >>> headers = {"Link": '<https://m.example/x?max_id=7>; rel="next"', "X-RateLimit-Remaining": "299"}
    >>> result = decipher(200, headers, b"[]", now=now)
    >>> result.links.next, result.rate_limit.remaining
    ({'max_id': '7'}, 299)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Unpack

from tootkit._core.errors import Origin, error_for_response
from tootkit._core.links import PageLinks, page_links
from tootkit._core.ratelimit import RateLimit

__all__ = ["Deciphered", "decipher"]


@dataclass(frozen=True, slots=True)
class Deciphered:
    """What a successful response says besides its body."""

    rate_limit: RateLimit
    links: PageLinks


def decipher(
    status_code: int, headers: Mapping[str, str], body: bytes, **origin: Unpack[Origin]
) -> Deciphered:
    """The rate limit and page links of a response; raise its typed error when it is one.

    The rate-limit headers are read once, here; an error carries what they
    said as ``error.rate_limit``, so that a 429 still teaches the pacing.
    """
    rate = RateLimit.from_headers(headers, now=origin["now"])
    if status_code >= 400:
        error = error_for_response(status_code, headers, body, rate=rate, **origin)
        error.rate_limit = rate
        raise error
    # httpx's headers ignore case; a plain dict (tests, other adapters) may say "Link".
    link = headers.get("link") or headers.get("Link")
    return Deciphered(rate_limit=rate, links=page_links(link))
