"""The msgspec fast path: it reads what cattrs reads, and gives way where it cannot.

Every case is checked against the cattrs-only converter (``fast=False``),
which is the reference: the fast path may only be faster, never different.
The conformance tests do the same over every body in ../shared/reference.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tootkit
from tootkit._convert import Converter, make_converter
from tootkit._fastpath import SLOW, FastPath
from tootkit._typeinfo import unsafe_keys
from tootkit.errors import DecodeError
from tootkit.models import (
    Account,
    Instance,
    MediaAttachmentAudioMetadata,
    MediaAttachmentImageMetadata,
    MediaAttachmentVideoMetadata,
    Notification,
    Quote,
    ShallowQuote,
    Status,
    Tag,
)

CATTRS_ONLY = make_converter(fast=False)

ACCOUNT: dict[str, Any] = {
    "id": "110",
    "username": "ada",
    "acct": "ada@example.social",
    "display_name": "Ada",
    "locked": False,
    "bot": False,
    "created_at": "2022-11-02T00:00:00.000Z",
    "note": "<p>Counting engines</p>",
    "url": "https://example.social/@ada",
    "avatar": "https://example.social/a.png",
    "followers_count": 3,
    "following_count": 4,
    "statuses_count": 5,
    "last_status_at": "2025-01-02",
    "emojis": [],
    "fields": [{"name": "Web", "value": "<a>x</a>", "verified_at": None}],
}

STATUS: dict[str, Any] = {
    "id": "113000000000000001",
    "created_at": "2025-01-03T04:05:06.789Z",
    "in_reply_to_id": None,
    "in_reply_to_account_id": None,
    "sensitive": False,
    "spoiler_text": "",
    "visibility": "public",
    "language": "en",
    "uri": "https://example.social/users/ada/statuses/1",
    "url": "https://example.social/@ada/1",
    "replies_count": 1,
    "reblogs_count": 2,
    "favourites_count": 3,
    "edited_at": None,
    "content": '<p>Engines <a href="https://example.social/tags/maths">#maths</a></p>',
    "reblog": None,
    "application": {"name": "Web", "website": None},
    "account": ACCOUNT,
    "media_attachments": [
        {
            "id": "7",
            "type": "image",
            "url": "https://example.social/m.png",
            "preview_url": "https://example.social/p.png",
            "meta": {
                "original": {"width": 640, "height": 480, "size": "640x480", "aspect": 1.33},
                "small": {"width": 64, "height": 48, "size": "64x48", "aspect": 1.33},
                "focus": {"x": 0.0, "y": 0.5},
            },
            "description": "a diagram",
            "blurhash": "UBL_:rOpGG-o",
        }
    ],
    "mentions": [],
    "tags": [{"name": "maths", "url": "https://example.social/tags/maths"}],
    "emojis": [],
    "card": None,
    "poll": None,
}


def page(*statuses: dict[str, Any]) -> bytes:
    return orjson.dumps(list(statuses))


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(base)
    out.update(changes)
    return out


class Counting(FastPath):
    """A fast path that counts the items it hands to cattrs."""

    def __init__(self, converter: Converter) -> None:
        super().__init__(converter)
        self.handed_over: list[Any] = []

    def _structure_hook(self, tp: Any) -> Any:
        hook = super()._structure_hook(tp)

        def counted(value: Any, target: Any) -> Any:
            self.handed_over.append(target)
            return hook(value, target)

        return counted


def assert_same(body: bytes, cl: Any) -> Any:
    fast = tootkit.converter.loads(body, cl)
    reference = CATTRS_ONLY.loads(body, cl)
    assert fast == reference
    return fast


def test_a_well_formed_page_never_reaches_cattrs() -> None:
    fast = Counting(tootkit.converter)
    body = page(*(with_(STATUS, id=str(n)) for n in range(40)))
    statuses = fast.decode(body, list[Status])
    assert fast.handed_over == []
    assert [s.id for s in statuses] == [str(n) for n in range(40)]
    assert statuses == CATTRS_ONLY.loads(body, list[Status])


def test_fields_come_out_typed() -> None:
    [status] = assert_same(page(STATUS), list[Status])
    assert status.created_at == datetime(2025, 1, 3, 4, 5, 6, 789000, tzinfo=UTC)
    assert status.account.last_status_at == date(2025, 1, 2)
    assert type(status.account.last_status_at) is date
    assert isinstance(status.media_attachments[0].meta.original, MediaAttachmentImageMetadata)
    assert status.tags == (Tag(name="maths", url="https://example.social/tags/maths"),)
    assert status.text == "Engines #maths"


@pytest.mark.parametrize(
    ("quirk", "changes"),
    [
        ("integer id", {"id": 113}),
        ("null where a bool belongs", {"sensitive": None}),
        ("null where a list belongs", {"media_attachments": None}),
        ("naive timestamp", {"created_at": "2025-01-03T04:05:06"}),
        ("empty timestamp", {"edited_at": ""}),
        ("visibility a server made up", {"visibility": "local"}),
        ("bare string tag", {"tags": ["maths"]}),
        ("number as a string", {"replies_count": "12"}),
    ],
)
def test_an_odd_item_goes_to_cattrs_alone(quirk: str, changes: dict[str, Any]) -> None:
    fast = Counting(tootkit.converter)
    body = page(STATUS, with_(STATUS, **changes), STATUS)
    statuses = fast.decode(body, list[Status])
    assert statuses == CATTRS_ONLY.loads(body, list[Status]), quirk
    assert fast.handed_over.count(Status) <= 1, "only the odd item may go to cattrs"


@pytest.mark.parametrize(
    "last_status_at",
    ["2025-01-02", "2025-01-02T23:10:00.000Z", "2025-01-02T23:10:00", None, ""],
)
def test_last_status_at_is_a_day(last_status_at: Any) -> None:
    account = assert_same(orjson.dumps(with_(ACCOUNT, last_status_at=last_status_at)), Account)
    expected = None if not last_status_at else date(2025, 1, 2)
    assert account.last_status_at == expected


def test_a_page_of_timestamps_for_days_stays_on_the_fast_path() -> None:
    # GoToSocial and Pleroma send last_status_at as a UTC timestamp.
    fast = Counting(tootkit.converter)
    gts = with_(ACCOUNT, last_status_at="2025-01-02T00:00:00.000Z")
    body = page(*(with_(STATUS, id=str(n), account=gts) for n in range(10)))
    statuses = fast.decode(body, list[Status])
    assert fast.handed_over == []
    assert statuses == CATTRS_ONLY.loads(body, list[Status])
    assert statuses[0].account.last_status_at == date(2025, 1, 2)


def test_a_timestamp_with_an_offset_gets_its_day_in_utc() -> None:
    east = with_(ACCOUNT, last_status_at="2025-01-02T23:10:00-05:00")
    [status] = assert_same(page(with_(STATUS, account=east)), list[Status])
    assert status.account.last_status_at == date(2025, 1, 3)


def test_the_text_key_is_the_source_text_at_every_depth() -> None:
    # GoToSocial sends "text" on every post; msgspec alone would drop it.
    reblogged = with_(STATUS, id="2", text="inner source")
    outer = with_(STATUS, text="outer source", reblog=reblogged)
    [status] = assert_same(page(outer), list[Status])
    assert status.source_text == "outer source"
    assert status.reblog is not None
    assert status.reblog.source_text == "inner source"
    single = assert_same(orjson.dumps(outer), Status)
    assert single.source_text == "outer source"


def test_a_text_key_elsewhere_costs_time_not_data() -> None:
    odd = with_(STATUS, pleroma={"content": {"text": "x"}}, text="source")
    [status] = assert_same(page(odd), list[Status])
    assert status.source_text == "source"


def test_a_key_named_like_a_private_field_is_ignored() -> None:
    hostile = with_(STATUS, _html="not a converter")
    hostile["account"] = with_(ACCOUNT, _html=12)
    [status] = assert_same(page(hostile), list[Status])
    assert status._html is None
    assert status.account._html is None
    assert status.text == "Engines #maths"


@pytest.mark.parametrize(
    ("quote", "kind"),
    [
        ({"state": "accepted", "quoted_status": STATUS}, Quote),
        ({"state": "pending", "quoted_status": None}, Quote),
        ({"state": "accepted", "quoted_status_id": "9"}, ShallowQuote),
        (with_(STATUS, id="quoted"), Quote),  # Akkoma, Fedibird: the quoted post itself
    ],
)
def test_quotes_of_every_shape(quote: dict[str, Any], kind: type) -> None:
    [status] = assert_same(page(with_(STATUS, quote=quote)), list[Status])
    assert type(status.quote) is kind


@pytest.mark.parametrize(
    ("original", "kind"),
    [
        ({"width": 1, "height": 2, "size": "1x2", "aspect": 0.5}, MediaAttachmentImageMetadata),
        (
            {"width": 1, "height": 2, "frame_rate": "30/1", "duration": 5.0},
            MediaAttachmentVideoMetadata,
        ),
        ({"duration": 5.0, "bitrate": 128000}, MediaAttachmentAudioMetadata),
    ],
)
def test_media_metadata_of_every_kind(original: dict[str, Any], kind: type) -> None:
    media = copy.deepcopy(STATUS["media_attachments"])
    media[0]["meta"]["original"] = original
    [status] = assert_same(page(with_(STATUS, media_attachments=media)), list[Status])
    assert type(status.media_attachments[0].meta.original) is kind


def test_a_notification_with_a_status() -> None:
    body = orjson.dumps(
        [
            {
                "id": "1",
                "type": "mention",
                "created_at": "2025-01-01T00:00:00Z",
                "account": ACCOUNT,
                "status": with_(STATUS, text="src"),
            }
        ]
    )
    [notification] = assert_same(body, list[Notification])
    assert notification.status is not None
    assert notification.status.source_text == "src"


def test_renamed_keys_in_other_models() -> None:
    body = orjson.dumps(
        {
            "domain": "example.social",
            "thumbnail": {"url": "https://x/t.png", "versions": {"@1x": "a", "@2x": "b"}},
        }
    )
    instance = assert_same(body, Instance)
    assert instance.thumbnail.versions.x1 == "a"


def test_an_error_still_names_the_item_and_field() -> None:
    body = page(STATUS, with_(STATUS, replies_count="many"))
    with pytest.raises(DecodeError) as caught:
        tootkit.converter.loads(body, list[Status])
    assert caught.value.entity == "list[Status]"
    assert caught.value.field == "[1].replies_count"


@pytest.mark.parametrize("body", [b"[{", b"", b"not json", b'{"id": "1"}'])
def test_not_a_page_is_explained_by_cattrs(body: bytes) -> None:
    with pytest.raises(DecodeError):
        tootkit.converter.loads(body, list[Status])


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview, lambda b: b.decode()])
def test_any_buffer_or_a_str(kind: Any) -> None:
    [status] = tootkit.converter.loads(kind(page(STATUS)), list[Status])
    assert status.id == STATUS["id"]


def test_types_msgspec_cannot_build_go_to_cattrs() -> None:
    fast = FastPath(tootkit.converter)
    union = list[Quote | ShallowQuote]  # two model classes in a plain union
    body = b'[{"state": "accepted", "quoted_status_id": "9"}]'
    assert fast.decode(body, union) is SLOW
    assert tootkit.converter.loads(body, union) == [
        ShallowQuote(state="accepted", quoted_status_id="9")
    ]


def test_unsafe_keys_are_found_through_unions_and_lists() -> None:
    renamed, private = unsafe_keys(list[Notification])
    assert renamed == (b'"text"',)
    assert private == ()  # the HTML converter is a class attribute, not a field
    assert unsafe_keys(Tag) == ((), ())


def test_a_field_that_is_not_json_is_never_set_from_json() -> None:
    import attrs

    @attrs.frozen(kw_only=True, slots=False)
    class Secret:
        name: str = ""
        hidden: str = attrs.field(default="safe", init=False)

    assert unsafe_keys(Secret) == ((), (b'"hidden"',))
    fast = FastPath(tootkit.converter)
    assert fast.decode(b'{"name": "n", "hidden": "set"}', Secret) is SLOW
    [item] = tootkit.converter.loads(b'[{"name": "n", "hidden": "set"}]', list[Secret])
    assert item.hidden == "safe"


def test_a_custom_html_converter_is_remembered_at_every_depth() -> None:
    conv = make_converter(html=lambda html: "converted")
    outer = with_(
        STATUS, reblog=with_(STATUS, id="2"), quote={"state": "accepted", "quoted_status": STATUS}
    )
    [status] = conv.loads(page(outer), list[Status])
    assert status.text == "converted"
    assert status.account.note_text == "converted"
    assert status.reblog is not None
    assert status.reblog.text == "converted"
    assert isinstance(status.quote, Quote)
    assert status.quote.quoted_status is not None
    assert status.quote.quoted_status.text == "converted"


# Values that real servers put where Mastodon has something else.
ODD_VALUES = st.one_of(
    st.none(),
    st.integers(-5, 2**63 - 1),
    st.text(max_size=12),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.just([]),
    st.just({}),
    st.sampled_from(["2025-01-01", "2025-01-01T00:00:00", "1735689600", "public", "local"]),
)
FIELDS = sorted(set(STATUS) | {"quote", "filtered", "text", "poll", "card"})
ACCOUNT_FIELDS = sorted(ACCOUNT)


# Too slow is about the first draw of text on a fresh machine, when Hypothesis
# builds its table of Unicode characters.
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(st.sampled_from(FIELDS), ODD_VALUES, max_size=4),
    st.dictionaries(st.sampled_from(ACCOUNT_FIELDS), ODD_VALUES, max_size=3),
)
def test_whatever_a_server_sends_both_paths_agree(
    changes: dict[str, Any], account_changes: dict[str, Any]
) -> None:
    odd = with_(STATUS, **changes)
    if isinstance(odd.get("account"), dict):
        odd["account"] = with_(odd["account"], **account_changes)
    body = page(STATUS, odd)
    try:
        reference = CATTRS_ONLY.loads(body, list[Status])
    except DecodeError as expected:
        with pytest.raises(DecodeError) as caught:
            tootkit.converter.loads(body, list[Status])
        assert caught.value.field == expected.field
        return
    assert tootkit.converter.loads(body, list[Status]) == reference
    # ...and what was read goes back to JSON and reads again as the same models.
    again = tootkit.converter.loads(
        orjson.dumps(tootkit.converter.unstructure(reference)), list[Status]
    )
    assert again == reference
