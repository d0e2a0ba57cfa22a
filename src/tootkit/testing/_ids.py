"""The ids each server gives its statuses and accounts, as the fake makes them.

A status id is made from a number that grows with every status (the
millisecond of its creation, shifted, plus a count for ids made within one
millisecond), written the way its server writes it:

- ``"snowflake"`` (Mastodon): the number in decimal;
- ``"ulid"`` (GoToSocial): 26 characters of Crockford's base32;
- ``"flake"`` (Pleroma): 18 characters of base62 (``0-9A-Za-z``);
- ``"snac"`` (snac2): ten digits of Unix seconds, then 32 hex digits of an
  MD5, so that two ids of one second are not in the order they were made.

The first three sort as text in the order they were made (once padded to one
width); a snac2 id does not.

    >>> from datetime import UTC, datetime
    >>> moment = datetime(2022, 1, 24, 21, 2, 43, 696000, tzinfo=UTC)
    >>> status_id("flake", moment, sequence("flake", moment, 0))  # Pleroma's: AFmFNKmfrR9CxtV01g
    'AFmFNKmX6m6XLRfeM4'
    >>> len(status_id("snac", moment, sequence("snac", moment, 0)))
    42
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Literal

from tootkit._core.dates import epoch_ms
from tootkit._core.ulid import encode as ulid_text

__all__ = ["AccountIdKind", "IdKind", "account_id", "sequence", "status_id"]

IdKind = Literal["snowflake", "ulid", "flake", "snac"]
"""How a server writes its status ids."""

AccountIdKind = Literal["serial", "ulid", "flake", "md5"]
"""How a server writes its account ids: a count (the fake's Mastodon), a
ULID (GoToSocial), a flake id (Pleroma) or the MD5 of the actor's URL (snac2)."""

# Bits below the millisecond: room for the ids made within one millisecond.
_SHIFT: dict[IdKind, int] = {"snowflake": 16, "ulid": 80, "flake": 64, "snac": 16}
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_FLAKE_LENGTH = 18


def _base62(value: int) -> str:
    chars = []
    while value:
        value, digit = divmod(value, 62)
        chars.append(_BASE62[digit])
    return "".join(reversed(chars)).rjust(_FLAKE_LENGTH, "0")


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def sequence(kind: IdKind, moment: datetime, last: int) -> int:
    """The number of the next id made at ``moment``: above ``last``, the previous one.

    >>> from datetime import UTC, datetime
    >>> moment = datetime(2025, 1, 1, tzinfo=UTC)
    >>> first = sequence("snowflake", moment, 0)
    >>> sequence("snowflake", moment, first) == first + 1
    True
    """
    return max(epoch_ms(moment) << _SHIFT[kind], last + 1)


def status_id(kind: IdKind, moment: datetime, number: int) -> str:
    """The id of ``kind`` for the status numbered ``number`` (from :func:`sequence`), made at ``moment``.

    >>> from datetime import UTC, datetime
    >>> moment = datetime(2025, 1, 1, tzinfo=UTC)
    >>> status_id("ulid", moment, sequence("ulid", moment, 0))
    '01JGFJJZ000000000000000000'
    """
    if kind == "snowflake":
        return str(number)
    if kind == "ulid":
        return ulid_text(number)
    if kind == "flake":
        return _base62(number)
    # snac2: "%10.0f" of the object's time, then the MD5 of its URL (of the number here).
    return f"{int(moment.timestamp()):10d}{_md5(str(number))}"


def account_id(kind: AccountIdKind, moment: datetime, serial: int, actor: str) -> str:
    """The id of the ``serial``-th account (from 1), made at ``moment``, whose actor URL is ``actor``.

    >>> from datetime import UTC, datetime
    >>> account_id("serial", datetime(2025, 1, 1, tzinfo=UTC), 3, "https://x.test/users/bob")
    '100003'
    """
    if kind == "serial":
        return str(100000 + serial)
    if kind == "md5":
        return _md5(actor)
    ms = epoch_ms(moment)
    if kind == "ulid":
        return ulid_text((ms << _SHIFT["ulid"]) + serial)
    return _base62((ms << _SHIFT["flake"]) + serial)
