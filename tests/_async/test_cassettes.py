"""Replays of recorded HTTP exchanges (``cassettes/``), with ``record_mode="none"``.

The cassettes were recorded by ``scripts/record_cassettes.py`` from a real
server process; replaying them needs no server, and an unrecorded request fails.

This file is the source of truth: scripts/unasync.py generates the sync twin from it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import vcr
from vcr.errors import CannotOverwriteExistingCassetteException

from tootkit import AsyncClient
from tootkit.models import Context, Instance, Status, Tag

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes"
FACTS: dict[str, Any] = json.loads((CASSETTES / "recorded.json").read_text())

replay = vcr.VCR(
    cassette_library_dir=str(CASSETTES),
    record_mode="none",
    filter_headers=["authorization"],
)


async def test_tag_timeline_cassette() -> None:
    with replay.use_cassette("tag_timeline.yaml") as cassette:
        async with AsyncClient(FACTS["base_url"]) as client:
            statuses = [s async for s in client.timelines.tag(FACTS["tag"], page_size=3)]
    assert [s.id for s in statuses] == FACTS["tag_timeline_ids"]
    assert all(isinstance(s, Status) for s in statuses)
    assert all(FACTS["tag"] in [t.name for t in s.tags] for s in statuses)
    assert cassette.all_played


async def test_status_with_context_cassette() -> None:
    thread = FACTS["thread"]
    with replay.use_cassette("status_context.yaml") as cassette:
        async with AsyncClient(FACTS["base_url"]) as client:
            status = await client.statuses.get(thread["reply"])
            context = await client.statuses.context(thread["reply"])
    assert status.in_reply_to_id == thread["root"]
    assert isinstance(context, Context)
    assert [s.id for s in context.ancestors] == [thread["root"]]
    assert len(context.descendants) == 1
    assert cassette.all_played


async def test_tag_cassette() -> None:
    with replay.use_cassette("tag.yaml") as cassette:
        async with AsyncClient(FACTS["base_url"]) as client:
            tag = await client.tags.get(FACTS["tag"])
    assert isinstance(tag, Tag)
    assert tag.name == FACTS["tag"]
    assert len(tag.history) == 7
    assert cassette.all_played


async def test_instance_cassette() -> None:
    with replay.use_cassette("instance.yaml") as cassette:
        async with AsyncClient(FACTS["base_url"]) as client:
            instance = await client.instance()
    assert isinstance(instance, Instance)
    assert instance.version
    assert instance.configuration.statuses.max_characters > 0
    assert cassette.all_played


async def test_unrecorded_request_fails() -> None:
    with replay.use_cassette("tag.yaml"):
        async with AsyncClient(FACTS["base_url"]) as client:
            with pytest.raises(CannotOverwriteExistingCassetteException):
                await client.tags.get("notrecorded")
