"""Which timeline holds what a stream sends: where a backfill reads after a reconnect.

Pure functions of the stream's name, so that the map is written once and
tested as a table; the streaming code turns the answer into a walk of the
client's timelines, and of its notifications for a stream that carries them.

Examples:
    >>> timeline_of(StreamName("hashtag:local", tag="python"))
    Timeline(name='tag', tag='python', list_id=None, local=True, remote=False, only_media=False)
    >>> timeline_of(StreamName("user:notification")) is None
    True
    >>> carries_notifications(StreamName("user:notification"))
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tootkit._core.websocket import StreamName

__all__ = [
    "SILENT_HASHTAG_STREAMS",
    "Timeline",
    "carries_notifications",
    "hashtag_stream_is_silent",
    "read_from",
    "timeline_of",
]


@dataclass(frozen=True, slots=True)
class Timeline:
    """A timeline of the REST API and its options: ``tag``, ``public``, ``home`` or ``list``."""

    name: Literal["tag", "public", "home", "list"]
    tag: str | None = None
    list_id: str | None = None
    local: bool = False
    remote: bool = False
    only_media: bool = False


def timeline_of(name: StreamName) -> Timeline | None:
    """The timeline that holds what stream ``name`` sends; None for a stream without one.

    Notifications, direct messages and other streams have no timeline of
    statuses to read: they are not backfilled.
    """
    stream = name.stream
    if stream.startswith("hashtag"):
        return Timeline("tag", tag=name.tag or "", local=stream == "hashtag:local")
    if stream.startswith("public"):
        return Timeline(
            "public",
            local=":local" in stream,
            remote=":remote" in stream,
            only_media=stream.endswith(":media"),
        )
    if stream == "user":
        return Timeline("home")
    if stream == "list":
        return Timeline("list", list_id=name.list or "")
    return None


def carries_notifications(name: StreamName) -> bool:
    """Whether stream ``name`` sends the user's notifications, which a backfill then reads too.

    Mastodon sends them on ``user`` (with the home timeline) and on
    ``user:notification`` (alone); no other stream has them.
    """
    return name.stream in ("user", "user:notification")


SILENT_HASHTAG_STREAMS = frozenset({"gotosocial"})
"""The servers (NodeInfo's software name) that accept a hashtag stream and send nothing on it."""


def hashtag_stream_is_silent(software: str) -> bool:
    """Whether a server of this software (NodeInfo's name) sends nothing on a hashtag stream.

    A follower of a hashtag there reads the public stream instead (:func:`read_from`).

    Examples:
        >>> hashtag_stream_is_silent("GoToSocial"), hashtag_stream_is_silent("mastodon")
        (True, False)
    """
    return software.lower() in SILENT_HASHTAG_STREAMS


def read_from(name: StreamName) -> StreamName:
    """The public stream to read a hashtag stream from, for servers whose hashtag stream is silent.

    Examples:
        >>> read_from(StreamName("hashtag:local", tag="python"))
        StreamName(stream='public:local', tag=None, list=None)
    """
    return StreamName("public:local" if name.stream == "hashtag:local" else "public")
