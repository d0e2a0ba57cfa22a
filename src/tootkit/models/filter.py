"""Filters and why a post matched one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from tootkit.models._base import Timestamp, deferred

__all__ = ["AnyFilter", "Filter", "FilterKeyword", "FilterResult", "FilterStatus", "FilterV1"]


@attrs.frozen(kw_only=True, slots=False)
class FilterResult:
    """Why a post matched a filter.

    See https://docs.joinmastodon.org/entities/FilterResult/.
    """

    filter: AnyFilter | None = None
    """Added in 4.0.0."""

    keyword_matches: tuple[str, ...] = ()
    """Added in 4.0.0."""

    status_matches: tuple[Any, ...] = ()
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class FilterV1:
    """A keyword filter in the v1 format (Mastodon before 4.0).

    See https://docs.joinmastodon.org/entities/V1_Filter/.
    """

    id: str = ""
    """Added in 2.4.3."""

    phrase: str = ""
    """Added in 2.4.3."""

    context: tuple[str, ...] = ()
    """Added in 2.4.3. Changed in 3.1.0."""

    expires_at: Timestamp | None = None
    """Added in 2.4.3."""

    irreversible: bool = False
    """Added in 2.4.3."""

    whole_word: bool = False
    """Added in 2.4.3."""


@attrs.frozen(kw_only=True, slots=False)
class Filter:
    """A filter that hides or warns about matching posts.

    See https://docs.joinmastodon.org/entities/Filter/.
    """

    id: str = ""
    """Added in 4.0.0."""

    context: tuple[str, ...] = ()
    """Added in 4.0.0."""

    expires_at: Timestamp | None = None
    """Added in 4.0.0."""

    title: str = ""
    """Added in 4.0.0."""

    filter_action: str = ""
    """Added in 4.0.0."""

    keywords: tuple[FilterKeyword, ...] = ()
    """Added in 4.0.0."""

    statuses: tuple[FilterStatus, ...] = ()
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class FilterKeyword:
    """A keyword that a filter matches.

    See https://docs.joinmastodon.org/entities/FilterKeyword.
    """

    id: str = ""
    """Added in 4.0.0."""

    keyword: str = ""
    """Added in 4.0.0."""

    whole_word: bool = False
    """Added in 4.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class FilterStatus:
    """A post that a filter matches.

    See https://docs.joinmastodon.org/entities/FilterStatus.
    """

    id: str = ""
    """Added in 4.0.0."""

    status_id: str = ""
    """Added in 4.0.0."""


if TYPE_CHECKING:
    AnyFilter: TypeAlias = FilterV1 | Filter
else:
    AnyFilter = deferred("AnyFilter", FilterV1 | Filter)
"""A v1 or a v2 filter, told apart by the ``phrase`` key that only v1 filters have."""
