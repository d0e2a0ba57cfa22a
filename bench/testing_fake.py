#!/usr/bin/env python3
"""What a bot's test costs on tootkit.testing.FakeInstance, against a server process on loopback.

    python bench/testing_fake.py

Two measures, in one run:

1. **A bot's test**: a fresh instance, a mention posted, the bot reads its
   notifications and replies, the test reads what it posted. On the fake, the
   instance is new each time (as the ``mastodon`` fixture makes it); on
   mastodon-mock, the process is started once (as a session fixture would)
   and each round makes a new user, so the start is reported on its own.
2. **A walk** of a 4,000-status hashtag timeline with ``tootkit.Client``:
   through the fake's transport, against the floor of the same transport
   (bare httpx plus orjson, following the ``Link`` header), and over loopback
   from tests/support/fakeserver.py in its own process.
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from walk import bare  # noqa: E402

import tootkit  # noqa: E402
from tests.support.mockserver import run_fake_server, run_mock_server  # noqa: E402
from tootkit.testing import FakeInstance  # noqa: E402

COUNT = 4000
ROUNDS = 7
TESTS = 200


def answer_mentions(client: tootkit.Client) -> int:
    """The bot under test: reply to every mention."""
    replies = 0
    for note in client.notifications.mentions():
        if note.status is not None:
            client.statuses.create(f"@{note.account.acct} hi", in_reply_to_id=note.status.id)
            replies += 1
    return replies


def test_on_the_fake() -> None:
    fake = FakeInstance()
    token = fake.account("bot")
    fake.post("alice", "hello @bot")
    with tootkit.Client(
        fake.url, access_token=token, transport=fake.transport(), runtime=fake.runtime()
    ) as client:
        assert answer_mentions(client) == 1
    assert len(fake.statuses_by("bot")) == 1


def test_on_the_process(base: str, http: httpx.Client) -> None:
    name = f"bot{uuid.uuid4().hex[:10]}"
    token = http.post("/api/v1/_mock/dev_user", json={"username": name}).json()["access_token"]
    alice = http.post("/api/v1/_mock/dev_user", json={"username": f"a{name}"})
    headers = {"Authorization": f"Bearer {alice.json()['access_token']}"}
    http.post("/api/v1/statuses", json={"status": f"hello @{name}"}, headers=headers)
    with tootkit.Client(base, access_token=token) as client:
        assert answer_mentions(client) == 1
        me = client.accounts.verify_credentials()
        assert len(list(client.accounts.statuses(me.id))) == 1


def per_test(run: Callable[[], None]) -> float:
    """Median seconds of one test, over TESTS runs after a warm-up."""
    run()
    times = []
    for _ in range(TESTS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def tootkit_walk(transport: httpx.BaseTransport | None, base: str) -> int:
    with tootkit.Client(base, transport=transport) as client:
        return sum(1 for _ in client.timelines.tag("fake"))


def walks() -> dict[str, float]:
    fake = FakeInstance()
    for number in range(COUNT):
        fake.post(f"user{number % 50}", f"status {number} #fake")
    times: dict[str, list[float]] = {}
    with run_fake_server(COUNT) as server:
        runs: list[tuple[str, Callable[[], int]]] = [
            ("floor: bare httpx + orjson, fake", lambda: bare(fake.url, fake.transport())),
            ("tootkit.Client, fake", lambda: tootkit_walk(fake.transport(), fake.url)),
            ("tootkit.Client, loopback process", lambda: tootkit_walk(None, server.base_url)),
        ]
        for _, run in runs:
            assert run() == COUNT  # warm-up, and every status is there
        for _ in range(ROUNDS):  # interleaved, so that a slow moment hits all alike
            for name, run in runs:
                started = time.perf_counter()
                run()
                times.setdefault(name, []).append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    print(f"Python {sys.version.split()[0]}; medians")
    on_fake = per_test(test_on_the_fake)
    started = time.perf_counter()
    with run_mock_server() as mock, httpx.Client(base_url=mock.base_url) as http:
        start = time.perf_counter() - started
        on_process = per_test(lambda: test_on_the_process(mock.base_url, http))
    print(f"\na bot's test ({TESTS} runs): {'ms':>8} {'x fake':>8}")
    print(f"{'FakeInstance, fresh each test':38} {on_fake * 1000:8.2f} {1:8.2f}")
    print(f"{'mastodon-mock process':38} {on_process * 1000:8.2f} {on_process / on_fake:8.2f}")
    print(f"{'  + starting it, once per worker':38} {start * 1000:8.0f} {start / on_fake:8.0f}")
    medians = walks()
    floor = medians["floor: bare httpx + orjson, fake"]
    print(f"\nwalk of {COUNT:,} statuses ({ROUNDS} rounds): {'s':>6} {'x floor':>8}")
    for name, seconds in medians.items():
        print(f"{name:40} {seconds:6.3f} {seconds / floor:8.2f}")


if __name__ == "__main__":
    main()
