"""Statuses fetched again (hydrate, a conversation) are kept byte for byte as the server sent them.

The server is a tiny one on loopback that writes its JSON as Python does,
with spaces and ``\\u`` escapes: bytes that decoding and encoding again
would change.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.profiles import account, status
from tests.support.tinyhttp import Answer, bound_socket, listen
from tootkit import AsyncClient
from tootkit.store import Archive, IdRow, fetch_conversation, hydrate
from tootkit.store._refetch import raw_items

ADA = account("1", "ada", "Ada")
STATUSES = {i: status(i, ADA, f"<p>café n° {i} #research</p>", minute=int(i)) for i in "123"}


def sent(found: Any) -> bytes:
    """JSON as this server writes it."""
    return json.dumps(found).encode()


def respond(method: str, target: str, headers: dict[str, str]) -> Answer:
    """Statuses 1 to 3; a batch of ids returns only status 1, and search (with a token) status 3."""
    parts = urlsplit(target)
    path = parts.path.removeprefix("/api/")
    found: Any = None
    if path == "v1/statuses":
        found = [STATUSES["1"]] if "1" in parse_qs(parts.query).get("id[]", []) else []
    elif path.startswith("v1/statuses/") and path.endswith("/context"):
        found = {"ancestors": [STATUSES["1"]], "descendants": [STATUSES["3"]]}
    elif path.startswith("v1/statuses/"):
        found = STATUSES.get(path.removeprefix("v1/statuses/"))
    elif path == "v2/search" and "authorization" in headers:
        found = {"accounts": [], "statuses": [STATUSES["3"]], "hashtags": []}
    if found is None:
        return 404, sent({"error": "Record not found"}), {"Content-Type": "application/json"}
    return 200, sent(found), {"Content-Type": "application/json"}


def test_hydrated_statuses_keep_the_bytes_the_server_sent() -> None:
    async def main() -> dict[str, bytes]:
        sock = bound_socket()
        here = f"127.0.0.1:{sock.getsockname()[1]}"
        server = await listen(sock, respond)
        rows = [IdRow(STATUSES[i]["uri"], here, i, tags=("research",)) for i in "12"]
        rows.append(IdRow(STATUSES["3"]["uri"], here, "9"))  # its id gone: found by search
        try:
            with Archive(":memory:") as archive:
                await hydrate(rows, archive, tokens={here: "T"})
                rows_stored = archive.rows(include_opted_out=True)
                return {json.loads(row.raw)["id"]: row.raw for row in rows_stored}
        finally:
            server.close()

    assert asyncio.run(main()) == {i: sent(found) for i, found in STATUSES.items()}


def test_a_conversation_keeps_the_bytes_the_server_sent() -> None:
    async def main() -> list[bytes]:
        sock = bound_socket()
        here = f"127.0.0.1:{sock.getsockname()[1]}"
        server = await listen(sock, respond)
        try:
            async with AsyncClient(f"http://{here}") as client:
                page, _ = await fetch_conversation(client, here, STATUSES["2"]["uri"], "2")
        finally:
            server.close()
        return list(page.raws)

    assert asyncio.run(main()) == [sent(STATUSES["1"]), sent(STATUSES["3"])]


@pytest.mark.parametrize(
    ("body", "keys", "items"),
    [
        (b'[{"id": "1"},{"id":"2"}]', (), [b'{"id": "1"}', b'{"id":"2"}']),
        (b'{"ancestors": null, "descendants": [{"id": "3"}]}', ("ancestors", "descendants"),
         [b'{"id": "3"}']),
        (b'{"statuses": []}', ("statuses", "missing"), []),
    ],
)  # fmt: skip
def test_raw_items(body: bytes, keys: tuple[str, ...], items: list[bytes]) -> None:
    assert raw_items(body, *keys) == items
