# This file is generated from the async source tests/_async/test_snac2.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""The client against snac2, a third-party server whose Mastodon API someone else wrote.

snac2 sends no Link header on tag timelines, 42-hex ids that are not ordered
within one second, HTML error pages, and local accounts with their domain.
"""

from __future__ import annotations

import pytest

from tests.support.mockserver import Snac2
from tootkit import Client
from tootkit.errors import NotFound

pytestmark = pytest.mark.integration


def test_tag_walk_in_small_pages_sees_every_post_once(snac2: Snac2) -> None:
    with Client(snac2.base_url) as client:
        pages = [page for page in client.timelines.tag("snactest", page_size=2).pages()]
    texts = [status.text for page in pages for status in page.items]
    assert sorted(texts) == [f"post {n} about #snactest" for n in range(5)]
    assert [len(page.items) for page in pages] == [2, 2, 1]


def test_one_page(snac2: Snac2) -> None:
    with Client(snac2.base_url) as client:
        pages = client.timelines.tag("snactest", page_size=3).pages()
        page = pages.__next__()
        pages.close()
    assert len(page.items) == 3
    assert page.next_cursor is not None  # no Link header: the walk goes on below the last id
    assert all(len(status.id) == 42 for status in page.items)


def test_post_read_thread_and_delete(snac2: Snac2) -> None:
    with Client(snac2.base_url, access_token=snac2.tokens["bob"]) as client:
        root = client.statuses.create("a question from bob")
        reply = client.statuses.create("an answer", in_reply_to_id=root.id)
        assert (client.statuses.get(root.id)).text == "a question from bob"
        context = client.statuses.context(reply.id)
        assert [s.id for s in context.ancestors] == [root.id]
        client.statuses.delete(reply.id)
        with pytest.raises(NotFound):
            client.statuses.get(reply.id)


def test_lookup(snac2: Snac2) -> None:
    with Client(snac2.base_url) as client:
        alice = client.accounts.lookup("alice")
    assert alice.username == "alice"
    assert alice.acct.startswith("alice")  # snac2 gives local accounts their domain


def test_not_found_is_an_html_page_read_as_not_found(snac2: Snac2) -> None:
    with Client(snac2.base_url, access_token=snac2.tokens["alice"]) as client:
        with pytest.raises(NotFound) as caught:
            client.statuses.get("0" * 42)
    assert caught.value.status_code == 404
