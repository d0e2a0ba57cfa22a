"""What real servers say to a stream, where the docs make a claim about one.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import pytest

from tests.support.mockserver import Snac2
from tootkit import AsyncClient
from tootkit.errors import StreamingNotSupported

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


async def test_snac2_does_not_stream(snac2: Snac2) -> None:
    async with AsyncClient(snac2.base_url, access_token=snac2.tokens["alice"]) as client:
        with pytest.raises(StreamingNotSupported, match="does not stream") as caught:
            async for _ in client.streaming.public():
                pass
    assert "WebSocket answered" in str(caught.value)
    assert "Server-Sent Events answered" in str(caught.value)


async def test_mastodon_mock_takes_a_websocket_token_only_in_the_url(
    base_url: str, token: str
) -> None:
    # tootkit sends it in the Authorization header, never in the URL: the user stream's
    # upgrade is refused there with a 403 (under "auto", the stream goes over SSE instead).
    async with AsyncClient(base_url, access_token=token) as client:
        with pytest.raises(StreamingNotSupported, match="WebSocket answered 403"):
            async for _ in client.streaming.user(transport="websocket"):
                pass
