"""Curated collections of accounts (Mastodon 4.6+)."""

from __future__ import annotations

import attrs

from tootkit.models._base import EPOCH, Timestamp
from tootkit.models.account import Account
from tootkit.models.tag import Tag

__all__ = [
    "Collection",
    "CollectionItem",
    "CollectionWithAccounts",
    "WrappedCollection",
    "WrappedCollectionItem",
]


@attrs.frozen(kw_only=True, slots=False)
class Collection:
    """A curated collection of accounts (Mastodon 4.6+)."""

    id: str = ""
    """Added in 4.6.0."""

    uri: str = ""
    """Added in 4.6.0."""

    name: str = ""
    """Added in 4.6.0."""

    description: str = ""
    """Added in 4.6.0."""

    language: str = ""
    """Added in 4.6.0."""

    account_id: str = ""
    """Added in 4.6.0."""

    local: bool = False
    """Added in 4.6.0."""

    sensitive: bool = False
    """Added in 4.6.0."""

    discoverable: bool = False
    """Added in 4.6.0."""

    item_count: int = 0
    """Added in 4.6.0."""

    created_at: Timestamp = EPOCH
    """Added in 4.6.0."""

    updated_at: Timestamp = EPOCH
    """Added in 4.6.0."""

    tag: Tag = attrs.Factory(Tag)
    """Added in 4.6.0."""

    items: tuple[CollectionItem, ...] = ()
    """Added in 4.6.0."""

    url: str | None = None
    """Added in 4.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class CollectionItem:
    """One account in a collection (Mastodon 4.6+)."""

    id: str = ""
    """Added in 4.6.0."""

    state: str = ""
    """Added in 4.6.0."""

    account_id: str | None = None
    """Added in 4.6.0."""

    created_at: Timestamp | None = None
    """Added in 4.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class CollectionWithAccounts:
    """A collection with the accounts it holds."""

    collection: Collection | None = None
    """Added in 4.6.0."""

    accounts: tuple[Account, ...] = ()
    """Added in 4.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class WrappedCollection:
    """A collection, wrapped in an object as some endpoints return it."""

    collection: Collection | None = None
    """Added in 4.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class WrappedCollectionItem:
    """A collection item, wrapped in an object as some endpoints return it."""

    collection_item: CollectionItem | None = None
    """Added in 4.6.0."""
