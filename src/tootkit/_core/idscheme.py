"""Which kind of status ids a page shows: ids that carry their time (snowflakes, ULIDs) or not.

Mastodon's snowflakes and GoToSocial's ULIDs both start with the millisecond
a status was created, so a date bound can be sent to the server as an id
bound, and the server skips what lies outside it. :func:`id_scheme` tells
which scheme a timeline uses from the first page it sends (the walk fetches
that page anyway, so this costs no request); Pleroma's flake ids and old
Mastodon's sequential ids fit neither, and there the walk filters by date.

Examples:
    >>> from datetime import UTC, datetime
    >>> new_year = datetime(2025, 1, 1, tzinfo=UTC)
    >>> id_scheme([("01JGFJJZ00ABCDEFGHJKMNPQRS", new_year)]).until_max_id(new_year)
    '01JGFJJZ010000000000000000'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tootkit._core import snowflake, ulid

__all__ = ["SNOWFLAKE", "ULID", "IdScheme", "id_scheme"]

# Clocks differ and remote statuses keep their own published time; allow a day.
_TOLERANCE = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class IdScheme:
    """A kind of status id that carries its creation time, and the id bounds of a date.

    Attributes:
        name: ``"snowflake"`` or ``"ulid"``.
        fits: Whether an id has this scheme's shape.
        created: The time an id encodes.
        since_id: The ``since_id`` (or ``min_id``) that keeps statuses created at or after a date.
        until_max_id: The ``max_id`` that keeps statuses created at or before a date.
    """

    name: str
    fits: Callable[[str], bool]
    created: Callable[[str], datetime]
    since_id: Callable[[datetime], str]
    until_max_id: Callable[[datetime], str]


SNOWFLAKE = IdScheme(
    "snowflake",
    snowflake.is_snowflake,
    snowflake.snowflake_to_datetime,
    snowflake.since_id,
    snowflake.until_max_id,
)
ULID = IdScheme("ulid", ulid.is_ulid, ulid.ulid_to_datetime, ulid.since_id, ulid.until_max_id)


def id_scheme(pairs: Iterable[tuple[str, datetime]]) -> IdScheme | None:
    """The scheme that every ``(id, created_at)`` pair of a page fits, or None.

    An id fits when it has the scheme's shape and encodes its ``created_at``,
    give or take a day. Pairs with the missing-date default (1970) are
    skipped; no usable pair means None.

    Examples:
        >>> from datetime import UTC, datetime
        >>> new_year = datetime(2025, 1, 1, tzinfo=UTC)
        >>> id_scheme([("113750153625600000", new_year)]).name
        'snowflake'
        >>> id_scheme([("01JGFJJZ00ABCDEFGHJKMNPQRS", new_year)]).name
        'ulid'
        >>> id_scheme([("9fX2kq", new_year)]) is None
        True
    """
    dated = [(id_, created) for id_, created in pairs if created.year > 1970]
    if not dated:
        return None
    for scheme in (SNOWFLAKE, ULID):
        if all(
            scheme.fits(id_) and abs(scheme.created(id_) - created) <= _TOLERANCE
            for id_, created in dated
        ):
            return scheme
    return None
