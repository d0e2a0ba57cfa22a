"""One line about why a request to an instance failed, for people rather than programs."""

from __future__ import annotations

from tootkit.errors import (
    APIError,
    DecodeError,
    NotFound,
    TransportError,
    Unauthorized,
    UnprocessableEntity,
)

__all__ = ["describe_failure"]


def describe_failure(exc: BaseException, instance: str) -> str:
    """One line that says why a request to ``instance`` failed, and what may help.

    Examples:
        >>> describe_failure(NotFound(404, error="Record not found"), "mastodon.social")
        'not found on mastodon.social: Record not found'
    """
    return " ".join(_describe(exc, instance).split())


def _describe(exc: BaseException, instance: str) -> str:
    if isinstance(exc, NotFound):
        return f"not found on {instance}: {exc.error or exc}"
    if isinstance(exc, Unauthorized | UnprocessableEntity) or (
        isinstance(exc, APIError) and exc.status_code == 403
    ):
        assert isinstance(exc, APIError)
        return (
            f"{instance} refused the request ({exc.status_code}: {exc.error or 'no reason given'}); "
            "it may not allow anonymous hashtag timelines: give a token for it (--token)"
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
