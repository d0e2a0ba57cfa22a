"""Accounts, profile fields, relationships and account-level settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

import attrs

from tootkit.html import apply as apply_html
from tootkit.models._base import EPOCH, Timestamp, Visibility
from tootkit.models.emoji import CustomEmoji
from tootkit.models.tag import FeaturedTag

__all__ = [
    "Account",
    "AccountCreationError",
    "AccountCreationErrorDetails",
    "AccountCreationErrorDetailsField",
    "AccountWarning",
    "Appeal",
    "CredentialAccountSource",
    "FamiliarFollowers",
    "Field",
    "IdentityProof",
    "Marker",
    "PartialAccountWithAvatar",
    "Preferences",
    "Profile",
    "Relationship",
    "RelationshipSeveranceEvent",
    "Role",
    "Suggestion",
]


@attrs.frozen(kw_only=True, slots=False)
class Account:
    """A user account, local to the instance or remote.

    See https://docs.joinmastodon.org/entities/Account/.
    """

    id: str = ""
    """Added in 0.1.0."""

    username: str = ""
    """Added in 0.1.0."""

    acct: str = ""
    """Added in 0.1.0."""

    display_name: str = ""
    """Added in 0.1.0."""

    locked: bool = False
    """Added in 0.1.0."""

    bot: bool = False
    """Added in 2.4.0."""

    discoverable: bool | None = None
    """Added in 3.1.0."""

    indexable: bool = False
    """Added in 4.2.0."""

    group: bool = False
    """Added in 3.1.0."""

    created_at: Timestamp = EPOCH
    """Added in 0.1.0. Changed in 3.4.0."""

    note: str = ""
    """Added in 0.1.0."""

    url: str = ""
    """Added in 0.1.0."""

    uri: str = ""
    """Added in 4.2.0."""

    avatar: str = ""
    """Added in 0.1.0."""

    avatar_static: str = ""
    """Added in 1.1.2."""

    header: str = ""
    """Added in 0.1.0."""

    header_static: str = ""
    """Added in 1.1.2."""

    followers_count: int = 0
    """Added in 0.1.0."""

    following_count: int = 0
    """Added in 0.1.0."""

    statuses_count: int = 0
    """Added in 0.1.0. Changed in 2.4.2."""

    last_status_at: date | None = None
    """The day of the latest post (Mastodon sends a date, older servers a timestamp). Added in 3.0.0. Changed in 3.1.0."""

    hide_collections: bool | None = None
    """Added in 4.6.0."""

    noindex: bool | None = None
    """Added in 4.0.0."""

    emojis: tuple[CustomEmoji, ...] = ()
    """Added in 2.4.0."""

    roles: tuple[Any, ...] = ()
    """Added in 0.1.0. Deprecated in 4.0.0. Deprecated."""

    fields: tuple[Field, ...] = ()
    """Added in 2.4.0."""

    moved: Account | None = None
    """Added in 2.1.0."""

    suspended: bool | None = None
    """Added in 3.3.0."""

    limited: bool | None = None
    """Added in 3.5.3."""

    role: Role | None = None
    """Added in 4.0.0."""

    source: CredentialAccountSource | None = None
    """Added in 2.4.0."""

    mute_expires_at: Timestamp | None = None
    """Added in 3.3.0."""

    memorial: bool | None = None
    """Added in 4.2.0."""

    avatar_description: str = ""
    """Added in 4.6.0."""

    header_description: str = ""
    """Added in 4.6.0."""

    show_media: bool = False
    """Added in 4.6.0."""

    show_media_replies: bool = False
    """Added in 4.6.0."""

    show_featured: bool = False
    """Added in 4.6.0."""

    attribution_domains: tuple[str, ...] = ()
    """Domains allowed to credit this account as author of their pages. Added in 4.4.0."""

    feature_approval: dict[str, Any] | None = None
    """Who may feature this account in collections. Added in 4.6.0."""

    # The HTML converter of the client that returned this account (None: the
    # default), set on the instance by that client's converter. A class
    # attribute, not a field: JSON cannot set it, and equality ignores it.
    _html: ClassVar[Callable[..., str] | None] = None

    @property
    def note_text(self) -> str:
        """The profile bio (``note``, HTML) as plain text, from the client's converter.

        Examples:
            >>> Account(id="1", note="<p>Bio &amp; more</p>").note_text
            'Bio & more'
        """
        return apply_html(self._html, self.note)

    @property
    def display_name_text(self) -> str:
        """The display name with any HTML entities decoded, from the client's converter.

        Examples:
            >>> Account(id="1", display_name="Caf&eacute; &lt;3").display_name_text
            'Café <3'
        """
        return apply_html(self._html, self.display_name)


@attrs.frozen(kw_only=True, slots=False)
class Field:
    """One name/value pair of the metadata table on an account profile.

    See https://docs.joinmastodon.org/entities/Account/.
    """

    name: str = ""
    """Added in 2.4.0."""

    value: str = ""
    """Added in 2.4.0."""

    verified_at: str | None = None
    """Added in 2.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class Role:
    """A role that the instance staff gave to a user, with the badge it shows.

    See https://docs.joinmastodon.org/entities/Role/.
    """

    id: str = ""
    """Added in 4.0.0."""

    name: str = ""
    """Added in 4.0.0."""

    permissions: str = ""
    """Added in 4.0.0."""

    color: str = ""
    """Added in 4.0.0."""

    highlighted: bool = False
    """Added in 4.0.0."""

    position: int | None = None
    """"""

    created_at: Timestamp | None = None
    """"""

    updated_at: Timestamp | None = None
    """"""

    collection_limit: int | None = None
    """Added in 4.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class CredentialAccountSource:
    """The plain-text profile and posting defaults of the signed-in account.

    See https://docs.joinmastodon.org/entities/Account/.
    """

    privacy: Visibility | None = None
    """Added in 1.5.0."""

    sensitive: bool = False
    """Added in 1.5.0."""

    note: str = ""
    """Added in 1.5.0."""

    language: str | None = None
    """Added in 2.4.2."""

    fields: tuple[Field, ...] = ()
    """Added in 2.4.0."""

    follow_requests_count: int = 0
    """Added in 3.0.0."""

    indexable: bool = False
    """Added in 4.2.0."""

    hide_collections: bool = False
    """Added in 4.1.0."""

    discoverable: bool | None = None
    """Added in 3.1.0."""

    attribution_domains: tuple[str, ...] = ()
    """Added in 4.4.0."""

    quote_policy: str = ""
    """Added in 4.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class Relationship:
    """How the signed-in account relates to another account.

    See https://docs.joinmastodon.org/entities/Relationship/.
    """

    id: str = ""
    """Added in 0.6.0."""

    following: bool = False
    """Added in 0.6.0."""

    followed_by: bool = False
    """Added in 0.6.0."""

    blocking: bool = False
    """Added in 0.6.0."""

    blocked_by: bool = False
    """Added in 2.8.0."""

    muting: bool = False
    """Added in 1.1.0."""

    muting_notifications: bool = False
    """Added in 2.1.0."""

    requested: bool = False
    """Added in 0.9.9."""

    domain_blocking: bool = False
    """Added in 1.4.0."""

    showing_reblogs: bool = False
    """Added in 2.1.0."""

    endorsed: bool = False
    """Added in 2.5.0."""

    note: str = ""
    """Added in 3.2.0."""

    notifying: bool = False
    """Added in 3.3.0."""

    languages: tuple[str, ...] = ()
    """Added in 4.0.0."""

    requested_by: bool = False
    """Added in 0.9.9."""

    muting_expires_at: Timestamp | None = None
    """Added in 4.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class Preferences:
    """The signed-in user's posting and reading preferences.

    See https://docs.joinmastodon.org/entities/Preferences/.
    """

    posting_default_visibility: str = attrs.field(
        default="", metadata={"json": "posting:default:visibility"}
    )
    """Added in 2.8.0."""

    posting_default_sensitive: bool = attrs.field(
        default=False, metadata={"json": "posting:default:sensitive"}
    )
    """Added in 2.8.0."""

    posting_default_language: str | None = attrs.field(
        default=None, metadata={"json": "posting:default:language"}
    )
    """Added in 2.8.0."""

    reading_expand_media: str = attrs.field(default="", metadata={"json": "reading:expand:media"})
    """Added in 2.8.0."""

    reading_expand_spoilers: bool = attrs.field(
        default=False, metadata={"json": "reading:expand:spoilers"}
    )
    """Added in 2.8.0."""

    reading_autoplay_gifs: bool = attrs.field(
        default=False, metadata={"json": "reading:autoplay:gifs"}
    )
    """Added in 2.8.0."""

    posting_default_quote_policy: str = attrs.field(
        default="", metadata={"json": "posting:default:quote_policy"}
    )
    """Added in 4.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class Marker:
    """The last-read position in a timeline.

    See https://docs.joinmastodon.org/entities/Marker/.
    """

    last_read_id: str = ""
    """Added in 3.0.0."""

    version: int = 0
    """Added in 3.0.0."""

    updated_at: Timestamp = EPOCH
    """Added in 3.0.0."""


