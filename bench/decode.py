#!/usr/bin/env python3
"""Decode pages of real statuses: tootkit against orjson.loads alone and Mastodon.py.

    python bench/decode.py

Three sets of statuses, each decoded as one JSON array, as a client gets a page:

* **Mastodon pages**: 1,000 statuses as Mastodon 4 serializes them (the
  loopback server of the walk benchmark writes them);
* **reference, well-formed**: the statuses of ../shared/reference (or of the
  cassettes) that the fast path reads without help;
* **reference, all**: every status there, with the integer ids, nulls and
  naive timestamps of other servers and of other clients' fixtures, which go
  to the tolerant cattrs converter one item at a time.

The decoders run in interleaved rounds, so that a slow moment of the machine
hits them all alike; each figure is a median over the rounds.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _data import distinct_statuses, statuses

import tootkit
from tests.support.fakeserver import Timeline
from tootkit._convert import make_converter
from tootkit.models import Status

COUNT = 1000
LIST = list[Status]


def mastodon_page() -> list[dict[str, Any]]:
    timeline = Timeline(COUNT, "snowflake")
    return [json.loads(timeline.status_json(i, "bench.example")) for i in range(COUNT)]


def well_formed(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items that msgspec reads into the models without the cattrs fallback."""
    decoder = msgspec.json.Decoder(Status, strict=False, dec_hook=tootkit.converter._fast._hook)  # type: ignore[union-attr]
    keep = []
    for item in items:
        body = orjson.dumps(item)
        if b'"text"' in body:
            continue
        try:
            decoder.decode(body)
        except msgspec.ValidationError:
            continue
        keep.append(item)
    return keep


def cycle(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [items[i % len(items)] for i in range(COUNT)]


def interleaved(fns: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    for fn in fns.values():
        fn()  # warm up: hooks and decoders are built on first use
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def mastodon_py_decoder(body: bytes) -> Callable[[], Any] | None:
    try:
        from mastodon.return_types import Status as MastoStatus
        from mastodon.return_types import try_cast_recurse
    except ImportError:
        return None

    def decode() -> Any:
        # Mastodon.py's own path: the JSON parse of requests, then its typed cast.
        return try_cast_recurse(list[MastoStatus], json.loads(body))

    return decode


def table(title: str, items: list[dict[str, Any]]) -> dict[str, float]:
    body = orjson.dumps(items)
    cattrs_only = make_converter(fast=False)
    fns: dict[str, Callable[[], Any]] = {
        "orjson.loads alone (floor)": lambda: orjson.loads(body),
        "json.loads alone": lambda: json.loads(body),
        "tootkit.converter.loads": lambda: tootkit.converter.loads(body, LIST),
        "tootkit, cattrs only (fast=False)": lambda: cattrs_only.loads(body, LIST),
    }
    timed = interleaved(fns, rounds=25)
    masto = mastodon_py_decoder(body)
    if masto is not None:
        timed["Mastodon.py typed decode"] = interleaved({"m": masto}, rounds=3)["m"]
    floor, ours = timed["orjson.loads alone (floor)"], timed["tootkit.converter.loads"]
    print(f"\n{title}: {len(items):,} statuses, {len(body) / 1e6:.2f} MB of JSON")
    print(f"{'decoder':36} {'µs/status':>10} {'x orjson':>9} {'x tootkit':>10}")
    for name, seconds in timed.items():
        per = seconds / len(items) * 1e6
        print(f"{name:36} {per:10.2f} {seconds / floor:9.2f} {seconds / ours:10.2f}")
    return timed


def main() -> None:
    reference, source = statuses(COUNT)
    distinct, _ = distinct_statuses()
    good = well_formed(distinct)
    print(
        f"Python {sys.version.split()[0]}, tootkit {tootkit.__version__}, msgspec {msgspec.__version__}"
    )
    table("Mastodon pages (the walk server's statuses)", mastodon_page())
    table(f"reference, well-formed ({len(good)} of {len(distinct)} distinct)", cycle(good))
    table(f"reference, all ({source})", reference)


if __name__ == "__main__":
    main()
