"""Posts (statuses) and what hangs off them: quotes, edits, mentions, threads."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import attrs

from tootkit.html import apply as apply_html
from tootkit.models._base import EPOCH, Timestamp, Visibility, deferred
from tootkit.models.account import Account
from tootkit.models.application import Application
from tootkit.models.card import PreviewCard
from tootkit.models.collection import Collection
from tootkit.models.emoji import CustomEmoji
from tootkit.models.filter import FilterResult
from tootkit.models.media import MediaAttachment
from tootkit.models.poll import Poll
from tootkit.models.tag import Tag

__all__ = [
    "AnyQuote",
    "Context",
    "Conversation",
    "Mention",
    "Quote",
    "QuoteApproval",
    "ScheduledPoll",
    "ScheduledStatus",
    "ScheduledStatusParams",
    "ShallowQuote",
    "Status",
    "StatusEdit",
    "StatusSource",
    "Translation",
]


@attrs.frozen(kw_only=True, slots=False)
class Status:
    """A post, with its author, body, media, counts and the signed-in user's view of it.

    See https://docs.joinmastodon.org/entities/Status/.
    """

    id: str = ""
    """Added in 0.1.0."""

    created_at: Timestamp = EPOCH
    """Added in 0.1.0."""

    in_reply_to_id: str | None = None
    """Added in 0.1.0."""

    in_reply_to_account_id: str | None = None
    """Added in 0.1.0."""

    sensitive: bool = False
    """Added in 0.9.9."""

    spoiler_text: str = ""
    """Added in 1.0.0."""

    visibility: Visibility | None = None
    """Added in 0.9.9."""

    language: str | None = None
    """Added in 1.4.0."""

    uri: str = ""
    """Added in 0.1.0."""

    url: str | None = None
    """Added in 0.1.0."""

    replies_count: int = 0
    """Added in 2.5.0."""

    reblogs_count: int = 0
    """Added in 0.1.0."""

    favourites_count: int = 0
    """Added in 0.1.0."""

    quotes_count: int = 0
    """Added in 4.5.0."""

    edited_at: Timestamp | None = None
    """Added in 3.5.0."""

    favourited: bool | None = None
    """Added in 0.1.0."""

    reblogged: bool | None = None
    """Added in 0.1.0."""

    muted: bool | None = None
    """Added in 1.4.0."""

    bookmarked: bool | None = None
    """Added in 3.1.0."""

    pinned: bool | None = None
    """Added in 1.6.0."""

    filtered: tuple[FilterResult, ...] = ()
    """Added in 4.0.0."""

    content: str = ""
    """Added in 0.1.0."""

    source_text: str | None = attrs.field(default=None, metadata={"json": "text"})
    """The plain-text source, sent by some servers and by Mastodon when a post is deleted."""

    reblog: Status | None = None
    """Added in 0.1.0."""

    application: Application | None = None
    """Added in 0.9.9."""

    account: Account = attrs.Factory(Account)
    """Added in 0.1.0."""

    media_attachments: tuple[MediaAttachment, ...] = ()
    """Added in 0.6.0."""

    mentions: tuple[Mention, ...] = ()
    """Added in 0.6.0."""

    tags: tuple[Tag, ...] = ()
    """Added in 0.6.0."""

    emojis: tuple[CustomEmoji, ...] = ()
    """Added in 2.0.0."""

    quote: AnyQuote | None = None
    """Added in 4.4.0."""

    card: PreviewCard | None = None
    """Added in 2.6.0."""

    poll: Poll | None = None
    """Added in 2.8.0."""

    quote_approval: QuoteApproval | None = None
    """Added in 4.5.0."""

    tagged_collections: tuple[Collection, ...] = ()
    """Added in 4.6.0."""

    # The HTML converter of the client that returned this status (None: the
    # default), set on the instance by that client's converter. A class
    # attribute, not a field: JSON cannot set it, and equality ignores it.
    _html: ClassVar[Callable[..., str] | None] = None

    @property
    def text(self) -> str:
        """The body as plain text, as a reader sees it.

        It comes from the converter of the client that returned the status
        (``Client(html=...)``), by default :func:`tootkit.html.to_text`, which
        hides the ``quote-inline`` paragraph when the status has a ``quote``.

        Examples:
            >>> from datetime import UTC, datetime
            >>> s = Status(id="1", created_at=datetime(2025, 1, 1, tzinfo=UTC),
            ...            account=Account(id="2"), content="<p>Hello <b>world</b></p>")
            >>> s.text
            'Hello world'
        """
        return apply_html(self._html, self.content, self)


@attrs.frozen(kw_only=True, slots=False)
class Quote:
    """A quote of another post, with the quoted post in full (Mastodon 4.4+).

    See https://docs.joinmastodon.org/entities/Quote/.
    """

    state: str = ""
    """Added in 4.4.0. Changed in 4.5.0."""

    quoted_status: Status | None = None
    """Added in 4.4.0. Changed in 4.5.7."""


@attrs.frozen(kw_only=True, slots=False)
class ShallowQuote:
    """A quote of another post, by id only, as sent for nested quotes (Mastodon 4.4+).

    See https://docs.joinmastodon.org/entities/ShallowQuote/.
    """

    quoted_status_id: str | None = None
    """Added in 4.4.0. Changed in 4.5.7."""

    state: str = ""
    """Added in 4.4.0. Changed in 4.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class QuoteApproval:
    """Who may quote a post, and whether the signed-in user may (Mastodon 4.5+).

    See https://docs.joinmastodon.org/entities/QuoteApproval/.
    """

    automatic: tuple[str, ...] = ()
    """Added in 4.5.0."""

    manual: tuple[str, ...] = ()
    """Added in 4.5.0."""

    current_user: str = ""
    """Added in 4.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class StatusEdit:
    """One revision of an edited post.

    See https://docs.joinmastodon.org/entities/StatusEdit/.
    """

    content: str = ""
    """Added in 3.5.0."""

    spoiler_text: str = ""
    """Added in 3.5.0."""

    sensitive: bool = False
    """Added in 3.5.0."""

    created_at: Timestamp = EPOCH
    """Added in 3.5.0."""

    account: Account = attrs.Factory(Account)
    """Added in 3.5.0."""

    media_attachments: tuple[MediaAttachment, ...] = ()
    """Added in 3.5.0."""

    emojis: tuple[CustomEmoji, ...] = ()
    """Added in 3.5.0."""

    poll: Poll | None = None
    """Added in 3.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class Mention:
    """An account mentioned in a post.

    See https://docs.joinmastodon.org/entities/Mention/.
    """

    id: str = ""
    """Added in 0.6.0."""

    username: str = ""
    """Added in 0.6.0."""

    url: str = ""
    """Added in 0.6.0."""

    acct: str = ""
    """Added in 0.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class ScheduledStatusParams:
    """The parameters that a scheduled post will be created with.

    See https://docs.joinmastodon.org/entities/ScheduledStatus/.
    """

    text: str = ""
    """Added in 2.7.0."""

    in_reply_to_id: str | None = None
    """Added in 2.7.0."""

    media_ids: tuple[str, ...] = ()
    """Added in 2.7.0."""

    sensitive: bool | None = None
    """Added in 2.7.0."""

    visibility: Visibility | None = None
    """Added in 2.7.0."""

    idempotency: str | None = None
    """Added in 2.7.0."""

    scheduled_at: Timestamp | None = None
    """Added in 2.7.0."""

    spoiler_text: str | None = None
    """Added in 2.7.0."""

    application_id: str = ""
    """Added in 2.7.0."""

    poll: ScheduledPoll | None = None
    """Added in 2.8.0."""

    language: str | None = None
    """Added in 2.7.0."""

    allowed_mentions: tuple[str, ...] = ()
    """Added in 2.7.0."""

    with_rate_limit: bool = False
    """Added in 2.7.0."""

    quoted_status_id: str | None = None
    """Added in 4.4.0."""

    quote_approval_policy: str | None = None
    """Added in 4.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class ScheduledStatus:
    """A post that is waiting for its scheduled time.

    See https://docs.joinmastodon.org/entities/ScheduledStatus/.
    """

    id: str = ""
    """Added in 2.7.0."""

    scheduled_at: Timestamp = EPOCH
    """Added in 2.7.0."""

    params: ScheduledStatusParams = attrs.Factory(ScheduledStatusParams)
    """Added in 2.7.0."""

    media_attachments: tuple[Any, ...] = ()
    """Added in 2.7.0."""


