# This file is generated from the async source tests/_async/test_integration.py by scripts/unasync.py: do not edit it.
# Change the async source and run `python scripts/unasync.py` instead.
"""Both clients against a real mastodon-mock server on loopback.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

import tootkit
from tests.conftest import Seed
from tests.support.mockserver import MockServer
from tootkit import Client
from tootkit.errors import DecodeError, NotFound, Unauthorized
from tootkit.models import Account, Context, Instance, SearchResults, Status, Tag

pytestmark = pytest.mark.integration


@pytest.fixture
def client(base_url: str, token: str) -> Iterator[Client]:
    with Client(base_url, access_token=token) as c:
        yield c


@pytest.fixture
def anonymous(base_url: str) -> Iterator[Client]:
    with Client(base_url) as c:
        yield c


def test_tag_timeline_walks_every_status_once_in_order(
    anonymous: Client, seed: Seed
) -> None:
    statuses = [s for s in anonymous.timelines.tag("tootkit", page_size=7)]
    assert [s.id for s in statuses] == seed.tag_ids
    assert all(isinstance(s, Status) for s in statuses)
    assert all(s.created_at.tzinfo is not None for s in statuses)
    assert statuses[-1].text == "post 0 about #tootkit"


def test_tag_timeline_limit_strips_hash_and_encodes_unicode(
    anonymous: Client, seed: Seed
) -> None:
    first = [s.id for s in anonymous.timelines.tag("#tootkit", limit=25)]
    assert first == seed.tag_ids[:25]
    assert [s.id for s in anonymous.timelines.tag("café")] == seed.cafe_ids
    # 日本語 is covered by the request-building table: mastodon-mock 0.6.1 answers
    # 500 for a CJK tag timeline once such a status exists.


def test_pages_carry_cursors_that_resume_the_walk(anonymous: Client, seed: Seed) -> None:
    pages = anonymous.timelines.tag("tootkit", page_size=10).pages()
    first = pages.__next__()
    pages.close()
    assert [s.id for s in first.items] == seed.tag_ids[:10]
    assert first.next_cursor is not None
    rest = [s.id for s in anonymous.timelines.tag("tootkit", cursor=first.next_cursor)]
    assert rest == seed.tag_ids[10:]
    newer = [s.id for s in anonymous.timelines.tag("tootkit", min_id=seed.tag_ids[5])]
    assert sorted(newer) == sorted(seed.tag_ids[:5])


def test_public_timeline_and_account_statuses(client: Client, seed: Seed) -> None:
    public = [s for s in client.timelines.public(limit=5)]
    assert len(public) == 5
    mine = [s.id for s in client.accounts.statuses(seed.account_id, tagged="tootkit")]
    assert mine == seed.tag_ids
    assert len([s for s in client.timelines.home(limit=3)]) == 3


def test_statuses(client: Client, seed: Seed) -> None:
    status = client.statuses.get(seed.thread[1])
    assert status.in_reply_to_id == seed.thread[0]
    context = client.statuses.context(seed.thread[1])
    assert isinstance(context, Context)
    assert [s.id for s in context.ancestors] == [seed.thread[0]]
    assert [s.id for s in context.descendants] == [seed.thread[2]]
    many = client.statuses.get_many(seed.thread)
    assert sorted(s.id for s in many) == sorted(seed.thread)
    boosters = [a.id for a in client.statuses.reblogged_by(seed.boosted_id)]
    fans = [a.id for a in client.statuses.favourited_by(seed.boosted_id)]
    assert boosters == [seed.alice_id]
    assert fans == [seed.alice_id]
    source = client.statuses.source(seed.thread[0])
    assert source.source_text if hasattr(source, "source_text") else source.text
    history = client.statuses.history(seed.thread[0])
    assert len(history) >= 1


def test_tags(client: Client) -> None:
    tag = client.tags.get("#TootKit")
    assert isinstance(tag, Tag)
    assert tag.name.lower() == "tootkit"
    assert all(isinstance(day.uses, int) for day in tag.history)
    followed = [t.name for t in client.tags.followed()]
    assert "tootkit" in followed
    featured = [t.name for t in client.tags.featured()]
    assert featured == ["tootkit"]


def test_trends_search_instance(client: Client, seed: Seed) -> None:
    assert "tootkit" in [t.name for t in client.trends.tags(limit=5)]
    trending = [s.id for s in client.trends.statuses(limit=5)]
    assert len(trending) == len(set(trending)) == 5
    assert [link for link in client.trends.links(limit=5)] == []  # the seed has no links
    results = client.search("tootkit", type="hashtags")
    assert isinstance(results, SearchResults)
    assert "tootkit" in [t.name for t in results.hashtags]
    instance = client.instance()
    assert isinstance(instance, Instance)
    assert instance.configuration.statuses.max_characters > 0


def test_search_walks_by_offset_to_its_end(client: Client, seed: Seed) -> None:
    # mastodon-mock ignores offset: the walk sees the same page again and stops there.
    found = [s for s in client.search.statuses("post")]
    assert len(found) == len({s.id for s in found}) >= 20
    assert all("post" in s.text for s in found)
    few = [s.id for s in client.search.statuses("post", limit=7)]
    assert few == [s.id for s in found[:7]]


def test_accounts(client: Client, seed: Seed) -> None:
    me = client.accounts.get(seed.account_id)
    assert isinstance(me, Account)
    assert (client.accounts.lookup("@testuser")).id == seed.account_id
    followers = [a.id for a in client.accounts.followers(seed.account_id)]
    assert seed.alice_id in followers
    following = [a.id for a in client.accounts.following(seed.alice_id)]
    assert seed.account_id in following
    relationships = client.accounts.relationships([seed.alice_id])
    assert relationships[0].id == seed.alice_id
    assert relationships[0].followed_by is True
    assert isinstance(me.created_at, datetime)


def test_errors_are_typed(
    client: Client, base_url: str, mock_server: MockServer
) -> None:
    with pytest.raises(NotFound) as caught:
        client.statuses.get("999999999")
    assert caught.value.status_code == 404
    # A hostile id stays one path segment: it cannot reach another endpoint.
    with pytest.raises(NotFound):
        client.statuses.get("../../api/v1/instance")
    with Client(base_url, access_token="not-a-token") as bad:
        with pytest.raises(Unauthorized):
            bad.timelines.home().pages().__next__()
    rule = mock_server.add_fault(
        {"match": {"path": "/api/v1/timelines/tag/broken"}, "effect": {"type": "malformed"}}
    )
    try:
        with pytest.raises(DecodeError) as decode:
            [s for s in client.timelines.tag("broken")]
        assert decode.value.endpoint == "GET /api/v1/timelines/tag/broken"
        assert decode.value.raw == '{"error": "truncated'
    finally:
        mock_server.http.delete(f"/api/v1/_mock/faults/{rule}")


def test_token_is_not_in_repr(base_url: str) -> None:
    with Client(base_url, access_token="s3cret-token") as c:
        assert "s3cret" not in repr(c)
        assert "s3cret" not in repr(c.__dict__)


def test_models_round_trip(seed: Seed, mock_server: MockServer) -> None:
    body = mock_server.http.get(f"/api/v1/statuses/{seed.thread[0]}").content
    status = tootkit.converter.loads(body, Status)
    again = tootkit.converter.structure(tootkit.converter.unstructure(status), Status)
    assert again == status


def test_mock_server_date_bounds_both_directions(anonymous: Client, seed: Seed) -> None:
    everything = [s for s in anonymous.timelines.tag("tootkit")]
    since, until = everything[20].created_at, everything[10].created_at
    older = [s.id for s in anonymous.timelines.tag("tootkit", since=since, until=until)]
    assert older == seed.tag_ids[10:21]
    newer = [
        s.id
        for s in anonymous.timelines.tag(
            "tootkit", since=since, until=until, page_size=4
        ).newer()
    ]
    assert sorted(newer) == sorted(seed.tag_ids[10:21])
    assert len(newer) == 11


def test_mock_server_limit_and_resume(anonymous: Client, seed: Seed) -> None:
    pages = anonymous.timelines.tag("tootkit", limit=25, page_size=10).pages()
    cursor = None
    count = 0
    for page in pages:
        count += len(page.items)
        cursor = page.next_cursor
    assert count == 25
    assert cursor is not None
    rest = [s.id for s in anonymous.timelines.tag("tootkit", cursor=cursor)]
    assert rest == seed.tag_ids[25:]


def test_favourites_page_by_their_own_ids(
    base_url: str, seed: Seed, mock_server: MockServer
) -> None:
    # Favourite in an order unlike the statuses' own: the favourites list pages
    # by favourite ids, which no item shows, so only the Link header can lead.
    token = mock_server.new_user(f"fan{uuid.uuid4().hex[:8]}")
    chosen = [seed.tag_ids[i] for i in (30, 2, 45, 7, 19)]
    for status_id in chosen:
        mock_server.http.post(
            f"/api/v1/statuses/{status_id}/favourite", headers={"Authorization": f"Bearer {token}"}
        ).raise_for_status()
    with Client(base_url, access_token=token) as fan:
        walked = [s.id for s in fan.favourites(page_size=2)]
    assert sorted(walked) == sorted(chosen)
    assert len(walked) == len(chosen)


def test_tag_any_all_none_are_sent_as_arrays() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=[])

    with Client("m.example", transport=httpx.MockTransport(handler)) as client:
        [
            s
            for s in client.timelines.tag(
                "#日本語", any=["a", "#b"], all=["c"], none=["d"], local=True
            )
        ]
    assert seen == [
        "https://m.example/api/v1/timelines/tag/%E6%97%A5%E6%9C%AC%E8%AA%9E"
        "?any%5B%5D=a&any%5B%5D=b&all%5B%5D=c&none%5B%5D=d&local=true&limit=40"
    ]


def test_a_clients_html_converter_is_behind_text(base_url: str, seed: Seed) -> None:
    seen: list[str] = []

    def shout(html: str, *, status: object = None) -> str:
        seen.append(getattr(status, "id", ""))
        return tootkit.html.to_text(html).upper()

    with Client(base_url, html=shout) as loud, Client(base_url) as plain:
        mine = [s for s in loud.timelines.tag("tootkit", limit=3)]
        theirs = [s for s in plain.timelines.tag("tootkit", limit=3)]
        thread = loud.statuses.context(seed.thread[1])
    assert [s.text for s in mine] == [s.text.upper() for s in theirs]
    assert seen == [s.id for s in mine]
    assert mine == theirs  # the converter is not part of the data
    assert thread.ancestors[0].text == "A THREAD STARTS #THREAD"
    assert mine[0].account.note_text == tootkit.html.to_text(mine[0].account.note).upper()
    with pytest.raises(TypeError, match="callable"):
        Client(base_url, html="to_text")  # type: ignore[arg-type]
