"""Mastodon's snowflake ids, and converting between them and datetimes.

Since Mastodon 2.0, a status id is the millisecond Unix time of its creation
shifted left by 16 bits, plus 16 bits of sequence. So a date bound can be sent
to the server as an id bound, and the server skips what lies outside it.
Other servers (GoToSocial's ULIDs, Pleroma's flake ids, old Mastodon's
sequential ids) do not work that way; :func:`looks_like_snowflakes` tells them
apart from the ids and dates of a page, with no extra request.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

__all__ = [
    "datetime_to_snowflake",
    "looks_like_snowflakes",
    "newer_id",
    "since_id",
    "snowflake_to_datetime",
    "until_max_id",
]

# Clocks differ and remote statuses keep their own published time; allow a day.
_TOLERANCE = timedelta(days=1)


def _ms(value: datetime) -> int:
    if value.tzinfo is None:
        raise ValueError("naive datetime; give an aware one, such as datetime(..., tzinfo=UTC)")
    return int(value.timestamp() * 1000)


def datetime_to_snowflake(value: datetime) -> int:
    """The smallest snowflake id of the millisecond ``value`` falls in.

    Examples:
        >>> datetime_to_snowflake(datetime(2025, 1, 1, tzinfo=UTC))
        113750153625600000
    """
    return _ms(value) << 16


def snowflake_to_datetime(snowflake: int | str) -> datetime:
    """The creation time that a snowflake id encodes (to the millisecond).

    Examples:
        >>> snowflake_to_datetime("113750153625600000").isoformat()
        '2025-01-01T00:00:00+00:00'
    """
    return datetime.fromtimestamp((int(snowflake) >> 16) / 1000, UTC)


def since_id(since: datetime) -> str:
    """The ``since_id`` (or ``min_id``) that keeps statuses created at or after ``since``.

    Examples:
        >>> since_id(datetime(2025, 1, 1, tzinfo=UTC))
        '113750153625599999'
    """
    return str(datetime_to_snowflake(since) - 1)


def until_max_id(until: datetime) -> str:
    """The ``max_id`` that keeps statuses created at or before ``until`` (to the millisecond).

    Examples:
        >>> until_max_id(datetime(2025, 1, 1, tzinfo=UTC))
        '113750153625665536'
    """
    return str((_ms(until) + 1) << 16)


def looks_like_snowflakes(pairs: Iterable[tuple[str, datetime]]) -> bool:
    """Whether every ``(id, created_at)`` pair fits Mastodon's snowflake scheme.

    An id is a snowflake when it is a decimal number whose top bits are the
    millisecond time of ``created_at``, give or take a day. Pairs with the
    missing-date default (1970) are skipped; no usable pair means ``False``.

    Examples:
        >>> looks_like_snowflakes([("113750153625600000", datetime(2025, 1, 1, tzinfo=UTC))])
        True
        >>> looks_like_snowflakes([("01JGFJJZ000000000000000000", datetime(2025, 1, 1, tzinfo=UTC))])
        False
    """
    seen = False
    for id_, created_at in pairs:
        if created_at.year <= 1970:
            continue
        if not id_.isdigit() or len(id_) > 20:
            return False
        if abs(snowflake_to_datetime(id_) - created_at) > _TOLERANCE:
            return False
        seen = True
    return seen


def newer_id(known: str | None, id_: str) -> str:
    """The newer of two status ids: snowflakes and ULIDs alike sort by length, then as text.

    Examples:
        >>> newer_id("109", "99"), newer_id(None, "5"), newer_id("01J0", "01HZ")
        ('109', '5', '01J0')
    """
    if known is None or (len(id_), id_) > (len(known), known):
        return id_
    return known