@attrs.frozen(kw_only=True, slots=False)
class FamiliarFollowers:
    """The accounts you follow that also follow a given account.

    See https://docs.joinmastodon.org/entities/FamiliarFollowers/.
    """

    id: str = ""
    """Added in 3.5.0."""

    accounts: tuple[Account, ...] = ()
    """Added in 3.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class IdentityProof:
    """A proof of identity on another service (removed in Mastodon 3.5).

    See https://docs.joinmastodon.org/entities/IdentityProof.
    """

    provider: str = ""
    """Added in 2.8.0."""

    provider_username: str = ""
    """Added in 2.8.0."""

    updated_at: Timestamp = EPOCH
    """Added in 2.8.0."""

    proof_url: str = ""
    """Added in 2.8.0."""

    profile_url: str = ""
    """Added in 2.8.0."""


@attrs.frozen(kw_only=True, slots=False)
class Suggestion:
    """An account suggested to follow, with why it is suggested.

    See https://docs.joinmastodon.org/entities/Suggestion.
    """

    source: str = ""
    """Added in 3.4.0. Deprecated in 4.3.0. Deprecated."""

    sources: tuple[str, ...] = ()
    """Added in 4.3.0."""

    account: Account = attrs.Factory(Account)
    """Added in 3.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class AccountCreationErrorDetails:
    """The per-field reasons why an account could not be registered.

    See https://docs.joinmastodon.org/methods/accounts/#create.
    """

    username: tuple[AccountCreationErrorDetailsField, ...] = ()
    """Added in 3.4.0."""

    password: tuple[AccountCreationErrorDetailsField, ...] = ()
    """Added in 3.4.0."""

    email: tuple[AccountCreationErrorDetailsField, ...] = ()
    """Added in 3.4.0."""

    agreement: tuple[AccountCreationErrorDetailsField, ...] = ()
    """Added in 3.4.0."""

    locale: tuple[AccountCreationErrorDetailsField, ...] = ()
    """Added in 3.4.0."""

    reason: tuple[AccountCreationErrorDetailsField, ...] = ()
    """Added in 3.4.0."""

    date_of_birth: tuple[AccountCreationErrorDetailsField, ...] = ()
    """Added in 4.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class AccountCreationError:
    """Why an account could not be registered.

    See https://docs.joinmastodon.org/methods/accounts/#create.
    """

    error: str = ""
    """Added in 2.7.0."""

    details: AccountCreationErrorDetails = attrs.Factory(AccountCreationErrorDetails)
    """Added in 3.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class AccountCreationErrorDetailsField:
    """One reason why a registration field was refused.

    See https://docs.joinmastodon.org/methods/accounts/#create.
    """

    error: str = ""
    """Added in 3.4.0."""

    description: str = ""
    """Added in 3.4.0."""