@attrs.frozen(kw_only=True, slots=False)
class Conversation:
    """A private conversation: its participants and its last post.

    See https://docs.joinmastodon.org/entities/Conversation/.
    """

    id: str = ""
    """Added in 2.6.0."""

    unread: bool = False
    """Added in 2.6.0."""

    accounts: tuple[Account, ...] = ()
    """Added in 2.6.0."""

    last_status: Status | None = None
    """Added in 2.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class Context:
    """The thread around a post: what it answers and what answers it.

    See https://docs.joinmastodon.org/entities/Context/.
    """

    ancestors: tuple[Status, ...] = ()
    """Added in 0.6.0."""

    descendants: tuple[Status, ...] = ()
    """Added in 0.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class StatusSource:
    """The plain-text source of a post, for editing it.

    See https://docs.joinmastodon.org/entities/StatusSource.
    """

    id: str = ""
    """Added in 3.5.0."""

    text: str = ""
    """Added in 3.5.0."""

    spoiler_text: str = ""
    """Added in 3.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class Translation:
    """A machine translation of a post.

    See https://docs.joinmastodon.org/entities/Translation.
    """

    content: str = ""
    """Added in 4.0.0."""

    detected_source_language: str = ""
    """Added in 4.0.0."""

    provider: str = ""
    """Added in 4.0.0."""

    spoiler_text: str | None = None
    """Added in 4.2.0."""

    poll: Any = None
    """The translated poll options: an object with an options list, or []. Added in 4.2.0."""

    media_attachments: tuple[Any, ...] = ()
    """Added in 4.2.0."""

    language: str | None = None
    """Added in 4.2.0."""


@attrs.frozen(kw_only=True, slots=False)
class ScheduledPoll:
    """The poll that a scheduled post will be created with.

    See https://docs.joinmastodon.org/entities/ScheduledStatus/.
    """

    options: tuple[str, ...] = ()
    """Added in 2.8.0."""

    expires_in: int | None = None
    """Added in 2.8.0."""

    multiple: bool | None = None
    """Added in 2.8.0."""

    hide_totals: bool | None = None
    """Added in 2.8.0."""


if TYPE_CHECKING:
    AnyQuote: TypeAlias = Quote | ShallowQuote
else:
    AnyQuote = deferred("AnyQuote", Quote | ShallowQuote)
"""A quote with the quoted post (:class:`Quote`) or with its id alone (:class:`ShallowQuote`)."""
