"""Search results."""

from __future__ import annotations

import attrs

from tootkit.models.account import Account
from tootkit.models.collection import Collection
from tootkit.models.status import Status
from tootkit.models.tag import Tag

__all__ = ["SearchResults", "SearchResultsV1"]


@attrs.frozen(kw_only=True, slots=False)
class SearchResultsV1:
    """Search results from the removed v1 search (Mastodon before 3.0).

    See https://docs.joinmastodon.org/entities/Search/.
    """

    accounts: tuple[Account, ...] = ()
    """Added in 1.1.0."""

    hashtags: tuple[str, ...] = ()
    """Added in 1.1.0. Changed in 2.4.1, 3.0.0. Deprecated."""

    statuses: tuple[Status, ...] = ()
    """Added in 1.1.0."""


@attrs.frozen(kw_only=True, slots=False)
class SearchResults:
    """Accounts, posts and hashtags that match a search.

    See https://docs.joinmastodon.org/entities/Search/.
    """

    accounts: tuple[Account, ...] = ()
    """Added in 1.1.0."""

    hashtags: tuple[Tag, ...] = ()
    """Added in 2.4.1."""

    statuses: tuple[Status, ...] = ()
    """Added in 1.1.0."""

    collections: tuple[Collection, ...] = ()
    """Added in 4.6.0."""
