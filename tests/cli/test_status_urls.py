"""``tootkit status`` and ``thread`` by a status's web address, on servers whose addresses do not end in the id."""

from __future__ import annotations

import pytest

from tests.support.cli import run
from tests.support.mockserver import MockServer, Snac2
from tootkit import Client
from tootkit.errors import NotFound

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def snac2_post(snac2: Snac2) -> dict[str, str]:
    with Client(snac2.base_url, access_token=snac2.tokens["alice"]) as client:
        root = client.statuses.create("a post whose address is not its id")
        reply = client.statuses.create("and a reply", in_reply_to_id=root.id)
    assert root.url is not None
    assert not root.url.endswith(root.id)
    return {"id": root.id, "url": root.url, "reply": reply.url or ""}


def test_status_by_a_snac2_address(
    snac2: Snac2, snac2_post: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    token = snac2.tokens["alice"]
    assert run("status", snac2_post["url"], "--token", token, "--format", "jsonl") == 0
    assert f'"id":"{snac2_post["id"]}"' in capsys.readouterr().out
    assert run("thread", snac2_post["reply"], "--token", token) == 0
    out = capsys.readouterr().out
    assert "a post whose address is not its id" in out
    assert "  and a reply" in out


def test_a_snac2_address_without_a_token_asks_for_one(
    snac2_post: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("status", snac2_post["url"]) == 1
    err = capsys.readouterr().err
    assert "refused the request (401" in err
    assert "--token" in err


def test_resolve_by_address_on_snac2(snac2: Snac2, snac2_post: dict[str, str]) -> None:
    with Client(snac2.base_url, access_token=snac2.tokens["alice"]) as client:
        assert client.statuses.resolve(snac2_post["url"]).id == snac2_post["id"]


def test_resolve_on_mastodon_mock(mock_server: MockServer) -> None:
    posted = mock_server.post_status("an address that ends in its id")
    origin = posted["url"].split("/@")[0]  # the mock names itself localhost
    with Client(origin) as client:
        assert client.statuses.resolve(posted["url"]).id == posted["id"]
        # No status has that id, and search finds no such address: NotFound, which names it.
        gone = posted["url"].rsplit("/", 1)[0] + "/1"
        with pytest.raises(NotFound, match="no status has the address"):
            client.statuses.resolve(gone)
        with pytest.raises(NotFound, match="no status has the address"):
            client.statuses.resolve(posted["url"] + ".html")
