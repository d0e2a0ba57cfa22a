"""Looking up accounts and hashtags on the fake, through tootkit's client."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import tootkit
from tootkit.errors import NotFound
from tootkit.testing import FakeClock, FakeInstance


def test_an_account_by_id_and_by_handle(
    mastodon: FakeInstance, mastodon_client: tootkit.Client
) -> None:
    mastodon.post("alice", "hello")
    alice = mastodon_client.accounts.lookup("@alice")
    assert alice.username == "alice"
    assert mastodon_client.accounts.get(alice.id) == alice
    host = mastodon.url.removeprefix("https://")
    assert mastodon_client.accounts.lookup(f"alice@{host}").id == alice.id
    for handle in ("nobody", "alice@elsewhere.example"):
        with pytest.raises(NotFound):
            mastodon_client.accounts.lookup(handle)
    with pytest.raises(NotFound):
        mastodon_client.accounts.get("999999")


def test_a_handle_names_the_fakes_domain_with_its_port() -> None:
    fake = FakeInstance("http://127.0.0.1:8080")
    fake.post("alice", "hello")
    with tootkit.Client(fake.url, transport=fake.transport()) as client:
        alice = client.accounts.lookup("alice@127.0.0.1:8080")
        with pytest.raises(NotFound):
            client.accounts.lookup("alice@127.0.0.1:9090")
    assert alice.username == "alice"


def test_a_hashtag_and_its_week() -> None:
    fake = FakeInstance(clock=FakeClock(start=datetime(2024, 5, 1, 12, tzinfo=UTC)))
    fake.post("alice", "one #Python")
    fake.post("bob", "two #python")
    fake.clock.advance(86_400)
    fake.post("alice", "three #python")
    fake.clock.advance(5 * 86_400)
    fake.post("alice", "four #python")
    fake.post("alice", "not a tag: python")
    with tootkit.Client(fake.url, transport=fake.transport(), runtime=fake.runtime()) as client:
        tag = client.tags.get("#Python")
        with pytest.raises(NotFound):
            client.tags.get("neverused")
    assert tag.name == "python"
    assert tag.url == f"{fake.url}/tags/python"
    # Seven days, newest first: May 7 back to May 1.
    assert [(h.uses, h.accounts) for h in tag.history] == [(1, 1)] + [(0, 0)] * 4 + [
        (1, 1),
        (2, 2),
    ]
    assert tag.history[0].day == datetime(2024, 5, 7, tzinfo=UTC)
    assert tag.following is None  # asked without a token


def test_following_is_false_with_a_token(
    mastodon: FakeInstance, mastodon_client: tootkit.Client
) -> None:
    mastodon.post("alice", "#rust")
    assert mastodon_client.tags.get("rust").following is False
