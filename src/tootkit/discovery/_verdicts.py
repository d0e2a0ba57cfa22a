"""Which verdict a failed probe earns: an error in, a verdict and one line out. No I/O."""

from __future__ import annotations

from tootkit._explain import describe_failure
from tootkit.discovery._report import Verdict
from tootkit.errors import (
    APIError,
    BadRequest,
    DecodeError,
    Forbidden,
    Gone,
    NotFound,
    ServerError,
    TransportError,
    Unauthorized,
    UnprocessableEntity,
)

__all__ = ["timeline_verdict"]


def _wants_login(error: APIError) -> bool:
    text = f"{error.error or ''} {error.description or ''}".lower()
    return "authenticat" in text or "login" in text or "logged in" in text


def timeline_verdict(error: Exception, host: str, *, has_token: bool) -> tuple[Verdict, str]:
    """The verdict for a hashtag timeline that answered with ``error``, and why, in one line.

    Examples:
        >>> from tootkit.errors import Unauthorized, Gone
        >>> timeline_verdict(Unauthorized(401, error="This method requires an authenticated user"),
        ...                  "a.example", has_token=False)[0]
        'needs-token'
        >>> timeline_verdict(Gone(410), "a.example", has_token=False)
        ('refused', 'a.example answered 410: leave me out')
    """
    if isinstance(error, TransportError):
        return "dead", describe_failure(error, host, timing=False)
    if isinstance(error, DecodeError):
        return "not-mastodon", f"{host} answered with something that is not Mastodon's JSON"
    if not isinstance(error, APIError):
        return "dead", describe_failure(error, host, timing=False)
    code = error.status_code
    if isinstance(error, Gone):
        return "refused", f"{host} answered 410: leave me out"
    if isinstance(error, Forbidden):
        return "refused", f"{host} answered 403: {error.error or 'forbidden'}"
    # GoToSocial and Mastodon without public previews answer 401; Takahe 400, others 422.
    login = isinstance(error, Unauthorized) or (
        isinstance(error, UnprocessableEntity | BadRequest) and _wants_login(error)
    )
    if login:
        if has_token:
            return "refused", f"{host} refused the token given for it ({code})"
        return "needs-token", f"{host} shows its timelines to signed-in users only ({code})"
    if isinstance(error, ServerError):
        return "dead", f"{host} answered {code}, and went on answering it"
    if isinstance(error, NotFound | BadRequest | UnprocessableEntity):
        return "not-mastodon", f"{host} has no Mastodon API (the hashtag timeline answered {code})"
    return "dead", describe_failure(error, host, timing=False)
