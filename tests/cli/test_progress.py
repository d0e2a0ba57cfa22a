"""The live progress view: drawn at most ten times a second, however often harvests report."""

from __future__ import annotations

import io
import time

import pytest
from rich.console import Console

from tootkit.cli._progress import REDRAWS_PER_SECOND, HarvestDisplay, summary_lines, tally
from tootkit.store import HarvestResult, PartitionResult


def test_the_live_view_is_drawn_at_most_ten_times_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    display = HarvestDisplay(instances=2)
    display.console = Console(file=io.StringIO(), force_terminal=True, width=120)
    drawn = [0]
    table = display._table

    def counting() -> object:
        drawn[0] += 1
        return table()

    monkeypatch.setattr(display, "_table", counting)
    result = HarvestResult(instance="a.example", tag="x")
    with display:
        started = time.monotonic()
        for k in range(5000):  # a page each: far more reports than redraws
            result.fetched = k
            display(result)
        elapsed = time.monotonic() - started
        time.sleep(0.35)
    seconds = elapsed + 0.35
    assert drawn[0] <= REDRAWS_PER_SECOND * seconds + 3
    assert "4,999" in display.console.file.getvalue()  # type: ignore[attr-defined]


def test_a_dask_result_tallies_like_a_harvest() -> None:
    ended = [
        PartitionResult(instance="a.example", tag="x", path="p", fetched=40, new=38, ok=True),
        PartitionResult(instance="b.example", tag="x", path="q", reason="cannot reach b.example"),
    ]
    assert tally(ended, instances=3, elapsed=4) == (
        "1 of 3 instances done, 0 running, 1 failed, 1 waiting; 40 statuses fetched (10/s), 38 new"
    )
    assert summary_lines(ended)[-1].split() == [
        "b.example",
        "#x",
        "0",
        "0",
        "cannot",
        "reach",
        "b.example",
    ]
