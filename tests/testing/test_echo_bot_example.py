"""The echo bot of docs/examples/echo_bot.py, tested as "Testing your bot" shows: with the plugin's fixtures.

No server, no socket: ``mastodon`` is a fresh in-memory instance, and
``mastodon_client`` a ``tootkit.Client`` signed in to it as ``bot``, waiting
on the fake's clock. The same file is a template for a bot author's own
tests, which is why it uses nothing of tootkit's test support.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import tootkit
from tootkit.testing import FakeInstance

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "echo_bot.py"


@pytest.fixture
def bot() -> ModuleType:
    """The example, loaded from its file as a module."""
    spec = importlib.util.spec_from_file_location("echo_bot", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def replies(mastodon: FakeInstance) -> list[dict[str, Any]]:
    """What the bot has posted, oldest first."""
    return mastodon.statuses_by("bot")


def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait for the bot's thread to do something; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the bot did not get there in time"
        time.sleep(0.005)


def test_it_answers_a_mention(
    bot: ModuleType, mastodon: FakeInstance, mastodon_client: tootkit.Client, tmp_path: Path
) -> None:
    mention = mastodon.post("alice", "@bot say hello")
    assert bot.answer_new_mentions(mastodon_client, tmp_path / "state") == 1
    [reply] = replies(mastodon)
    assert reply["in_reply_to_id"] == mention["id"]
    assert reply["content"].endswith("say hello</p>")
    assert reply["visibility"] == "unlisted"
    # Run again, it has nothing more to say.
    assert bot.answer_new_mentions(mastodon_client, tmp_path / "state") == 0
    assert len(replies(mastodon)) == 1


def test_a_503_is_retried_without_posting_twice(
    bot: ModuleType, mastodon: FakeInstance, mastodon_client: tootkit.Client, tmp_path: Path
) -> None:
    mastodon.post("alice", "@bot say once")
    # The worst 503: the reply was posted, and only its answer was lost on the way.
    mastodon.fail_next(503, method="POST", path="/api/v1/statuses", answer_lost=True)
    assert bot.answer_new_mentions(mastodon_client, tmp_path / "state") == 1
    posts = [r for r in mastodon.requests if r.method == "POST"]
    assert len(posts) == 2  # the lost one, and its retry under the same Idempotency-Key
    assert len(replies(mastodon)) == 1


@pytest.fixture
def listening(
    bot: ModuleType, mastodon: FakeInstance, mastodon_client: tootkit.Client, tmp_path: Path
) -> Iterator[threading.Thread]:
    """The bot's ``listen()``, running in a thread until the test ends and closes its client."""
    ended: list[BaseException] = []

    def listen() -> None:
        try:
            bot.listen(mastodon_client, tmp_path / "state")
        except Exception as exc:  # the client closed under it: the way this bot stops
            ended.append(exc)

    thread = threading.Thread(target=listen, name="echo-bot", daemon=True)
    thread.start()
    mastodon.wait_for_streams()
    yield thread
    mastodon_client.close()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_listening_it_misses_nothing_across_a_dropped_stream(
    mastodon: FakeInstance, listening: threading.Thread
) -> None:
    first = mastodon.post("alice", "@bot say live")
    eventually(lambda: len(replies(mastodon)) == 1)
    with mastodon.streams_down():  # no stream hears this one: only the backfill will
        away = mastodon.post("alice", "@bot say away")
    eventually(lambda: len(replies(mastodon)) == 2)
    back = mastodon.post("alice", "@bot say back")
    eventually(lambda: len(replies(mastodon)) == 3)
    answered = [reply["in_reply_to_id"] for reply in replies(mastodon)]
    assert answered == [first["id"], away["id"], back["id"]]
    assert listening.is_alive()
