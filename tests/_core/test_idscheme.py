"""Status ids that carry their time: snowflakes and ULIDs, their date bounds, and telling them apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tootkit._core import snowflake, ulid
from tootkit._core.dates import EPOCH, epoch_ms
from tootkit._core.idscheme import SNOWFLAKE, ULID, IdScheme, id_scheme

NEW_YEAR = datetime(2025, 1, 1, tzinfo=UTC)
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@pytest.mark.parametrize(
    ("when", "smallest", "since", "until"),
    [
        (
            NEW_YEAR,
            "01JGFJJZ000000000000000000",
            "01JGFJJYZZZZZZZZZZZZZZZZZZ",
            "01JGFJJZ010000000000000000",
        ),
        (
            NEW_YEAR + timedelta(microseconds=999),  # the same millisecond
            "01JGFJJZ000000000000000000",
            "01JGFJJYZZZZZZZZZZZZZZZZZZ",
            "01JGFJJZ010000000000000000",
        ),
        (EPOCH, "0" * 26, "0" * 26, "0000000001" + "0" * 16),  # nothing lies below zero
    ],
)
def test_ulid_bounds(when: datetime, smallest: str, since: str, until: str) -> None:
    assert ulid.datetime_to_ulid(when) == smallest
    assert ulid.since_id(when) == since
    assert ulid.until_max_id(when) == until


@pytest.mark.parametrize(
    ("id_", "fits"),
    [
        ("01JGFJJZ00ABCDEFGHJKMNPQRS", True),
        ("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", True),  # the largest ULID
        ("8ZZZZZZZZZZZZZZZZZZZZZZZZZ", False),  # beyond 128 bits
        ("01jgfjjz00abcdefghjkmnpqrs", False),  # GoToSocial writes upper case; text order needs it
        ("01JGFJJZ00ABCDEFGHJKMNPQRI", False),  # I is not Crockford's
        ("01JGFJJZ00ABCDEFGHJKMNPQR", False),  # 25 characters
        ("11375015362560000000000000", True),  # 26 digits are base32 too; the time tells them apart
    ],
)
def test_ulid_shape(id_: str, fits: bool) -> None:
    assert ulid.is_ulid(id_) is fits


def dated_ulid(when: datetime) -> str:
    return ulid.datetime_to_ulid(when)[:10] + "ABCDEFGHJKMNPQRS"


def dated_snowflake(when: datetime) -> str:
    return str(snowflake.datetime_to_snowflake(when) | 1234)


@pytest.mark.parametrize(
    ("pairs", "scheme"),
    [
        ([(dated_snowflake(NEW_YEAR), NEW_YEAR)], SNOWFLAKE),
        ([(dated_ulid(NEW_YEAR), NEW_YEAR)], ULID),
        ([(dated_ulid(NEW_YEAR), NEW_YEAR + timedelta(hours=23))], ULID),  # clocks differ
        ([(dated_ulid(NEW_YEAR), NEW_YEAR + timedelta(days=2))], None),  # no time of its own
        ([(dated_ulid(NEW_YEAR), NEW_YEAR), (dated_snowflake(NEW_YEAR), NEW_YEAR)], None),
        ([(dated_ulid(NEW_YEAR), NEW_YEAR), ("1", EPOCH)], ULID),  # a missing date is skipped
        ([("1", EPOCH)], None),
        ([], None),
        ([("9fX2kqAbC", NEW_YEAR)], None),  # Pleroma's flake ids
        ([("104", NEW_YEAR)], None),  # old Mastodon's sequential ids
        ([("01J" + "0" * 23, NEW_YEAR)], None),  # a ULID's shape, another time
    ],
)
def test_the_scheme_of_a_page(pairs: list[tuple[str, datetime]], scheme: IdScheme | None) -> None:
    assert id_scheme(pairs) is scheme


def test_snowflake_bounds_are_exact_to_the_millisecond() -> None:
    # 1.001 s after the new year: a float product (timestamp() * 1000) names the
    # millisecond before, and a status created at `until` would be left out.
    until = NEW_YEAR + timedelta(seconds=1, milliseconds=1)
    assert snowflake.until_max_id(until) == str((epoch_ms(NEW_YEAR) + 1002) << 16)


moments = st.datetimes(
    min_value=datetime(1971, 1, 1),  # hypothesis takes naive bounds, and the zone apart
    max_value=datetime(9999, 12, 31),
    timezones=st.just(UTC),
)


@given(when=moments)
def test_a_ulid_gives_back_its_millisecond(when: datetime) -> None:
    back = ulid.ulid_to_datetime(ulid.datetime_to_ulid(when))
    assert back == when - timedelta(microseconds=when.microsecond % 1000)


@given(created=moments, bound=moments, tail=st.text(alphabet=ALPHABET, min_size=16, max_size=16))
def test_ulid_bounds_keep_exactly_the_statuses_of_their_side(
    created: datetime, bound: datetime, tail: str
) -> None:
    # Compared as text, as the server compares them.
    id_ = ulid.datetime_to_ulid(created)[:10] + tail
    assert (id_ < ulid.until_max_id(bound)) is (epoch_ms(created) <= epoch_ms(bound))
    assert (id_ > ulid.since_id(bound)) is (epoch_ms(created) >= epoch_ms(bound))


@given(created=moments, bound=moments, sequence=st.integers(0, 65535))
def test_snowflake_bounds_keep_exactly_the_statuses_of_their_side(
    created: datetime, bound: datetime, sequence: int
) -> None:
    id_ = snowflake.datetime_to_snowflake(created) | sequence
    assert (id_ < int(snowflake.until_max_id(bound))) is (epoch_ms(created) <= epoch_ms(bound))
    assert (id_ > int(snowflake.since_id(bound))) is (epoch_ms(created) >= epoch_ms(bound))
