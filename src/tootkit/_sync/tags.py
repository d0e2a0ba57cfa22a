# This file is generated from the async source src/tootkit/_async/tags.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Hashtags (``client.tags``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from tootkit._sync.paginator import Paginator
from tootkit._core.options import ListOptions
from tootkit._core.request import make_request, tag_name
from tootkit.models import FeaturedTag, Tag

if TYPE_CHECKING:
    from tootkit._sync.client import Client

__all__ = ["Tags"]


class Tags:
    """The hashtag endpoints."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get(self, name: str) -> Tag:
        """A hashtag with its recent use and, with a token, whether you follow it.

        ``GET /api/v1/tags/:name``, Mastodon 4.0+. A leading ``#`` is removed.

        See https://docs.joinmastodon.org/methods/tags/#get.

        Examples:
            >>> tag = client.tags.get("#python")  # doctest: +SKIP
            >>> tag.name, tag.history[0].uses  # doctest: +SKIP
            ('python', 132)
        """
        request = make_request("GET", "/api/v1/tags/{}", tag_name(name))
        return self._client._one(Tag, request)

    def followed(self, **walk: Unpack[ListOptions]) -> Paginator[Tag]:
        """The hashtags you follow (``GET /api/v1/followed_tags``, 4.0+); needs a token.

        This list pages by internal ids, not tag names: follow the cursors.

        See https://docs.joinmastodon.org/methods/followed_tags/#get.

        Examples:
            >>> [tag.name for tag in client.tags.followed()]  # doctest: +SKIP
            ['python', 'rust']
        """
        request = make_request("GET", "/api/v1/followed_tags")
        return self._client._paginate(Tag, request, max_page_size=200, **walk)

    def featured(self, *, limit: int | None = None) -> Paginator[FeaturedTag]:
        """The hashtags featured on your profile (``GET /api/v1/featured_tags``, 3.0+).

        Mastodon returns them in one page; the paginator keeps the interface
        the same as every other list.

        See https://docs.joinmastodon.org/methods/featured_tags/#get.

        Examples:
            >>> [tag.name for tag in client.tags.featured()]  # doctest: +SKIP
            ['python']
        """
        request = make_request("GET", "/api/v1/featured_tags")
        return self._client._paginate(FeaturedTag, request, limit=limit)

    def _act(self, name: str, action: str) -> Tag:
        request = make_request("POST", "/api/v1/tags/{}/" + action, tag_name(name))
        return self._client._one(Tag, request)

    def follow(self, name: str) -> Tag:
        """Follow a hashtag (``POST /api/v1/tags/:name/follow``, 4.0+): its statuses reach your home.

        See https://docs.joinmastodon.org/methods/tags/#follow.

        Examples:
            >>> (client.tags.follow("#python")).following  # doctest: +SKIP
            True
        """
        return self._act(name, "follow")

    def unfollow(self, name: str) -> Tag:
        """Unfollow a hashtag (``POST /api/v1/tags/:name/unfollow``, 4.0+).

        See https://docs.joinmastodon.org/methods/tags/#unfollow.
        """
        return self._act(name, "unfollow")

    def feature(self, name: str) -> Tag:
        """Feature a hashtag on your profile (``POST /api/v1/tags/:name/feature``, 4.4+).

        See https://docs.joinmastodon.org/methods/tags/#feature.
        """
        return self._act(name, "feature")

    def unfeature(self, name: str) -> Tag:
        """Stop featuring a hashtag (``POST /api/v1/tags/:name/unfeature``, 4.4+).

        See https://docs.joinmastodon.org/methods/tags/#unfeature.
        """
        return self._act(name, "unfeature")
