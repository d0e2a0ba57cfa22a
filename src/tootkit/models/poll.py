"""Polls and their options."""

from __future__ import annotations

import attrs

from tootkit.models._base import Timestamp
from tootkit.models.emoji import CustomEmoji

__all__ = ["Poll", "PollOption"]


@attrs.frozen(kw_only=True, slots=False)
class Poll:
    """A poll attached to a post.

    See https://docs.joinmastodon.org/entities/Poll/.
    """

    id: str = ""
    """Added in 2.8.0."""

    expires_at: Timestamp | None = None
    """Added in 2.8.0."""

    expired: bool = False
    """Added in 2.8.0."""

    multiple: bool = False
    """Added in 2.8.0."""

    votes_count: int = 0
    """Added in 2.8.0."""

    voted: bool = False
    """Added in 2.8.0."""

    options: tuple[PollOption, ...] = ()
    """Added in 2.8.0."""

    emojis: tuple[CustomEmoji, ...] = ()
    """Added in 2.8.0."""

    own_votes: tuple[int, ...] = ()
    """Added in 2.8.0."""

    voters_count: int | None = None
    """Added in 2.8.0."""


@attrs.frozen(kw_only=True, slots=False)
class PollOption:
    """One choice of a poll.

    See https://docs.joinmastodon.org/entities/Poll/.
    """

    title: str = ""
    """Added in 2.8.0."""

    votes_count: int | None = None
    """Added in 2.8.0."""
