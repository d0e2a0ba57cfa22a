# This file is generated from the async source src/tootkit/_async/accounts.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Accounts (``client.accounts``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Unpack

from tootkit._sync.paginator import Paginator
from tootkit._core.options import ListOptions, WalkOptions
from tootkit._core.request import make_request, tag_name
from tootkit.models import Account, Relationship, Status

if TYPE_CHECKING:
    from tootkit._sync.client import Client

__all__ = ["Accounts"]


class Accounts:
    """The account endpoints."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get(self, id: str) -> Account:
        """An account by id (``GET /api/v1/accounts/:id``).

        See https://docs.joinmastodon.org/methods/accounts/#get.

        Examples:
            >>> (client.accounts.get("1")).acct  # doctest: +SKIP
            'Gargron'
        """
        return self._client._one(Account, make_request("GET", "/api/v1/accounts/{}", id))

    def lookup(self, acct: str) -> Account:
        """An account by its handle, ``user`` or ``user@domain`` (``GET /api/v1/accounts/lookup``, 3.4+).

        A leading ``@`` is removed.

        See https://docs.joinmastodon.org/methods/accounts/#lookup.

        Examples:
            >>> (client.accounts.lookup("@Gargron")).id  # doctest: +SKIP
            '1'
        """
        handle = acct.strip().removeprefix("@") if isinstance(acct, str) else ""
        if not handle:
            raise ValueError("accounts.lookup() needs a handle such as 'user@example.com'")
        request = make_request("GET", "/api/v1/accounts/lookup", params={"acct": handle})
        return self._client._one(Account, request)

    def statuses(
        self,
        id: str,
        *,
        only_media: bool = False,
        exclude_replies: bool = False,
        exclude_reblogs: bool = False,
        pinned: bool = False,
        tagged: str | None = None,
        **walk: Unpack[WalkOptions],
    ) -> Paginator[Status]:
        """An account's statuses, newest first (``GET /api/v1/accounts/:id/statuses``).

        ``tagged`` keeps statuses with that hashtag (Mastodon 2.8+). ``since`` and
        ``until`` bound ``created_at`` as on the timelines.

        See https://docs.joinmastodon.org/methods/accounts/#statuses.

        Examples:
            >>> for status in client.accounts.statuses("1", exclude_reblogs=True, limit=20):  # doctest: +SKIP
            ...     print(status.text)
        """
        params = {
            "only_media": only_media or None,
            "exclude_replies": exclude_replies or None,
            "exclude_reblogs": exclude_reblogs or None,
            "pinned": pinned or None,
            "tagged": tag_name(tagged) if tagged is not None else None,
        }
        # Account statuses page by status id, like the timelines: the same walk.
        return self._client.timelines._walk(
            "/api/v1/accounts/{}/statuses",
            id,
            params=params,
            **walk,
        )

    def followers(self, id: str, **walk: Unpack[ListOptions]) -> Paginator[Account]:
        """The accounts that follow an account (``GET /api/v1/accounts/:id/followers``).

        See https://docs.joinmastodon.org/methods/accounts/#followers.

        Examples:
            >>> [a.acct for a in client.accounts.followers("1", limit=10)]  # doctest: +SKIP
        """
        return self._client._accounts("/api/v1/accounts/{}/followers", id, **walk)

    def following(self, id: str, **walk: Unpack[ListOptions]) -> Paginator[Account]:
        """The accounts that an account follows (``GET /api/v1/accounts/:id/following``).

        See https://docs.joinmastodon.org/methods/accounts/#following.

        Examples:
            >>> [a.acct for a in client.accounts.following("1", limit=10)]  # doctest: +SKIP
        """
        return self._client._accounts("/api/v1/accounts/{}/following", id, **walk)

    def relationships(
        self, ids: Iterable[str], *, with_suspended: bool = False
    ) -> list[Relationship]:
        """How you relate to some accounts (``GET /api/v1/accounts/relationships``); needs a token.

        See https://docs.joinmastodon.org/methods/accounts/#relationships.

        Examples:
            >>> [r.following for r in client.accounts.relationships(["1"])]  # doctest: +SKIP
            [True]
        """
        id_list = [ids] if isinstance(ids, str) else [str(i) for i in ids]
        if not id_list:
            return []
        params = {"id": id_list, "with_suspended": with_suspended or None}
        request = make_request("GET", "/api/v1/accounts/relationships", params=params)
        return self._client._one(list[Relationship], request)

    def follow(
        self, id: str, *, reblogs: bool | None = None, notify: bool | None = None
    ) -> Relationship:
        """Follow an account (``POST /api/v1/accounts/:id/follow``); returns the relationship.

        ``reblogs=False`` hides its boosts from your home; ``notify=True`` notifies
        you of its statuses (3.3+).

        See https://docs.joinmastodon.org/methods/accounts/#follow.

        Examples:
            >>> (client.accounts.follow("1")).following  # doctest: +SKIP
            True
        """
        body = {k: v for k, v in {"reblogs": reblogs, "notify": notify}.items() if v is not None}
        request = make_request("POST", "/api/v1/accounts/{}/follow", id, json=body)
        return self._client._one(Relationship, request)

    def unfollow(self, id: str) -> Relationship:
        """Unfollow an account (``POST /api/v1/accounts/:id/unfollow``).

        See https://docs.joinmastodon.org/methods/accounts/#unfollow.
        """
        request = make_request("POST", "/api/v1/accounts/{}/unfollow", id)
        return self._client._one(Relationship, request)

    def verify_credentials(self) -> Account:
        """The account of the token (``GET /api/v1/accounts/verify_credentials``), with its ``source``.

        See https://docs.joinmastodon.org/methods/accounts/#verify_credentials.

        Examples:
            >>> (client.accounts.verify_credentials()).acct  # doctest: +SKIP
            'mybot'
        """
        request = make_request("GET", "/api/v1/accounts/verify_credentials")
        return self._client._one(Account, request)
