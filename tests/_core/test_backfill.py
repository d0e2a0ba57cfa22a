"""Which timeline backfills which stream, and which streams backfill notifications, as tables."""

from __future__ import annotations

import pytest

from tootkit._core.backfill import (
    Timeline,
    carries_notifications,
    hashtag_stream_is_silent,
    read_from,
    timeline_of,
)
from tootkit._core.websocket import StreamName


@pytest.mark.parametrize(
    ("name", "timeline"),
    [
        (StreamName("hashtag", tag="python"), Timeline("tag", tag="python")),
        (StreamName("hashtag:local", tag="python"), Timeline("tag", tag="python", local=True)),
        (StreamName("public"), Timeline("public")),
        (StreamName("public:local"), Timeline("public", local=True)),
        (StreamName("public:remote"), Timeline("public", remote=True)),
        (StreamName("public:media"), Timeline("public", only_media=True)),
        (StreamName("public:local:media"), Timeline("public", local=True, only_media=True)),
        (StreamName("public:remote:media"), Timeline("public", remote=True, only_media=True)),
        (StreamName("user"), Timeline("home")),
        (StreamName("list", list="42"), Timeline("list", list_id="42")),
        (StreamName("user:notification"), None),  # notifications: not a timeline of statuses
        (StreamName("direct"), None),
    ],
)
def test_each_stream_is_backfilled_from_its_timeline(
    name: StreamName, timeline: Timeline | None
) -> None:
    assert timeline_of(name) == timeline


@pytest.mark.parametrize(
    ("name", "public"),
    [
        (StreamName("hashtag", tag="python"), StreamName("public")),
        (StreamName("hashtag:local", tag="python"), StreamName("public:local")),
    ],
)
def test_a_hashtag_is_read_from_the_matching_public_stream(
    name: StreamName, public: StreamName
) -> None:
    assert read_from(name) == public


@pytest.mark.parametrize(
    ("name", "carries"),
    [
        (StreamName("user"), True),
        (StreamName("user:notification"), True),
        (StreamName("public"), False),
        (StreamName("public:local"), False),
        (StreamName("hashtag", tag="python"), False),
        (StreamName("list", list="42"), False),
        (StreamName("direct"), False),
    ],
)
def test_only_the_user_streams_backfill_notifications(name: StreamName, carries: bool) -> None:
    assert carries_notifications(name) is carries


@pytest.mark.parametrize(
    ("software", "silent"),
    [("gotosocial", True), ("GoToSocial", True), ("mastodon", False), ("", False)],
)
def test_which_servers_hashtag_stream_is_silent(software: str, silent: bool) -> None:
    assert hashtag_stream_is_silent(software) is silent
