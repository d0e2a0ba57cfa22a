"""Both clients against a real mastodon-mock server on loopback.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime

import httpx
import pytest

import tootkit
from tests.conftest import Seed
from tests.support.mockserver import MockServer
from tootkit import AsyncClient
from tootkit.errors import DecodeError, NotFound, Unauthorized
from tootkit.models import Account, Context, Instance, SearchResults, Status, Tag

pytestmark = pytest.mark.integration


@pytest.fixture
async def client(base_url: str, token: str) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(base_url, access_token=token) as c:
        yield c


@pytest.fixture
async def anonymous(base_url: str) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(base_url) as c:
        yield c


async def test_tag_timeline_walks_every_status_once_in_order(
    anonymous: AsyncClient, seed: Seed
) -> None:
    statuses = [s async for s in anonymous.timelines.tag("tootkit", page_size=7)]
    assert [s.id for s in statuses] == seed.tag_ids
    assert all(isinstance(s, Status) for s in statuses)
    assert all(s.created_at.tzinfo is not None for s in statuses)
    assert statuses[-1].text == "post 0 about #tootkit"


async def test_tag_timeline_limit_strips_hash_and_encodes_unicode(
    anonymous: AsyncClient, seed: Seed
) -> None:
    first = [s.id async for s in anonymous.timelines.tag("#tootkit", limit=25)]
    assert first == seed.tag_ids[:25]
    assert [s.id async for s in anonymous.timelines.tag("café")] == seed.cafe_ids
    # 日本語 is covered by the request-building table: mastodon-mock 0.6.1 answers
    # 500 for a CJK tag timeline once such a status exists.


async def test_pages_carry_cursors_that_resume_the_walk(anonymous: AsyncClient, seed: Seed) -> None:
    pages = anonymous.timelines.tag("tootkit", page_size=10).pages()
    first = await pages.__anext__()
    await pages.aclose()
    assert [s.id for s in first.items] == seed.tag_ids[:10]
    assert first.next_cursor is not None
    rest = [s.id async for s in anonymous.timelines.tag("tootkit", cursor=first.next_cursor)]
    assert rest == seed.tag_ids[10:]
    newer = [s.id async for s in anonymous.timelines.tag("tootkit", min_id=seed.tag_ids[5])]
    assert sorted(newer) == sorted(seed.tag_ids[:5])


async def test_public_timeline_and_account_statuses(client: AsyncClient, seed: Seed) -> None:
    public = [s async for s in client.timelines.public(limit=5)]
    assert len(public) == 5
    mine = [s.id async for s in client.accounts.statuses(seed.account_id, tagged="tootkit")]
    assert mine == seed.tag_ids
    assert len([s async for s in client.timelines.home(limit=3)]) == 3


async def test_statuses(client: AsyncClient, seed: Seed) -> None:
    status = await client.statuses.get(seed.thread[1])
    assert status.in_reply_to_id == seed.thread[0]
    context = await client.statuses.context(seed.thread[1])
    assert isinstance(context, Context)
    assert [s.id for s in context.ancestors] == [seed.thread[0]]
    assert [s.id for s in context.descendants] == [seed.thread[2]]
    many = await client.statuses.get_many(seed.thread)
    assert sorted(s.id for s in many) == sorted(seed.thread)
    boosters = [a.id async for a in client.statuses.reblogged_by(seed.boosted_id)]
    fans = [a.id async for a in client.statuses.favourited_by(seed.boosted_id)]
    assert boosters == [seed.alice_id]
    assert fans == [seed.alice_id]
    source = await client.statuses.source(seed.thread[0])
    assert source.source_text if hasattr(source, "source_text") else source.text
    history = await client.statuses.history(seed.thread[0])
    assert len(history) >= 1


async def test_tags(client: AsyncClient) -> None:
    tag = await client.tags.get("#TootKit")
    assert isinstance(tag, Tag)
    assert tag.name.lower() == "tootkit"
    assert all(isinstance(day.uses, int) for day in tag.history)
    followed = [t.name async for t in client.tags.followed()]
    assert "tootkit" in followed
    featured = [t.name async for t in client.tags.featured()]
    assert featured == ["tootkit"]


async def test_trends_search_instance(client: AsyncClient, seed: Seed) -> None:
    assert "tootkit" in [t.name async for t in client.trends.tags(limit=5)]
    trending = [s.id async for s in client.trends.statuses(limit=5)]
    assert len(trending) == len(set(trending)) == 5
    assert [link async for link in client.trends.links(limit=5)] == []  # the seed has no links
    results = await client.search("tootkit", type="hashtags")
    assert isinstance(results, SearchResults)
    assert "tootkit" in [t.name for t in results.hashtags]
    instance = await client.instance()
    assert isinstance(instance, Instance)
    assert instance.configuration.statuses.max_characters > 0


async def test_search_walks_by_offset_to_its_end(client: AsyncClient, seed: Seed) -> None:
    # mastodon-mock ignores offset: the walk sees the same page again and stops there.
    found = [s async for s in client.search.statuses("post")]
    assert len(found) == len({s.id for s in found}) >= 20
    assert all("post" in s.text for s in found)
    few = [s.id async for s in client.search.statuses("post", limit=7)]
    assert few == [s.id for s in found[:7]]


async def test_accounts(client: AsyncClient, seed: Seed) -> None:
    me = await client.accounts.get(seed.account_id)
    assert isinstance(me, Account)
    assert (await client.accounts.lookup("@testuser")).id == seed.account_id
    followers = [a.id async for a in client.accounts.followers(seed.account_id)]
    assert seed.alice_id in followers
    following = [a.id async for a in client.accounts.following(seed.alice_id)]
    assert seed.account_id in following
    relationships = await client.accounts.relationships([seed.alice_id])
    assert relationships[0].id == seed.alice_id
    assert relationships[0].followed_by is True
    assert isinstance(me.created_at, datetime)


async def test_errors_are_typed(
    client: AsyncClient, base_url: str, mock_server: MockServer
) -> None:
    with pytest.raises(NotFound) as caught:
        await client.statuses.get("999999999")
    assert caught.value.status_code == 404
    # A hostile id stays one path segment: it cannot reach another endpoint.
    with pytest.raises(NotFound):
        await client.statuses.get("../../api/v1/instance")
    async with AsyncClient(base_url, access_token="not-a-token") as bad:
        with pytest.raises(Unauthorized):
            await bad.timelines.home().pages().__anext__()
    rule = mock_server.add_fault(
        {"match": {"path": "/api/v1/timelines/tag/broken"}, "effect": {"type": "malformed"}}
    )
    try:
        with pytest.raises(DecodeError) as decode:
            [s async for s in client.timelines.tag("broken")]
        assert decode.value.endpoint == "GET /api/v1/timelines/tag/broken"
        assert decode.value.raw == '{"error": "truncated'
    finally:
        mock_server.http.delete(f"/api/v1/_mock/faults/{rule}")


async def test_token_is_not_in_repr(base_url: str) -> None:
    async with AsyncClient(base_url, access_token="s3cret-token") as c:
        assert "s3cret" not in repr(c)
        assert "s3cret" not in repr(c.__dict__)


def test_models_round_trip(seed: Seed, mock_server: MockServer) -> None:
    body = mock_server.http.get(f"/api/v1/statuses/{seed.thread[0]}").content
    status = tootkit.converter.loads(body, Status)
    again = tootkit.converter.structure(tootkit.converter.unstructure(status), Status)
    assert again == status


async def test_mock_server_date_bounds_both_directions(anonymous: AsyncClient, seed: Seed) -> None:
    everything = [s async for s in anonymous.timelines.tag("tootkit")]
    since, until = everything[20].created_at, everything[10].created_at
    older = [s.id async for s in anonymous.timelines.tag("tootkit", since=since, until=until)]
    assert older == seed.tag_ids[10:21]
    newer = [
        s.id
        async for s in anonymous.timelines.tag(
            "tootkit", since=since, until=until, page_size=4
        ).newer()
    ]
    assert sorted(newer) == sorted(seed.tag_ids[10:21])
    assert len(newer) == 11


async def test_mock_server_limit_and_resume(anonymous: AsyncClient, seed: Seed) -> None:
    pages = anonymous.timelines.tag("tootkit", limit=25, page_size=10).pages()
    cursor = None
    count = 0
    async for page in pages:
        count += len(page.items)
        cursor = page.next_cursor
    assert count == 25
    assert cursor is not None
    rest = [s.id async for s in anonymous.timelines.tag("tootkit", cursor=cursor)]
    assert rest == seed.tag_ids[25:]


async def test_favourites_page_by_their_own_ids(
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
    async with AsyncClient(base_url, access_token=token) as fan:
        walked = [s.id async for s in fan.favourites(page_size=2)]
    assert sorted(walked) == sorted(chosen)
    assert len(walked) == len(chosen)


async def test_tag_any_all_none_are_sent_as_arrays() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=[])

    async with AsyncClient("m.example", transport=httpx.MockTransport(handler)) as client:
        [
            s
            async for s in client.timelines.tag(
                "#日本語", any=["a", "#b"], all=["c"], none=["d"], local=True
            )
        ]
    assert seen == [
        "https://m.example/api/v1/timelines/tag/%E6%97%A5%E6%9C%AC%E8%AA%9E"
        "?any%5B%5D=a&any%5B%5D=b&all%5B%5D=c&none%5B%5D=d&local=true&limit=40"
    ]


async def test_a_clients_html_converter_is_behind_text(base_url: str, seed: Seed) -> None:
    seen: list[str] = []

    def shout(html: str, *, status: object = None) -> str:
        seen.append(getattr(status, "id", ""))
        return tootkit.html.to_text(html).upper()

    async with AsyncClient(base_url, html=shout) as loud, AsyncClient(base_url) as plain:
        mine = [s async for s in loud.timelines.tag("tootkit", limit=3)]
        theirs = [s async for s in plain.timelines.tag("tootkit", limit=3)]
        thread = await loud.statuses.context(seed.thread[1])
    assert [s.text for s in mine] == [s.text.upper() for s in theirs]
    assert seen == [s.id for s in mine]
    assert mine == theirs  # the converter is not part of the data
    assert thread.ancestors[0].text == "A THREAD STARTS #THREAD"
    assert mine[0].account.note_text == tootkit.html.to_text(mine[0].account.note).upper()
    with pytest.raises(TypeError, match="callable"):
        AsyncClient(base_url, html="to_text")  # type: ignore[arg-type]
