"""The converter: quirks of real servers, errors that name the field, round trips."""

from __future__ import annotations

import typing
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import orjson
import pytest

import tootkit
from tootkit._convert import strict_converter
from tootkit._core.dates import parse_datetime
from tootkit.errors import DecodeError
from tootkit.models import (
    EPOCH,
    Account,
    MediaAttachment,
    Notification,
    Quote,
    SearchResults,
    ShallowQuote,
    Status,
    Tag,
    TagHistory,
    Visibility,
)

conv = tootkit.converter

STATUS: dict[str, Any] = {
    "id": "109",
    "created_at": "2025-01-01T00:00:00.000Z",
    "account": {"id": "1", "username": "a", "acct": "a", "created_at": "2020-01-01T00:00:00Z"},
    "content": '<p>Hello <a href="https://x/tags/y" class="mention hashtag">#<span>y</span></a></p>',
    "visibility": "public",
    "tags": [{"name": "y", "url": "https://x/tags/y"}],
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-12-08T03:48:33.901Z", datetime(2019, 12, 8, 3, 48, 33, 901000, tzinfo=UTC)),
        (
            "2019-12-08T03:48:33+02:00",
            datetime(2019, 12, 8, 3, 48, 33, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2019-12-08T03:48:33", datetime(2019, 12, 8, 3, 48, 33, tzinfo=UTC)),
        ("2019-12-08 03:48:33", datetime(2019, 12, 8, 3, 48, 33, tzinfo=UTC)),
        ("2019-12-08", datetime(2019, 12, 8, tzinfo=UTC)),
        (1575776913, datetime(2019, 12, 8, 3, 48, 33, tzinfo=UTC)),
        ("1575776913", datetime(2019, 12, 8, 3, 48, 33, tzinfo=UTC)),
        (1575776913000, datetime(2019, 12, 8, 3, 48, 33, tzinfo=UTC)),
        (1575776913.5, datetime(2019, 12, 8, 3, 48, 33, 500000, tzinfo=UTC)),
        ("2019-12-08T03:48:33.123456789Z", datetime(2019, 12, 8, 3, 48, 33, 123456, tzinfo=UTC)),
        ("2022-01-1T01:01:01.000Z", datetime(2022, 1, 1, 1, 1, 1, tzinfo=UTC)),
        ("57171-08-04T06:31:30.000Z", datetime.max.replace(tzinfo=UTC)),
    ],
)
def test_dates(value: object, expected: datetime) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize("garbage", ["right the hell just now", "2019-13-45T99:00:00Z", [], {}])
def test_garbage_dates_are_refused(garbage: object) -> None:
    with pytest.raises(ValueError, match="timestamp"):
        parse_datetime(garbage)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("id", 109, "109"),
        ("in_reply_to_id", 5, "5"),
        ("replies_count", "12", 12),
        ("reblogs_count", None, 0),
        ("sensitive", "true", True),
        ("sensitive", None, False),
        ("spoiler_text", None, ""),
        ("edited_at", "", None),
        ("edited_at", None, None),
        ("created_at", "", EPOCH),
        ("language", None, None),
        ("mentions", None, ()),
        ("visibility", "local", "local"),
    ],
)
def test_status_quirks(field: str, value: object, expected: object) -> None:
    status = conv.structure({**STATUS, field: value}, Status)
    assert getattr(status, field) == expected


def test_missing_fields_get_their_documented_defaults() -> None:
    status = conv.structure({"id": "1", "content": "<p>x</p>"}, Status)
    assert status.created_at == EPOCH
    assert status.account == Account()
    assert status.visibility is None
    assert status.media_attachments == ()
    assert status.text == "x"


def test_open_enums_keep_unknown_values() -> None:
    status = conv.structure({**STATUS, "visibility": "local"}, Status)
    assert status.visibility == "local"
    assert isinstance(status.visibility, Visibility)
    assert not status.visibility.known
    assert conv.structure({**STATUS}, Status).visibility is Visibility.PUBLIC
    note = conv.structure({"id": "1", "type": "pleroma:emoji_reaction"}, Notification)
    assert note.type == "pleroma:emoji_reaction"
    media = conv.structure({"id": "1", "type": "model"}, MediaAttachment)
    assert media.type == "model"


