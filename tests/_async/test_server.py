"""``client.server``: NodeInfo, peers and plain documents, from a real mastodon-mock server.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import pytest

from tootkit import AsyncClient
from tootkit.errors import NotFound

pytestmark = pytest.mark.integration


async def test_nodeinfo_names_the_software(base_url: str) -> None:
    async with AsyncClient(base_url) as client:
        info = await client.server.nodeinfo()
    assert info.software.name == "mastodon"
    assert info.software.version


async def test_peers_is_a_list_of_names(base_url: str) -> None:
    async with AsyncClient(base_url) as client:
        assert await client.server.peers() == []


async def test_a_document_that_is_missing_is_not_found(base_url: str) -> None:
    async with AsyncClient(base_url) as client:
        with pytest.raises(NotFound):
            await client.server.document("/robots.txt")
        with pytest.raises(ValueError, match="one '/'"):
            await client.server.document("//elsewhere.example/robots.txt")
        with pytest.raises(ValueError, match="one '/'"):
            await client.server.document("https://elsewhere.example/robots.txt")
        assert b"nodeinfo" in await client.server.document("/.well-known/nodeinfo")
