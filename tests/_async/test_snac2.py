"""The client against snac2, a third-party server whose Mastodon API someone else wrote.

snac2 sends no Link header on tag timelines, 42-hex ids that are not ordered
within one second, HTML error pages, and local accounts with their domain.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import pytest

from tests.support.mockserver import Snac2
from tootkit import AsyncClient
from tootkit.errors import NotFound

pytestmark = pytest.mark.integration


async def test_tag_walk_in_small_pages_sees_every_post_once(snac2: Snac2) -> None:
    async with AsyncClient(snac2.base_url) as client:
        pages = [page async for page in client.timelines.tag("snactest", page_size=2).pages()]
    texts = [status.text for page in pages for status in page.items]
    assert sorted(texts) == [f"post {n} about #snactest" for n in range(5)]
    assert [len(page.items) for page in pages] == [2, 2, 1]


async def test_one_page(snac2: Snac2) -> None:
    async with AsyncClient(snac2.base_url) as client:
        pages = client.timelines.tag("snactest", page_size=3).pages()
        page = await pages.__anext__()
        await pages.aclose()
    assert len(page.items) == 3
    assert page.next_cursor is not None  # no Link header: the walk goes on below the last id
    assert all(len(status.id) == 42 for status in page.items)


async def test_post_read_thread_and_delete(snac2: Snac2) -> None:
    async with AsyncClient(snac2.base_url, access_token=snac2.tokens["bob"]) as client:
        root = await client.statuses.create("a question from bob")
        reply = await client.statuses.create("an answer", in_reply_to_id=root.id)
        assert (await client.statuses.get(root.id)).text == "a question from bob"
        context = await client.statuses.context(reply.id)
        assert [s.id for s in context.ancestors] == [root.id]
        await client.statuses.delete(reply.id)
        with pytest.raises(NotFound):
            await client.statuses.get(reply.id)


async def test_lookup(snac2: Snac2) -> None:
    async with AsyncClient(snac2.base_url) as client:
        alice = await client.accounts.lookup("alice")
    assert alice.username == "alice"
    assert alice.acct.startswith("alice")  # snac2 gives local accounts their domain


async def test_not_found_is_an_html_page_read_as_not_found(snac2: Snac2) -> None:
    async with AsyncClient(snac2.base_url, access_token=snac2.tokens["alice"]) as client:
        with pytest.raises(NotFound) as caught:
            await client.statuses.get("0" * 42)
    assert caught.value.status_code == 404
