# This file is generated from the async source tests/_async/test_stream_servers.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""What real servers say to a stream, where the docs make a claim about one.
"""

from __future__ import annotations

import pytest

from tests.support.mockserver import Snac2
from tootkit import Client
from tootkit.errors import StreamingNotSupported

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


def test_snac2_does_not_stream(snac2: Snac2) -> None:
    with Client(snac2.base_url, access_token=snac2.tokens["alice"]) as client:
        with pytest.raises(StreamingNotSupported, match="does not stream") as caught:
            for _ in client.streaming.public():
                pass
    assert "WebSocket answered" in str(caught.value)
    assert "Server-Sent Events answered" in str(caught.value)


def test_mastodon_mock_takes_a_websocket_token_only_in_the_url(
    base_url: str, token: str
) -> None:
    # tootkit sends it in the Authorization header, never in the URL: the user stream's
    # upgrade is refused there with a 403 (under "auto", the stream goes over SSE instead).
    with Client(base_url, access_token=token) as client:
        with pytest.raises(StreamingNotSupported, match="WebSocket answered 403"):
            for _ in client.streaming.user(transport="websocket"):
                pass
