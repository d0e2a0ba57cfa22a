"""What following one (instance, tag) live shows: :class:`FollowResult`, progress and summary at once."""

from __future__ import annotations

from collections import deque
from datetime import datetime
from time import monotonic

import attrs

from tootkit._explain import describe_failure

__all__ = ["RETRY_DOWN", "FollowResult", "PerMinute"]

RETRY_DOWN = 300.0
"""Seconds between attempts on an instance reported down: every 5 minutes."""


class PerMinute:
    """How many statuses arrived in the last 60 seconds, in one-second buckets (at most 60 kept).

    Examples:
        >>> counter = PerMinute()
        >>> counter.add(3, now=100.0); counter.add(2, now=130.5)
        >>> counter.count(now=131.0), counter.count(now=175.0), counter.count(now=200.0)
        (5, 2, 0)
    """

    def __init__(self) -> None:
        self._buckets: deque[list[int]] = deque()  # [second, count], oldest first

    def add(self, count: int, *, now: float | None = None) -> None:
        second = int(monotonic() if now is None else now)
        if self._buckets and self._buckets[-1][0] == second:
            self._buckets[-1][1] += count
        else:
            self._buckets.append([second, count])
        self._drop(second)

    def count(self, *, now: float | None = None) -> int:
        second = int(monotonic() if now is None else now)
        self._drop(second)
        return sum(count for _, count in self._buckets)

    def _drop(self, second: int) -> None:
        while self._buckets and self._buckets[0][0] <= second - 60:
            self._buckets.popleft()


@attrs.define
class FollowResult:
    """One (instance, tag) being followed: how, how much, and whether it is failing.

    ``transport`` is ``websocket`` or ``sse`` while the instance's hashtag
    stream is read, ``poll`` when its timeline is polled instead, and empty
    before either began. ``statuses`` counts the statuses new to the archive
    since the follow began (the catch-up harvest not included), ``edits``
    and ``deletions`` the events of those kinds. ``error`` is the last
    failure, cleared by the next success; ``down`` says the instance has
    failed for longer than the spec's ``instance_timeout``: it is then tried
    every 5 minutes, while the others go on.
    """

    instance: str
    tag: str
    transport: str = ""
    statuses: int = 0
    edits: int = 0
    deletions: int = 0
    last_event: datetime | None = None
    error: BaseException | None = None
    down: bool = False
    note: str = ""
    """Why the transport is what it is, when it is not the obvious one (``poll``: why)."""
    recent: PerMinute = attrs.field(factory=PerMinute, repr=False)

    @property
    def per_minute(self) -> int:
        """Statuses new to the archive in the last minute."""
        return self.recent.count()

    @property
    def reason(self) -> str:
        """``following``, or the one line that says why it fails (and that it is retried)."""
        if self.error is None:
            return "following"
        line = describe_failure(self.error, self.instance)
        return f"down, retried every {RETRY_DOWN / 60:.0f} minutes: {line}" if self.down else line
