"""Hashtags, their daily use, and hashtags featured on profiles."""

from __future__ import annotations

from datetime import date

import attrs

from tootkit.models._base import EPOCH, Timestamp

__all__ = ["FeaturedTag", "Tag", "TagHistory"]


@attrs.frozen(kw_only=True, slots=False)
class Tag:
    """A hashtag, with its recent use and whether you follow it.

    See https://docs.joinmastodon.org/entities/Tag/.
    """

    id: str | None = None
    """Added in 3.5.0."""

    name: str = ""
    """Added in 0.9.0."""

    url: str = ""
    """Added in 0.9.0."""

    history: tuple[TagHistory, ...] = ()
    """Added in 2.4.1."""

    following: bool | None = None
    """Added in 4.0.0."""

    featuring: bool | None = None
    """Added in 4.4.0."""

    trendable: bool | None = None
    """Added in 3.5.0."""

    usable: bool | None = None
    """Added in 3.5.0."""

    requires_review: bool | None = None
    """Added in 3.5.0."""

    featured: bool | None = None
    """Whether you feature this hashtag on your profile. Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class TagHistory:
    """Use of a hashtag on one day.

    See https://docs.joinmastodon.org/entities/Tag/.
    """

    day: Timestamp = EPOCH
    """Added in 2.4.1."""

    uses: int = 0
    """Added in 2.4.1."""

    accounts: int = 0
    """Added in 2.4.1."""


@attrs.frozen(kw_only=True, slots=False)
class FeaturedTag:
    """A hashtag featured on a profile.

    See https://docs.joinmastodon.org/entities/FeaturedTag/.
    """

    id: str = ""
    """Added in 3.0.0."""

    name: str = ""
    """Added in 3.0.0."""

    statuses_count: int = 0
    """Added in 3.0.0."""

    last_status_at: date | None = None
    """The day of the latest post (Mastodon sends a date, older servers a timestamp). Added in 3.0.0."""

    url: str = ""
    """Added in 3.3.0."""
