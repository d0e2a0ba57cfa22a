# This file is generated from the async source tests/_async/test_server.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""``client.server``: NodeInfo, peers and plain documents, from a real mastodon-mock server.
"""

from __future__ import annotations

import pytest

from tootkit import Client
from tootkit.errors import NotFound

pytestmark = pytest.mark.integration


def test_nodeinfo_names_the_software(base_url: str) -> None:
    with Client(base_url) as client:
        info = client.server.nodeinfo()
    assert info.software.name == "mastodon"
    assert info.software.version


def test_peers_is_a_list_of_names(base_url: str) -> None:
    with Client(base_url) as client:
        assert client.server.peers() == []


def test_a_document_that_is_missing_is_not_found(base_url: str) -> None:
    with Client(base_url) as client:
        with pytest.raises(NotFound):
            client.server.document("/robots.txt")
        with pytest.raises(ValueError, match="one '/'"):
            client.server.document("//elsewhere.example/robots.txt")
        with pytest.raises(ValueError, match="one '/'"):
            client.server.document("https://elsewhere.example/robots.txt")
        assert b"nodeinfo" in client.server.document("/.well-known/nodeinfo")
