"""Polls (``client.polls``).

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tootkit._core.request import make_request
from tootkit.models import Poll

if TYPE_CHECKING:
    from tootkit._async.client import AsyncClient

__all__ = ["AsyncPolls"]


class AsyncPolls:
    """The poll endpoints."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def get(self, id: str) -> Poll:
        """A poll (``GET /api/v1/polls/:id``, 2.8+).

        See https://docs.joinmastodon.org/methods/polls/#get.
        """
        return await self._client._one(Poll, make_request("GET", "/api/v1/polls/{}", id))

    async def vote(self, id: str, choices: Iterable[int]) -> Poll:
        """Vote in a poll (``POST /api/v1/polls/:id/votes``, 2.8+): ``choices`` are option indexes.

        See https://docs.joinmastodon.org/methods/polls/#vote.

        Examples:
            >>> (await client.polls.vote("34", [1])).voted  # doctest: +SKIP
            True
        """
        picked = [int(c) for c in choices]
        if not picked:
            raise ValueError("vote for at least one choice (an option index)")
        request = make_request("POST", "/api/v1/polls/{}/votes", id, json={"choices": picked})
        return await self._client._one(Poll, request)
