"""``tootkit harvest --discover`` across the fake fediverse: every status of every holder, once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.fediverse import run_fake_fediverse
from tests.support.fediverse_graphs import EXPECTED_HOLDS, TAG, standard_graph
from tootkit import Client

pytestmark = pytest.mark.integration


def test_harvest_discover_stores_every_status_of_every_holder_once(tmp_path: Path) -> None:
    db = tmp_path / "study.sqlite"
    with run_fake_fediverse(standard_graph()) as fediverse:
        code = run("harvest", TAG, "--discover", "--seed", fediverse.url("seed"),
                   "--db", str(db), "--quiet")  # fmt: skip
        assert code == 0
        expected: dict[str, set[str]] = {}
        for name in EXPECTED_HOLDS:
            with Client(fediverse.url(name)) as client:
                uris = {s.uri for s in client.timelines.tag(TAG)}
            expected[fediverse.host(name)] = uris
    with sqlite3.connect(db) as archive:
        stored = [row[0] for row in archive.execute("SELECT uri FROM statuses")]
        sightings = set(archive.execute("SELECT instance, uri FROM sightings"))
    everything = set().union(*expected.values())
    assert sorted(stored) == sorted(everything)  # each once
    assert sightings == {(host, uri) for host, uris in expected.items() for uri in uris}
