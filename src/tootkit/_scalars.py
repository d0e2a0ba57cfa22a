"""How the converter reads scalars as real servers send them: strings, numbers, booleans, dates.

Each hook returns at once for the common, well-formed case: one type check, no
allocation. The slow branches only run on quirky servers.

Examples:
    >>> _structure_int("42", int), _structure_bool("yes", bool)
    (42, True)
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from tootkit._core.dates import EPOCH, parse_datetime

__all__: list[str] = []  # hooks for the converter alone


def _structure_str(value: Any, _: Any) -> str:
    if value.__class__ is str:
        return value
    if value is None:
        return ""  # null where Mastodon promises a string (display_name on Pleroma)
    if isinstance(value, int | float):
        return str(value)  # integer ids from old servers and GoToSocial fixtures
    raise ValueError(f"expected a string, got {type(value).__name__}")


def _structure_int(value: Any, _: Any) -> int:
    if value.__class__ is int:
        return value
    if value is None:
        return 0
    if isinstance(value, str):
        stripped = value.strip()
        return int(float(stripped)) if "." in stripped else int(stripped or "0")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool):
        return int(value)
    raise ValueError(f"expected an integer, got {value!r}")


def _unstructure_int(value: int) -> int | str:
    # JSON encoders (orjson) stop at 64 bits; a larger count, which a server
    # can send as a float, goes out as the string that _structure_int reads back.
    return value if -(2**63) <= value < 2**64 else str(value)


def _structure_float(value: Any, _: Any) -> float:
    if value.__class__ is float:
        return value
    if value is None:
        return 0.0
    if isinstance(value, int | str):
        return float(value)
    raise ValueError(f"expected a number, got {value!r}")


_TRUE = frozenset({"true", "1", "yes", "t"})
_FALSE = frozenset({"false", "0", "no", "f", ""})


def _structure_bool(value: Any, _: Any) -> bool:
    if value is True or value is False:
        return value
    if value is None:
        return False
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    if isinstance(value, int | float):
        return bool(value)
    raise ValueError(f"expected a boolean, got {value!r}")


# --- dates ------------------------------------------------------------------


def _structure_datetime(value: Any, _: Any) -> datetime:
    if value is None or value == "":
        return EPOCH  # the documented default of a timestamp a server left out
    return parse_datetime(value)


def _structure_optional_datetime(value: Any, _: Any) -> datetime | None:
    if value is None or value == "":
        return None  # an empty string stands for "no date" on some servers
    return parse_datetime(value)


def _structure_date(value: Any, _: Any) -> date:
    if value.__class__ is str and len(value) == 10:
        try:
            return date.fromisoformat(value)  # what Mastodon 3.1+ sends: "2019-12-05"
        except ValueError:
            pass
    # A whole timestamp (older servers): its day in UTC.
    return parse_datetime(value).astimezone(UTC).date()


def _structure_optional_date(value: Any, _: Any) -> date | None:
    if value is None or value == "":
        return None
    return _structure_date(value, _)
