"""Request building: base URLs, path segments and query parameters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tootkit._core.request import build_params, encode_segment, make_request, normalize_base_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("mastodon.social", "https://mastodon.social"),
        ("https://mastodon.social/", "https://mastodon.social"),
        ("https://mastodon.social", "https://mastodon.social"),
        ("  Mastodon.Social  ", "https://mastodon.social"),
        ("https://example.com:8443", "https://example.com:8443"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://localhost:3000/", "http://localhost:3000"),
        ("http://[::1]:3000", "http://[::1]:3000"),
        ("127.0.0.1:3000", "https://127.0.0.1:3000"),
    ],
)
def test_base_url_accepted(given: str, expected: str) -> None:
    assert normalize_base_url(given) == expected


@pytest.mark.parametrize(
    ("given", "complaint"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("ftp://mastodon.social", "scheme"),
        ("https://mastodon.social/api/v1", "path"),
        ("https://mastodon.social/?x=1", "path"),
        ("https://user:pw@mastodon.social", "not a valid"),
        ("http://mastodon.social", "plain http"),
        ("https://masto don.social", "not a valid"),
        ("https://", "not a valid"),
        ("https://example.com:99999", "not a valid"),
    ],
)
def test_base_url_rejected_with_a_clear_message(given: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint) as caught:
        normalize_base_url(given)
    assert "expected" in str(caught.value) or "https" in str(caught.value)


@pytest.mark.parametrize(
    ("segment", "encoded"),
    [
        ("109", "109"),
        ("../admin", "..%2Fadmin"),
        ("a/b", "a%2Fb"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("café", "caf%C3%A9"),
        ("日本語", "%E6%97%A5%E6%9C%AC%E8%AA%9E"),
        ("a b", "a%20b"),
        ("x?y#z", "x%3Fy%23z"),
        ("%2F", "%252F"),
        (12345, "12345"),
    ],
)
def test_path_segments_are_percent_encoded(segment: object, encoded: str) -> None:
    assert encode_segment(segment) == encoded


def test_empty_segment_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        encode_segment("")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"limit": 40}, (("limit", "40"),)),
        ({"local": True, "remote": False}, (("local", "true"), ("remote", "false"))),
        ({"any": ["a", "b"]}, (("any[]", "a"), ("any[]", "b"))),
        ({"id[]": ("1",)}, (("id[]", "1"),)),
        ({"max_id": None}, ()),
        ({"any": []}, ()),
        (
            {"since": datetime(2025, 1, 1, tzinfo=UTC)},
            (("since", "2025-01-01T00:00:00+00:00"),),
        ),
    ],
)
def test_query_parameters(params: dict[str, object], expected: tuple[tuple[str, str], ...]) -> None:
    assert build_params(params) == expected


def test_make_request_keeps_the_segment_inside_its_slot() -> None:
    request = make_request("get", "/api/v1/statuses/{}/context", "../../admin")
    assert request.method == "GET"
    assert request.path == "/api/v1/statuses/..%2F..%2Fadmin/context"
    assert request.endpoint == "GET /api/v1/statuses/..%2F..%2Fadmin/context"
