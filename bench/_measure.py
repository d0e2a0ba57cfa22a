"""What the benchmarks share to measure: peak memory, rounds in alternating order, a child's answer."""

from __future__ import annotations

import json
import resource
import subprocess
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def peak_rss_mb() -> float:
    """The peak resident size of this process so far, in MB (``ru_maxrss`` counts KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def alternating(contenders: Sequence[T], rounds: int) -> Iterator[T]:
    """Every contender once a round, in reverse order every other round.

    A slow moment of the machine then hits each contender alike.

    Examples:
        >>> list(alternating(["floor", "tootkit"], 2))
        ['floor', 'tootkit', 'tootkit', 'floor']
    """
    for number in range(rounds):
        yield from contenders if number % 2 == 0 else contenders[::-1]


def child_json(command: list[str]) -> Any:
    """Run ``command`` (a contender in a fresh process) and return the JSON its output ends with."""
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])
