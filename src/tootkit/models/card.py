"""Link preview cards and trending links."""

from __future__ import annotations

import attrs

from tootkit.models._base import EPOCH, CardType, Timestamp
from tootkit.models.account import Account

__all__ = ["OEmbed", "PreviewCard", "PreviewCardAuthor", "TrendLink", "TrendingLinkHistory"]


@attrs.frozen(kw_only=True, slots=False)
class PreviewCard:
    """A preview of a link in a post, or a trending link.

    See https://docs.joinmastodon.org/entities/PreviewCard/.
    """

    url: str = ""
    """Added in 1.0.0."""

    title: str = ""
    """Added in 1.0.0."""

    description: str = ""
    """Added in 1.0.0."""

    type: CardType | None = None
    """Added in 1.3.0."""

    image: str | None = None
    """Added in 1.0.0."""

    author_name: str = ""
    """Added in 1.3.0. Deprecated in 4.3.0. Deprecated."""

    author_url: str = ""
    """Added in 1.3.0. Deprecated in 4.3.0."""

    width: int = 0
    """Added in 1.3.0."""

    height: int = 0
    """Added in 1.3.0."""

    html: str = ""
    """Added in 1.3.0."""

    provider_name: str = ""
    """Added in 1.3.0."""

    provider_url: str = ""
    """Added in 1.3.0."""

    blurhash: str | None = None
    """Added in 3.2.0."""

    language: str | None = None
    """Added in 1.3.0."""

    embed_url: str = ""
    """Added in 2.1.0."""

    authors: tuple[PreviewCardAuthor, ...] = ()
    """Added in 4.3.0."""

    image_description: str = ""
    """Added in 4.2.0."""

    published_at: Timestamp | None = None
    """Added in 4.2.0."""

    history: tuple[TrendingLinkHistory, ...] = ()
    """Added in 3.5.0."""

    missing_attribution: bool | None = None
    """Added in 4.6.0."""


@attrs.frozen(kw_only=True, slots=False)
class TrendingLinkHistory:
    """Shares of a trending link on one day.

    See https://docs.joinmastodon.org/entities/PreviewCard/#trends-link.
    """

    day: Timestamp = EPOCH
    """Added in 3.5.0."""

    uses: int = 0
    """Added in 3.5.0."""

    accounts: int = 0
    """Added in 3.5.0."""


@attrs.frozen(kw_only=True, slots=False)
class PreviewCardAuthor:
    """An author of a linked page, with their fediverse account if known.

    See https://docs.joinmastodon.org/entities/PreviewCardAuthor/.
    """

    name: str = ""
    """Added in 4.3.0. Deprecated."""

    url: str = ""
    """Added in 4.3.0."""

    account: Account = attrs.Factory(Account)
    """Added in 4.3.0."""


@attrs.frozen(kw_only=True, slots=False)
class OEmbed:
    """The oEmbed description of a post, for embedding it in a web page.

    See https://docs.joinmastodon.org/methods/oembed/.
    """

    type: str | None = None
    """"""

    version: str | None = None
    """"""

    title: str | None = None
    """"""

    author_name: str | None = None
    """"""

    author_url: str | None = None
    """"""

    provider_name: str | None = None
    """"""

    provider_url: str | None = None
    """"""

    cache_age: int | None = None
    """"""

    html: str | None = None
    """"""

    width: int | None = None
    """"""

    height: int | None = None
    """"""

    url: str | None = None
    """"""

    thumbnail_url: str | None = None
    """"""

    thumbnail_width: int | None = None
    """"""

    thumbnail_height: int | None = None
    """"""


@attrs.frozen(kw_only=True, slots=False)
class TrendLink(PreviewCard):
    """A link that is trending on the server: a preview card with its daily shares.

    See https://docs.joinmastodon.org/methods/trends/#links.
    """
