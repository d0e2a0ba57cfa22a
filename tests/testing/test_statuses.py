"""The fake's statuses asked for by id, many at once, and the counts in their JSON."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

import tootkit
from tootkit.testing import FakeInstance
from tootkit.testing._store import Status


def _client(fake: FakeInstance, token: str | None = None) -> tootkit.Client:
    return tootkit.Client(
        fake.url, access_token=token, transport=fake.transport(), runtime=fake.runtime()
    )


def test_get_many_gives_what_exists_and_may_be_seen_newest_first() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    ids = [fake.post("alice", f"post {n}")["id"] for n in range(3)]
    hidden = fake.post("alice", "for @carol only", visibility="direct")["id"]
    with _client(fake, token) as client:
        got = client.statuses.get_many([ids[0], "404", ids[2], hidden, ids[0]])
    assert [s.id for s in got] == [ids[2], ids[0]]
    [request] = fake.requests
    assert request.path == "/api/v1/statuses"
    assert [k for k, _ in request.query] == ["id[]"] * 5


def test_get_many_refuses_more_than_twenty_ids_as_mastodon() -> None:
    fake = FakeInstance()
    ids = [fake.post("alice", f"post {n}")["id"] for n in range(21)]
    http = httpx.Client(transport=fake.transport(), base_url=fake.url)
    query = [("id[]", i) for i in ids]
    assert http.get("/api/v1/statuses", params=query).status_code == 422
    twenty = http.get("/api/v1/statuses", params=query[:20] + query[:1])  # one repeated
    assert len(twenty.json()) == 20


def test_counts_follow_replies_boosts_and_deletions() -> None:
    fake = FakeInstance()
    token = fake.account("bob")
    root = fake.post("alice", "root")
    fake.post("bob", "one", in_reply_to=root["id"])
    with _client(fake, token) as client:
        second = client.statuses.create("two", in_reply_to_id=root["id"])
        client.statuses.reblog(root["id"])
        assert client.statuses.get(root["id"]).replies_count == 2
        assert client.accounts.verify_credentials().statuses_count == 3  # a boost counts
        client.statuses.delete(second.id)
        client.statuses.unreblog(root["id"])
        assert client.statuses.get(root["id"]).replies_count == 1
        assert client.accounts.verify_credentials().statuses_count == 1
    assert fake.post("alice", "again")["account"]["statuses_count"] == 2


def test_a_mention_is_linked_as_it_was_resolved_when_posted() -> None:
    fake = FakeInstance()
    posted = fake.post("alice", "hi @carol and @bob")
    fake.account("carol")  # made after the post: the post did not mention her
    [status] = fake.statuses_by("alice")
    assert posted["mentions"] == status["mentions"] == []
    assert 'class="u-url mention"' not in status["content"]


class Scans(list[Status]):
    """The store's list of statuses, counting the times something reads all of it."""

    scans = 0

    def __iter__(self) -> Iterator[Status]:
        Scans.scans += 1
        return super().__iter__()


def test_a_status_and_its_counts_are_found_without_reading_every_status() -> None:
    # Each status's JSON used to count its replies and its author's statuses
    # over the whole store: a walk of n statuses cost n squared.
    fake = FakeInstance()
    token = fake.account("bob")
    root = fake.post("alice", "root")
    for n in range(50):
        fake.post("bob", f"reply {n}", in_reply_to=root["id"])
    Scans.scans = 0
    fake._store.statuses = Scans(fake._store.statuses)
    with _client(fake, token) as client:
        assert client.statuses.get(root["id"]).replies_count == 50
        assert client.accounts.verify_credentials().statuses_count == 50
        assert len(client.statuses.get_many([root["id"]])) == 1
    assert Scans.scans == 0
