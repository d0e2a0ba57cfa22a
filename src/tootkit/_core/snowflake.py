"""Mastodon's snowflake ids, and converting between them and datetimes.

Since Mastodon 2.0, a status id is the millisecond Unix time of its creation
shifted left by 16 bits, plus 16 bits of sequence. So a date bound can be sent
to the server as an id bound, and the server skips what lies outside it.
GoToSocial's ULIDs carry their time too (:mod:`tootkit._core.ulid`); Pleroma's
flake ids and old Mastodon's sequential ids do not. :mod:`tootkit._core.idscheme`
tells them apart from the ids and dates of a page, with no extra request.
"""

from __future__ import annotations

from datetime import datetime

from tootkit._core.dates import epoch_ms, from_epoch_ms

__all__ = [
    "datetime_to_snowflake",
    "is_snowflake",
    "newer_id",
    "since_id",
    "snowflake_to_datetime",
    "until_max_id",
]


def datetime_to_snowflake(value: datetime) -> int:
    """The smallest snowflake id of the millisecond ``value`` falls in.

    Examples:
        >>> datetime_to_snowflake(datetime(2025, 1, 1, tzinfo=UTC))
        113750153625600000
    """
    return epoch_ms(value) << 16


def snowflake_to_datetime(snowflake: int | str) -> datetime:
    """The creation time that a snowflake id encodes (to the millisecond).

    Examples:
        >>> snowflake_to_datetime("113750153625600000").isoformat()
        '2025-01-01T00:00:00+00:00'
    """
    return from_epoch_ms(int(snowflake) >> 16)


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
    return str((epoch_ms(until) + 1) << 16)


def is_snowflake(id_: str) -> bool:
    """Whether ``id_`` has the shape of a snowflake: a decimal number of at most 20 digits.

    Examples:
        >>> is_snowflake("113750153625600000"), is_snowflake("01JGFJJZ000000000000000000")
        (True, False)
    """
    return id_.isascii() and id_.isdigit() and len(id_) <= 20


def newer_id(known: str | None, id_: str) -> str:
    """The newer of two status ids: snowflakes and ULIDs alike sort by length, then as text.

    Examples:
        >>> newer_id("109", "99"), newer_id(None, "5"), newer_id("01J0", "01HZ")
        ('109', '5', '01J0')
    """
    if known is None or (len(id_), id_) > (len(known), known):
        return id_
    return known