@pytest.mark.parametrize(
    ("quote", "cls", "quoted_id"),
    [
        ({"state": "accepted", "quoted_status": {**STATUS, "id": "7"}}, Quote, "7"),
        ({"state": "accepted", "quoted_status_id": "7"}, ShallowQuote, None),
        ({"state": "revoked", "quoted_status": None}, Quote, None),
        ({**STATUS, "id": "7"}, Quote, "7"),  # Fedibird and Akkoma send the post itself
    ],
)
def test_quote_shapes(quote: dict[str, Any], cls: type, quoted_id: str | None) -> None:
    status = conv.structure({**STATUS, "quote": quote}, Status)
    assert type(status.quote) is cls
    if isinstance(status.quote, Quote):
        assert (status.quote.quoted_status.id if status.quote.quoted_status else None) == quoted_id


def test_shorthand_entities() -> None:
    results = conv.structure({"hashtags": ["cats", "dogs"]}, SearchResults)
    assert [t.name for t in results.hashtags] == ["cats", "dogs"]
    history = conv.structure({"day": "1574553600", "uses": "200", "accounts": "31"}, TagHistory)
    assert (history.uses, history.accounts) == (200, 31)
    assert history.day == datetime(2019, 11, 24, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "cl", "entity", "field"),
    [
        (b'{"id": "1", "created_at": "right the hell just now"}', Status, "Status", "created_at"),
        (b'{"id": "1", "account": "me"}', Status, "Status", "account"),
        (
            b'{"id": "1", "account": {"id": "2", "created_at": [1]}}',
            Status,
            "Status",
            "account.created_at",
        ),
        (
            b'[{"id": "1"}, {"id": "2", "replies_count": "many"}]',
            list[Status],
            "list[Status]",
            "[1].replies_count",
        ),
        (b'{"name": "x", "history": {"a": 1}}', Tag, "Tag", "history"),
        (b'"just a string"', Status, "Status", ""),
    ],
)
def test_decode_errors_name_the_entity_and_field(
    body: bytes, cl: Any, entity: str, field: str
) -> None:
    with pytest.raises(DecodeError) as caught:
        conv.loads(body, cl)
    assert caught.value.entity == entity
    assert caught.value.field == field
    assert caught.value.raw == body.decode()
    assert entity in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>502 Bad Gateway</body></html>",
        b'[{"id": "1", "content": "cut sh',
        b"",
        b"\xff",
    ],
)
def test_bodies_that_are_not_json_raise_decode_error(body: bytes) -> None:
    with pytest.raises(DecodeError, match="not valid JSON") as caught:
        conv.loads(body, list[Status])
    assert caught.value.raw == body.decode("utf-8", errors="replace")


def test_strict_converter_reports_unknown_fields() -> None:
    with pytest.raises(DecodeError, match="colour"):
        strict_converter.structure({"name": "x", "url": "u", "colour": "red"}, Tag)
    assert conv.structure({"name": "x", "url": "u", "colour": "red"}, Tag).name == "x"


def test_round_trip() -> None:
    status = conv.loads(orjson.dumps(STATUS), Status)
    data = conv.unstructure(status)
    assert data["created_at"] == "2025-01-01T00:00:00Z"
    assert data["visibility"] == "public"
    assert orjson.loads(orjson.dumps(data))["id"] == "109"
    assert conv.structure(data, Status) == status
    assert conv.loads(conv.dumps(status), Status) == status


def test_renamed_json_keys_round_trip() -> None:
    status = conv.structure({**STATUS, "text": "source text"}, Status)
    assert status.source_text == "source text"
    assert conv.unstructure(status)["text"] == "source text"
    assert status.text == "Hello #y"


def test_structuring_uses_generated_code_not_reflection(monkeypatch: pytest.MonkeyPatch) -> None:
    conv.structure(STATUS, Status)  # warm up: hooks are generated once per class

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("get_type_hints called while structuring")

    monkeypatch.setattr(typing, "get_type_hints", forbidden)
    for _ in range(3):
        assert conv.structure(STATUS, Status).id == "109"


def test_lone_values_where_lists_belong() -> None:
    from tootkit.models import InstanceV1

    instance = conv.structure({"uri": "x", "languages": "en"}, InstanceV1)
    assert instance.languages == ("en",)
    status = conv.structure({**STATUS, "tags": {"0": {"name": "a"}, "1": {"name": "b"}}}, Status)
    assert [t.name for t in status.tags] == ["a", "b"]


def test_http_dates_are_read() -> None:
    assert parse_datetime("Wed, 01 Jan 2025 12:00:00 GMT") == datetime(2025, 1, 1, 12, tzinfo=UTC)