@attrs.frozen(kw_only=True, slots=False)
class RelationshipSeveranceEvent:
    """An event that cut follow relationships, such as a domain block.

    See https://docs.joinmastodon.org/entities/RelationshipSeveranceEvent.
    """

    id: str = ""
    """Added in 4.3.0."""

    type: str = ""
    """Added in 4.3.0."""

    purged: bool = False
    """Added in 4.3.0."""

    target_name: str = ""
    """Added in 4.3.0."""

    followers_count: int = 0
    """Added in 4.3.0."""

    following_count: int = 0
    """Added in 4.3.0."""

    created_at: Timestamp = EPOCH
    """Added in 4.3.0."""

    relationships_count: int | None = None
    """Sent by Mastodon 4.3 pre-releases instead of the two counts."""


@attrs.frozen(kw_only=True, slots=False)
class PartialAccountWithAvatar:
    """The few account fields that grouped notifications carry.

    See https://docs.joinmastodon.org/entities/GroupedNotificationsResults.
    """

    id: str = ""
    """Added in 4.3.0."""

    acct: str = ""
    """Added in 4.3.0."""

    url: str = ""
    """Added in 4.3.0."""

    avatar: str = ""
    """Added in 4.3.0."""

    avatar_static: str = ""
    """Added in 4.3.0."""

    locked: bool = False
    """Added in 4.3.0."""

    bot: bool = False
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class AccountWarning:
    """A moderation warning sent to an account.

    See https://docs.joinmastodon.org/entities/AccountWarning.
    """

    id: str = ""
    """Added in 4.3.0."""

    action: str = ""
    """Added in 4.3.0."""

    text: str = ""
    """Added in 4.3.0."""

    status_ids: tuple[str, ...] = ()
    """Added in 4.3.0."""

    target_account: Account = attrs.Factory(Account)
    """Added in 4.3.0."""

    appeal: Appeal | None = None
    """Added in 4.3.0."""

    created_at: Timestamp = EPOCH
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class Appeal:
    """An appeal against a moderation decision.

    See https://docs.joinmastodon.org/entities/Appeal/.
    """

    text: str = ""
    """Added in 4.3.0."""

    state: str = ""
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class Profile:
    """The editable profile of the signed-in account (Mastodon 4.6+).

    See https://docs.joinmastodon.org/entities/Profile/.
    """

    id: str | None = None
    """Added in 4.6.0."""

    display_name: str | None = None
    """Added in 4.6.0."""

    note: str | None = None
    """Added in 4.6.0."""

    fields: tuple[Field, ...] = ()
    """Added in 4.6.0."""

    avatar: str | None = None
    """Added in 4.6.0."""

    avatar_static: str | None = None
    """Added in 4.6.0."""

    avatar_description: str | None = None
    """Added in 4.6.0."""

    header: str | None = None
    """Added in 4.6.0."""

    header_static: str | None = None
    """Added in 4.6.0."""

    header_description: str | None = None
    """Added in 4.6.0."""

    locked: bool | None = None
    """Added in 4.6.0."""

    bot: bool | None = None
    """Added in 4.6.0."""

    hide_collections: bool | None = None
    """Added in 4.6.0."""

    discoverable: bool | None = None
    """Added in 4.6.0."""

    indexable: bool | None = None
    """Added in 4.6.0."""

    show_media: bool | None = None
    """Added in 4.6.0."""

    show_media_replies: bool | None = None
    """Added in 4.6.0."""

    show_featured: bool | None = None
    """Added in 4.6.0."""

    attribution_domains: tuple[str, ...] = ()
    """Added in 4.6.0."""

    featured_tags: tuple[FeaturedTag, ...] = ()
    """Added in 4.6.0."""
