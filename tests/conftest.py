"""Shared fixtures: a real mastodon-mock server on loopback, seeded through its API."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests.support.mockserver import SEED_TOKEN, MockServer, Snac2, run_mock_server, run_snac2

# On CI, hypothesis explores the same examples on every run, so that a run
# fails only for a change in the code; locally it keeps exploring new ones.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
"""The shared reference bodies; tests that use them skip where they are absent."""

REFERENCE_REQUIRED = os.environ.get("TOOTKIT_REQUIRE_REFERENCE") == "1"
"""Set on CI, where ../shared is always beside the clone: a missing reference is a failure."""

TAG_COUNT = 60
"""How many statuses the seed posts under #tootkit."""


class Seed:
    """What the session seed created, for the tests to check against."""

    def __init__(self) -> None:
        self.tag_ids: list[str] = []  # newest first, as the timeline returns them
        self.cafe_ids: list[str] = []
        self.thread: list[str] = []  # root, reply, reply to the reply
        self.boosted_id = ""
        self.account_id = ""
        self.alice_id = ""
        self.alice_token = ""


def _seed(server: MockServer) -> Seed:
    seed = Seed()
    me = server.http.get(
        "/api/v1/accounts/verify_credentials", headers={"Authorization": f"Bearer {SEED_TOKEN}"}
    ).json()
    seed.account_id = me["id"]
    for i in range(TAG_COUNT):
        seed.tag_ids.append(server.post_status(f"post {i} about #tootkit")["id"])
    seed.tag_ids.reverse()
    for i in range(3):
        seed.cafe_ids.append(server.post_status(f"un #café {i}")["id"])
    seed.cafe_ids.reverse()
    root = server.post_status("a thread starts #thread")["id"]
    reply = server.post_status("a reply", in_reply_to_id=root)["id"]
    deeper = server.post_status("a reply to the reply", in_reply_to_id=reply)["id"]
    seed.thread = [root, reply, deeper]
    seed.alice_token = server.new_user("alice")
    alice_auth = {"Authorization": f"Bearer {seed.alice_token}"}
    seed.alice_id = server.http.get(
        "/api/v1/accounts/verify_credentials", headers=alice_auth
    ).json()["id"]
    seed.boosted_id = seed.tag_ids[0]
    server.http.post(f"/api/v1/statuses/{seed.boosted_id}/reblog", headers=alice_auth)
    server.http.post(f"/api/v1/statuses/{seed.boosted_id}/favourite", headers=alice_auth)
    server.http.post(f"/api/v1/accounts/{seed.account_id}/follow", headers=alice_auth)
    own = {"Authorization": f"Bearer {SEED_TOKEN}"}
    server.http.post("/api/v1/tags/tootkit/follow", headers=own)
    server.http.post("/api/v1/featured_tags", data={"name": "tootkit"}, headers=own)
    return seed


@pytest.fixture(scope="session")
def mock_server() -> Iterator[MockServer]:
    """A seeded ``mastodon_mock serve`` process shared by the whole session."""
    with run_mock_server() as server:
        server.seed = _seed(server)  # type: ignore[attr-defined]
        yield server


@pytest.fixture(scope="session")
def seed(mock_server: Any) -> Seed:
    result: Seed = mock_server.seed
    return result


@pytest.fixture(scope="session")
def base_url(mock_server: MockServer) -> str:
    return mock_server.base_url


@pytest.fixture(scope="session")
def token() -> str:
    return SEED_TOKEN


@pytest.fixture(scope="session")
def snac2() -> Iterator[Snac2]:
    """A snac2 server (../shared/servers/snac2), with alice's five posts under #snactest.

    Skips where ../shared or a C toolchain with libcurl is missing, except on
    CI (``TOOTKIT_REQUIRE_REFERENCE=1``), which installs what it needs.
    """
    import httpx

    try:
        with run_snac2() as server:
            auth = {"Authorization": f"Bearer {server.tokens['alice']}"}
            for number in range(5):
                httpx.post(
                    f"{server.base_url}/api/v1/statuses",
                    data={"status": f"post {number} about #snactest"},
                    headers=auth,
                    timeout=30,
                ).raise_for_status()
            yield server
    except (FileNotFoundError, RuntimeError) as exc:
        if REFERENCE_REQUIRED:
            raise
        pytest.skip(f"snac2 is not available here: {exc}")
