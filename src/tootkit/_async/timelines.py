"""Timelines: hashtag, public, home, list and link (``client.timelines``).

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Unpack

from tootkit._async.paginator import AsyncPaginator
from tootkit._core.options import WalkOptions
from tootkit._core.request import make_request, tag_name
from tootkit.models import Status

if TYPE_CHECKING:
    from tootkit._async.client import AsyncClient

__all__ = ["AsyncTimelines"]


def _tag_list(names: Iterable[str] | str) -> list[str] | None:
    if isinstance(names, str):
        names = [names]
    cleaned = [tag_name(n) for n in names]
    return cleaned or None


class AsyncTimelines:
    """The timeline endpoints. Each method returns a paginator of statuses.

    Every method takes the keywords of :class:`~tootkit.WalkOptions`:

    - ``limit``: the most statuses to yield in all;
    - ``since`` and ``until``: aware datetimes that bound ``created_at``, both
      inclusive (a naive datetime raises ``ValueError``). On Mastodon and
      GoToSocial, whose ids carry their time, they are turned into ids, so the
      server skips what lies outside; elsewhere the walk filters and stops once
      past the bound;
    - ``page_size``: statuses per request, at most 40 (larger values are clamped);
    - the raw cursors ``max_id``, ``min_id`` (which walks toward newer statuses)
      and ``since_id``;
    - ``cursor``: a saved ``page.next_cursor``, to resume a walk.
    """

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    def _walk(
        self,
        template: str,
        *segments: object,
        params: dict[str, Any],
        limit: int | None = None,
        page_size: int = 40,
        max_id: str | None = None,
        min_id: str | None = None,
        since_id: str | None = None,
        cursor: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> AsyncPaginator[Status]:
        params = {**params, "max_id": max_id, "min_id": min_id, "since_id": since_id}
        request = make_request("GET", template, *segments, params=params)
        return self._client._paginate(
            Status,
            request,
            limit=limit,
            page_size=page_size,
            max_page_size=40,
            cursor=cursor,
            since=since,
            until=until,
            kind="link_or_id",
        )

    def tag(
        self,
        name: str,
        *,
        any: Iterable[str] = (),
        all: Iterable[str] = (),
        none: Iterable[str] = (),
        local: bool = False,
        remote: bool = False,
        only_media: bool = False,
        **walk: Unpack[WalkOptions],
    ) -> AsyncPaginator[Status]:
        """Public statuses with a hashtag, newest first (``GET /api/v1/timelines/tag/:hashtag``).

        A leading ``#`` is removed and the name is percent-encoded, so
        ``"#café"`` and ``"日本語"`` work. ``any``, ``all`` and ``none`` add more
        hashtags that a status must have one of, all of, or none of (Mastodon
        2.7+). ``local`` and ``remote`` keep only this instance's or other
        instances' statuses, and ``only_media`` only statuses with media.

        See https://docs.joinmastodon.org/methods/timelines/#tag.

        Examples:
            >>> async for status in client.timelines.tag("#python", any=["django"], limit=40):  # doctest: +SKIP
            ...     print(status.created_at, status.text)
        """
        params = {
            "any": _tag_list(any),
            "all": _tag_list(all),
            "none": _tag_list(none),
            "local": local or None,
            "remote": remote or None,
            "only_media": only_media or None,
        }
        return self._walk(
            "/api/v1/timelines/tag/{}",
            tag_name(name),
            params=params,
            **walk,
        )

    def public(
        self,
        *,
        local: bool = False,
        remote: bool = False,
        only_media: bool = False,
        **walk: Unpack[WalkOptions],
    ) -> AsyncPaginator[Status]:
        """Public statuses, newest first (``GET /api/v1/timelines/public``).

        ``local`` keeps this instance's statuses, ``remote`` (Mastodon 3.1.4+)
        other instances', and ``only_media`` statuses with media.

        See https://docs.joinmastodon.org/methods/timelines/#public.

        Examples:
            >>> async for status in client.timelines.public(local=True, limit=20):  # doctest: +SKIP
            ...     print(status.url)
        """
        params = {
            "local": local or None,
            "remote": remote or None,
            "only_media": only_media or None,
        }
        return self._walk(
            "/api/v1/timelines/public",
            params=params,
            **walk,
        )

    def home(
        self,
        **walk: Unpack[WalkOptions],
    ) -> AsyncPaginator[Status]:
        """Statuses of the accounts you follow (``GET /api/v1/timelines/home``); needs a token.

        See https://docs.joinmastodon.org/methods/timelines/#home.

        Examples:
            >>> async for status in client.timelines.home(limit=20):  # doctest: +SKIP
            ...     print(status.account.acct)
        """
        return self._walk(
            "/api/v1/timelines/home",
            params={},
            **walk,
        )

    def list(
        self,
        list_id: str,
        **walk: Unpack[WalkOptions],
    ) -> AsyncPaginator[Status]:
        """Statuses of the accounts in one of your lists (``GET /api/v1/timelines/list/:id``, 2.1+).

        See https://docs.joinmastodon.org/methods/timelines/#list.

        Examples:
            >>> async for status in client.timelines.list("42", limit=20):  # doctest: +SKIP
            ...     print(status.account.acct)
        """
        return self._walk(
            "/api/v1/timelines/list/{}",
            list_id,
            params={},
            **walk,
        )

    def link(
        self,
        url: str,
        **walk: Unpack[WalkOptions],
    ) -> AsyncPaginator[Status]:
        """Public statuses that share a trending link (``GET /api/v1/timelines/link``, 4.3+).

        See https://docs.joinmastodon.org/methods/timelines/#link.

        Examples:
            >>> async for status in client.timelines.link("https://example.com/article"):  # doctest: +SKIP
            ...     print(status.url)
        """
        if not isinstance(url, str) or not url.strip():
            raise ValueError("timelines.link() needs the URL of a trending link")
        return self._walk(
            "/api/v1/timelines/link",
            params={"url": url},
            **walk,
        )
