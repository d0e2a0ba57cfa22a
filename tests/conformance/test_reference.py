"""Every real body in ../shared/reference structures into its model.

Skips where ../shared is absent. Bodies marked ``partial`` (documentation
examples cut short) and the documented garbage (GoToSocial test bodies whose
date is "right the hell just now babyee" and whose account is a sentence) may
be refused, but only with a DecodeError that names the field.

The strict converter also runs over every body, and the fields that the
models lack are listed in the test summary (``pytest -rA`` shows it).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import orjson
import pytest

import tootkit
from tests.conformance.kinds import model_for
from tests.conftest import REFERENCE, REFERENCE_REQUIRED
from tootkit._convert import make_converter, strict_converter
from tootkit.errors import DecodeError

FILES = ["mastodon-docs.jsonl", "gotosocial-tests.jsonl", "client-fixtures.jsonl"]
GARBAGE_MARKERS = ("right the hell just now",)

UNMODELLED: Counter[str] = Counter()
CATTRS_ONLY = make_converter(fast=False)


def _bodies() -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for name in FILES:
        path = REFERENCE / name
        if path.exists():
            for number, line in enumerate(path.read_text().split("\n"), 1):
                if not line.strip():
                    continue
                rows.append((f"{name}:{number}", json.loads(line)))
    return rows


BODIES = _bodies()
# CI sets TOOTKIT_REQUIRE_REFERENCE=1: there a missing reference fails the run
# (test_reference_is_complete) instead of skipping it.
pytestmark = pytest.mark.skipif(
    not BODIES and not REFERENCE_REQUIRED, reason="../shared/reference is not available"
)


def _is_garbage(entry: dict[str, Any]) -> bool:
    text = json.dumps(entry["json"])
    return any(marker in text for marker in GARBAGE_MARKERS)


def test_reference_is_complete() -> None:
    assert len(BODIES) == 1377


def test_every_kind_has_a_model() -> None:
    missing = sorted({e["kind"] for _, e in BODIES if model_for(e["kind"]) is None})
    assert missing == []


@pytest.mark.parametrize(("where", "entry"), BODIES, ids=[w for w, _ in BODIES])
def test_body_structures(where: str, entry: dict[str, Any]) -> None:
    cl = model_for(entry["kind"])
    raw = json.dumps(entry["json"]).encode()
    try:
        model = tootkit.converter.loads(raw, cl)
    except DecodeError as exc:
        if entry.get("partial") or _is_garbage(entry):
            assert exc.entity
            assert exc.field, f"{where}: the error should name the field: {exc}"
            return
        raise
    # The msgspec fast path reads it exactly as the cattrs converter does.
    expected = CATTRS_ONLY.loads(raw, cl)
    assert model == expected
    assert type(model) is type(expected)
    try:
        strict_converter.loads(raw, cl)
    except DecodeError as exc:
        UNMODELLED[f"{entry['server']}: {exc.entity}.{exc.field or '(top)'}: {exc.reason}"] += 1


@pytest.mark.parametrize(("where", "entry"), BODIES, ids=[w for w, _ in BODIES])
def test_body_round_trips(where: str, entry: dict[str, Any]) -> None:
    """structure, unstructure, JSON, loads: the same model, on both paths."""
    cl = model_for(entry["kind"])
    try:
        model = tootkit.converter.loads(json.dumps(entry["json"]), cl)
    except DecodeError:
        return  # refused bodies are test_body_structures' business
    body = orjson.dumps(tootkit.converter.unstructure(model))
    assert tootkit.converter.loads(body, cl) == model
    assert CATTRS_ONLY.loads(body, cl) == model


def test_garbage_is_refused_with_the_field_named() -> None:
    garbage = [(w, e) for w, e in BODIES if _is_garbage(e)]
    assert garbage
    for where, entry in garbage:
        with pytest.raises(DecodeError) as caught:
            tootkit.converter.loads(json.dumps(entry["json"]), model_for(entry["kind"]))
        assert caught.value.field, where


def report() -> list[str]:
    """Lines for the test summary: fields that real servers send and the models lack."""
    return [f"{count:4d}  {what}" for what, count in sorted(UNMODELLED.items())]
