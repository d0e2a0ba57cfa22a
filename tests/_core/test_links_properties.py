"""Properties of the Link parser, checked with hypothesis."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st

from tootkit._core.links import decode_cursor, encode_cursor, page_links, parse_link_header

ids = st.one_of(
    st.integers(min_value=0, max_value=2**63).map(str),
    st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ", min_size=26, max_size=26),  # ULIDs
)


@given(st.text())
def test_parser_never_raises(header: str) -> None:
    parse_link_header(header)
    page_links(header)


@given(
    next_id=st.none() | ids,
    prev_id=st.none() | ids,
    extra=st.dictionaries(st.sampled_from(["limit", "local", "only_media"]), st.text(max_size=5)),
    prev_first=st.booleans(),
)
def test_cursors_come_back_whatever_the_order_and_extra_params(
    next_id: str | None, prev_id: str | None, extra: dict[str, str], prev_first: bool
) -> None:
    base = "https://mastodon.example/api/v1/timelines/tag/x"
    parts = []
    if next_id is not None:
        parts.append(f'<{base}?{urlencode({**extra, "max_id": next_id})}>; rel="next"')
    if prev_id is not None:
        parts.append(f'<{base}?{urlencode({**extra, "min_id": prev_id})}>; rel="prev"')
    if prev_first:
        parts.reverse()
    links = page_links(", ".join(parts))
    assert links.next == (None if next_id is None else {"max_id": next_id})
    assert links.prev == (None if prev_id is None else {"min_id": prev_id})


@given(
    st.dictionaries(st.sampled_from(["max_id", "min_id", "since_id", "offset"]), ids, min_size=1)
)
def test_cursor_encoding_round_trips(values: dict[str, str]) -> None:
    assert decode_cursor(encode_cursor(values)) == values
