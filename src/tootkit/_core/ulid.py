"""GoToSocial's ULIDs, and converting between them and datetimes.

A ULID is 26 characters of Crockford's base32 (``0-9`` and ``A-Z`` without
``I L O U``): the first 10 hold the millisecond Unix time of its creation
(48 bits), the other 16 are random. The alphabet is in ASCII order, so ULIDs
sort as text in time order, and the server compares them as text. A date
bound becomes an id bound exactly as for a snowflake.

Examples:
    >>> ulid_to_datetime(until_max_id(datetime(2025, 1, 1, tzinfo=UTC))).isoformat()
    '2025-01-01T00:00:00.001000+00:00'
"""

from __future__ import annotations

from datetime import datetime

from tootkit._core.dates import epoch_ms, from_epoch_ms

__all__ = ["datetime_to_ulid", "encode", "is_ulid", "since_id", "ulid_to_datetime", "until_max_id"]

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DIGITS = frozenset(_ALPHABET)
_LENGTH = 26
_TIME_LENGTH = 10
_RANDOM_BITS = 80  # the 16 characters after the time
_LARGEST = 2**128 - 1  # 26 characters hold 130 bits; a ULID uses 128 ("7ZZ...")


def encode(value: int) -> str:
    """A 128-bit number written as a ULID: 26 characters of Crockford's base32.

    Examples:
        >>> encode(1)
        '00000000000000000000000001'
    """
    value = min(max(value, 0), _LARGEST)
    chars = []
    for _ in range(_LENGTH):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def is_ulid(id_: str) -> bool:
    """Whether ``id_`` has the shape of a ULID as GoToSocial writes it: 26 upper-case base32 characters.

    Examples:
        >>> is_ulid("01JGFJJZ000000000000000000"), is_ulid("113750153625600000")
        (True, False)
    """
    return len(id_) == _LENGTH and id_[0] <= "7" and _DIGITS.issuperset(id_)


def datetime_to_ulid(value: datetime) -> str:
    """The smallest ULID of the millisecond ``value`` falls in.

    Examples:
        >>> datetime_to_ulid(datetime(2025, 1, 1, tzinfo=UTC))
        '01JGFJJZ000000000000000000'
    """
    return encode(epoch_ms(value) << _RANDOM_BITS)


def ulid_to_datetime(ulid: str) -> datetime:
    """The creation time that a ULID encodes (to the millisecond).

    Examples:
        >>> ulid_to_datetime("01JGFJJZ00ABCDEFGHJKMNPQRS").isoformat()
        '2025-01-01T00:00:00+00:00'
    """
    ms = 0
    for char in ulid[:_TIME_LENGTH]:
        ms = ms * 32 + _ALPHABET.index(char)
    return from_epoch_ms(ms)


def since_id(since: datetime) -> str:
    """The ``since_id`` (or ``min_id``) that keeps statuses created at or after ``since``.

    It is the largest ULID of the millisecond before, just below every ULID of
    the millisecond of ``since``.

    Examples:
        >>> since_id(datetime(2025, 1, 1, tzinfo=UTC))
        '01JGFJJYZZZZZZZZZZZZZZZZZZ'
    """
    return encode((epoch_ms(since) << _RANDOM_BITS) - 1)


def until_max_id(until: datetime) -> str:
    """The ``max_id`` that keeps statuses created at or before ``until`` (to the millisecond).

    It is the smallest ULID of the next millisecond: ``max_id`` is exclusive.

    Examples:
        >>> until_max_id(datetime(2025, 1, 1, tzinfo=UTC))
        '01JGFJJZ010000000000000000'
    """
    return encode((epoch_ms(until) + 1) << _RANDOM_BITS)
