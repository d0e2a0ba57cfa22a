"""Link headers and cursors, on real headers from Mastodon and GoToSocial."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REFERENCE, REFERENCE_REQUIRED
from tootkit._core.links import (
    decode_cursor,
    encode_cursor,
    page_links,
    parse_link_header,
)

M = "https://mastodon.example/api/v1/timelines/tag/cats"


@pytest.mark.parametrize(
    ("header", "next_", "prev"),
    [
        (
            f'<{M}?max_id=7>; rel="next", <{M}?min_id=9>; rel="prev"',
            {"max_id": "7"},
            {"min_id": "9"},
        ),
        (
            f'<{M}?min_id=9>; rel="prev", <{M}?max_id=7>; rel="next"',
            {"max_id": "7"},
            {"min_id": "9"},
        ),
        (f'<{M}?max_id=7>; rel="next"', {"max_id": "7"}, None),
        (f'<{M}?min_id=9>; rel="prev"', None, {"min_id": "9"}),
        (f"<{M}?max_id=7&limit=2>; rel=next", {"max_id": "7"}, None),
        (f'<{M}?offset=40>; rel="next"', {"offset": "40"}, None),
        (f'<{M}?limit=2&since_id=5>; rel="prev"', None, {"since_id": "5"}),
        (f'<{M}?max_id=7>; rel="next last"', {"max_id": "7"}, None),
        (f'<{M}?max_id=7>; REL="NEXT"', {"max_id": "7"}, None),
        (f'<{M}?max_id=01HB,2>; title="a, b"; rel="next"', {"max_id": "01HB,2"}, None),
        (f'<{M}?local=true>; rel="next"', None, None),
        ("", None, None),
        (None, None, None),
        ("garbage", None, None),
        (f"<{M}?max_id=7", None, None),
    ],
)
def test_page_links(
    header: str | None, next_: dict[str, str] | None, prev: dict[str, str] | None
) -> None:
    links = page_links(header)
    assert links.next == next_
    assert links.prev == prev


def test_link_params_are_parsed() -> None:
    (link,) = parse_link_header('<https://x/y>; rel="next"; title="Next, page"')
    assert link.url == "https://x/y"
    assert link.rels == ("next",)
    assert link.params == (("title", "Next, page"),)


@pytest.mark.parametrize(
    "values", [{"max_id": "109"}, {"min_id": "1"}, {"offset": "40"}, {"max_id": "01HB"}]
)
def test_cursor_round_trip(values: dict[str, str]) -> None:
    assert decode_cursor(encode_cursor(values)) == values


@pytest.mark.parametrize("bad", ["", "limit=40", "nonsense"])
def test_bad_cursor_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="cursor"):
        decode_cursor(bad)


def _reference_links() -> list[tuple[str, str]]:
    path = REFERENCE / "headers.jsonl"
    if not path.exists():
        return []
    rows = []
    for line in filter(None, path.read_text().split("\n")):
        entry = json.loads(line)
        headers = {k.lower(): v for k, v in entry["headers"].items()}
        if "link" in headers:
            rows.append((entry["endpoint"], headers["link"]))
    return rows


@pytest.mark.skipif(
    not _reference_links() and not REFERENCE_REQUIRED, reason="../shared/reference is not available"
)
def test_every_real_link_header_yields_only_cursor_values() -> None:
    seen = 0
    for _endpoint, header in _reference_links():
        links = page_links(header)
        for cursor in (links.next, links.prev):
            if cursor is not None:
                assert set(cursor) <= {"max_id", "min_id", "since_id", "offset"}
                assert decode_cursor(encode_cursor(cursor)) == cursor
                seen += 1
        for link in parse_link_header(header):
            assert link.url  # relative targets exist too; only the cursors are used
    assert seen > 100
