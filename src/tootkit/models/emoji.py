"""Custom emoji and emoji reactions."""

from __future__ import annotations

import attrs

__all__ = ["CustomEmoji", "Reaction", "StreamReaction"]


@attrs.frozen(kw_only=True, slots=False)
class CustomEmoji:
    """A custom emoji, written ``:shortcode:`` in text.

    See https://docs.joinmastodon.org/entities/CustomEmoji/.
    """

    shortcode: str = ""
    """Added in 2.0.0."""

    url: str = ""
    """Added in 2.0.0."""

    static_url: str = ""
    """Added in 2.0.0."""

    visible_in_picker: bool = False
    """Added in 2.0.0."""

    category: str | None = None
    """Added in 3.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class Reaction:
    """An emoji reaction to an announcement.

    See https://docs.joinmastodon.org/entities/Reaction/.
    """

    name: str = ""
    """Added in 3.1.0."""

    count: int = 0
    """Added in 3.1.0."""

    me: bool = False
    """Added in 3.1.0."""

    url: str | None = None
    """Added in 3.1.0."""

    static_url: str | None = None
    """Added in 3.1.0."""


@attrs.frozen(kw_only=True, slots=False)
class StreamReaction:
    """An emoji reaction, as the streaming API sends it.

    See https://docs.joinmastodon.org/methods/streaming/.
    """

    name: str = ""
    """Added in 3.1.0."""

    count: int = 0
    """Added in 3.1.0."""

    announcement_id: str = ""
    """Added in 3.1.0."""
