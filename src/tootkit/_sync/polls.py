# This file is generated from the async source src/tootkit/_async/polls.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Polls (``client.polls``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tootkit._core.request import make_request
from tootkit.models import Poll

if TYPE_CHECKING:
    from tootkit._sync.client import Client

__all__ = ["Polls"]


class Polls:
    """The poll endpoints."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def get(self, id: str) -> Poll:
        """A poll (``GET /api/v1/polls/:id``, 2.8+).

        See https://docs.joinmastodon.org/methods/polls/#get.
        """
        return self._client._one(Poll, make_request("GET", "/api/v1/polls/{}", id))

    def vote(self, id: str, choices: Iterable[int]) -> Poll:
        """Vote in a poll (``POST /api/v1/polls/:id/votes``, 2.8+): ``choices`` are option indexes.

        See https://docs.joinmastodon.org/methods/polls/#vote.

        Examples:
            >>> (client.polls.vote("34", [1])).voted  # doctest: +SKIP
            True
        """
        picked = [int(c) for c in choices]
        if not picked:
            raise ValueError("vote for at least one choice (an option index)")
        request = make_request("POST", "/api/v1/polls/{}/votes", id, json={"choices": picked})
        return self._client._one(Poll, request)
