"""Timestamps as servers really send them, read into aware datetimes and written as Mastodon does.

Pure functions of the standard library: the rate-limit parser and the
converter both use them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = ["EPOCH", "epoch_ms", "format_datetime", "from_epoch_ms", "parse_datetime"]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
"""The value of a timestamp field that a server left out: 1970-01-01 00:00 UTC.

Mastodon always sends these fields; a few other servers and truncated
fixtures do not. Test for it with ``status.created_at == EPOCH``.
"""

_MILLISECOND = timedelta(milliseconds=1)


def epoch_ms(value: datetime) -> int:
    """The millisecond of Unix time that ``value`` falls in, computed exactly (no float).

    Status ids that carry their time (snowflakes, ULIDs) are built from it. A
    float product such as ``timestamp() * 1000`` can land a hair below a whole
    millisecond and so name the one before; timedelta arithmetic cannot.

    Examples:
        >>> epoch_ms(datetime(2025, 1, 1, 0, 0, 0, 1000, tzinfo=UTC))
        1735689600001
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime; give an aware one, such as datetime(..., tzinfo=UTC)")
    return (value - EPOCH) // _MILLISECOND


def from_epoch_ms(ms: int) -> datetime:
    """The UTC datetime of a millisecond of Unix time, the inverse of :func:`epoch_ms`.

    Examples:
        >>> from_epoch_ms(1735689600001).isoformat()
        '2025-01-01T00:00:00.001000+00:00'
    """
    return EPOCH + ms * _MILLISECOND


_EPOCH_RE = re.compile(r"^-?\d+(\.\d+)?$")
# What fromisoformat refuses but servers send: unpadded fields
# ("2022-01-1T01:01:01Z", Friendica), fractions longer than 6 digits, a space
# before the zone, and years beyond 9999.
_LENIENT_RE = re.compile(
    r"^(?P<y>\d{4,})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<h>\d{1,2}):(?P<mi>\d{1,2})(?::(?P<s>\d{1,2})(?:[.,](?P<f>\d+))?)?)?"
    r"\s*(?P<z>Z|UTC|GMT|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_MAX = datetime.max.replace(tzinfo=UTC)


def _parse_lenient(text: str) -> datetime:
    match = _LENIENT_RE.match(text)
    if match is None:
        try:
            # RFC 2822 / HTTP dates ("Wed, 01 Jan 2025 00:00:00 GMT"), sent by a few servers.
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"not a timestamp: {text!r}") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    year = int(match["y"])
    if year > 9999:
        return _MAX  # a far-future date from a broken source page: keep it as "far future"
    fraction = (match["f"] or "0")[:6].ljust(6, "0")
    zone = match["z"]
    tz = UTC
    if zone and zone.upper() not in ("Z", "UTC", "GMT"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        return datetime(
            year,
            int(match["mo"]),
            int(match["d"]),
            int(match["h"] or 0),
            int(match["mi"] or 0),
            int(match["s"] or 0),
            int(fraction),
            tzinfo=tz,
        )
    except ValueError as exc:
        raise ValueError(f"not a timestamp: {text!r} ({exc})") from None


def parse_datetime(value: Any) -> datetime:
    """Read a timestamp the way servers really send it, as an aware datetime.

    Accepts ISO 8601 with ``Z``, with an offset, or with no zone (taken as UTC),
    a date alone (midnight UTC), and epoch seconds as a number or a string.

    Examples:
        >>> parse_datetime("2019-12-08T03:48:33.901Z").isoformat()
        '2019-12-08T03:48:33.901000+00:00'
        >>> parse_datetime(1493188835).isoformat()
        '2017-04-26T06:40:35+00:00'
    """
    if isinstance(value, str):
        text = value.strip()
        if _EPOCH_RE.match(text):
            return parse_datetime(float(text))
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = _parse_lenient(text)
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Milliseconds are told apart from seconds by size: 1e11 s is the year 5138.
        seconds = value / 1000 if abs(value) > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return _MAX if seconds > 0 else EPOCH
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), UTC)
    raise ValueError(f"expected a timestamp, got {value!r}")


def format_datetime(value: datetime) -> str:
    """Write a datetime the way Mastodon does: ISO 8601, ``Z`` for UTC."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
