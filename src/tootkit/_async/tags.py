"""Hashtags (``client.tags``).

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from tootkit._async.paginator import AsyncPaginator
from tootkit._core.options import ListOptions
from tootkit._core.request import make_request, tag_name
from tootkit.models import FeaturedTag, Tag

if TYPE_CHECKING:
    from tootkit._async.client import AsyncClient

__all__ = ["AsyncTags"]


class AsyncTags:
    """The hashtag endpoints."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def get(self, name: str) -> Tag:
        """A hashtag with its recent use and, with a token, whether you follow it.

        ``GET /api/v1/tags/:name``, Mastodon 4.0+. A leading ``#`` is removed.

        See https://docs.joinmastodon.org/methods/tags/#get.

        Examples:
            >>> tag = await client.tags.get("#python")  # doctest: +SKIP
            >>> tag.name, tag.history[0].uses  # doctest: +SKIP
            ('python', 132)
        """
        request = make_request("GET", "/api/v1/tags/{}", tag_name(name))
        return await self._client._one(Tag, request)

    def followed(self, **walk: Unpack[ListOptions]) -> AsyncPaginator[Tag]:
        """The hashtags you follow (``GET /api/v1/followed_tags``, 4.0+); needs a token.

        This list pages by internal ids, not tag names: follow the cursors.

        See https://docs.joinmastodon.org/methods/followed_tags/#get.

        Examples:
            >>> [tag.name async for tag in client.tags.followed()]  # doctest: +SKIP
            ['python', 'rust']
        """
        request = make_request("GET", "/api/v1/followed_tags")
        return self._client._paginate(Tag, request, max_page_size=200, **walk)

    def featured(self, *, limit: int | None = None) -> AsyncPaginator[FeaturedTag]:
        """The hashtags featured on your profile (``GET /api/v1/featured_tags``, 3.0+).

        Mastodon returns them in one page; the paginator keeps the interface
        the same as every other list.

        See https://docs.joinmastodon.org/methods/featured_tags/#get.

        Examples:
            >>> [tag.name async for tag in client.tags.featured()]  # doctest: +SKIP
            ['python']
        """
        request = make_request("GET", "/api/v1/featured_tags")
        return self._client._paginate(FeaturedTag, request, limit=limit)

    async def _act(self, name: str, action: str) -> Tag:
        request = make_request("POST", "/api/v1/tags/{}/" + action, tag_name(name))
        return await self._client._one(Tag, request)

    async def follow(self, name: str) -> Tag:
        """Follow a hashtag (``POST /api/v1/tags/:name/follow``, 4.0+): its statuses reach your home.

        See https://docs.joinmastodon.org/methods/tags/#follow.

        Examples:
            >>> (await client.tags.follow("#python")).following  # doctest: +SKIP
            True
        """
        return await self._act(name, "follow")

    async def unfollow(self, name: str) -> Tag:
        """Unfollow a hashtag (``POST /api/v1/tags/:name/unfollow``, 4.0+).

        See https://docs.joinmastodon.org/methods/tags/#unfollow.
        """
        return await self._act(name, "unfollow")

    async def feature(self, name: str) -> Tag:
        """Feature a hashtag on your profile (``POST /api/v1/tags/:name/feature``, 4.4+).

        See https://docs.joinmastodon.org/methods/tags/#feature.
        """
        return await self._act(name, "feature")

    async def unfeature(self, name: str) -> Tag:
        """Stop featuring a hashtag (``POST /api/v1/tags/:name/unfeature``, 4.4+).

        See https://docs.joinmastodon.org/methods/tags/#unfeature.
        """
        return await self._act(name, "unfeature")
