"""``tootkit harvest --follow``: catch up, then follow the hashtags live until SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from tootkit.cli._progress import HarvestDisplay, Tallied
from tootkit.cli._replies import fetch_replies
from tootkit.store import Archive, FollowResult, HarvestSpec, follow

__all__ = ["FollowDisplay", "follow_hashtags", "follow_summary"]

COLUMNS = ("instance", "tag", "transport", "per minute", "statuses", "last event", "status")


class FollowDisplay(HarvestDisplay):
    """Live progress of a follow: per (instance, tag) its transport, statuses a minute, last event.

    A live table in a terminal, plain lines every ``interval`` seconds
    elsewhere, as the harvest's display.
    """

    def __init__(self, *, quiet: bool = False, interval: float = 10.0) -> None:
        super().__init__(quiet=quiet, interval=interval)
        self.following: dict[tuple[str, str], FollowResult] = {}

    def follow(self, result: FollowResult) -> None:
        with self._lock:
            self.following[(result.instance, result.tag)] = result

    def _rows(self) -> list[tuple[str, ...]]:
        with self._lock:
            results = list(self.following.values())
        return [_cells(r) for r in results]

    def _table(self) -> Table:
        table = Table(box=None, title="following; Ctrl-C stops")
        for column in COLUMNS:
            table.add_column(column)
        for row in self._rows():
            table.add_row(*row)
        return table

    def print_lines(self) -> None:
        for instance, tag, transport, minute, total, last, state in self._rows():
            click.echo(
                f"tootkit: {instance} {tag}: {transport or 'starting'}, {minute} a minute, "
                f"{total} statuses, last event {last or 'none yet'}, {state}",
                err=True,
            )


def _cells(r: FollowResult) -> tuple[str, ...]:
    last = r.last_event.astimezone(UTC).strftime("%H:%M:%S") if r.last_event else ""
    return (
        r.instance,
        f"#{r.tag}",
        r.transport,
        str(r.per_minute),
        str(r.statuses),
        last,
        r.reason,
    )


def follow_summary(results: Sequence[FollowResult]) -> list[str]:
    """One line per (instance, tag): its transport and the statuses it stored while following."""
    return [
        f"{r.instance} #{r.tag}: {r.transport or 'not started'}, {r.statuses:,} statuses"
        + (f", {r.edits} edits" if r.edits else "")
        + (f", {r.deletions} deletions" if r.deletions else "")
        + ("" if r.error is None else f"; {r.reason}")
        for r in results
    ]


def follow_hashtags(
    db: Path,
    spec: HarvestSpec,
    *,
    poll_every: float,
    concurrency: int,
    catch_up: HarvestDisplay,
    on_catch_up: Callable[[Tallied], None],
    quiet: bool,
    progress_every: float,
    replies: bool = False,
) -> None:
    """Catch up, follow until SIGINT or SIGTERM, then write what is queued and print a summary.

    With ``replies``, the conversations of what was collected are fetched
    once following stops (a second Ctrl-C skips them; a later run resumes).
    The archive is closed before the summary, so that it is one file again
    (SQLite folds its write-ahead log back in on close). A failing archive
    (full, read-only) stops it: main() shows one line, with exit code 1.
    """
    live = FollowDisplay(quiet=quiet, interval=progress_every)
    switch = _Switch(catch_up, live)
    started = datetime.now(UTC)
    with Archive(db, create=True) as archive:
        catch_up.__enter__()
        try:
            running = follow(
                archive,
                spec,
                poll_every=poll_every,
                on_progress=switch,
                on_catch_up=on_catch_up,
                concurrency=concurrency,
            )
            results = asyncio.run(_until_signal(running))
        finally:
            switch.close()
        threads: list[str] = []
        if replies:
            try:
                threads = fetch_replies(archive, spec, concurrency)
            except KeyboardInterrupt:
                threads = ["conversations: interrupted; run again with --replies to finish"]
        total = archive.count()
    for line in [*follow_summary(results), *threads]:
        click.echo(line, err=True)
    since = started.strftime("%Y-%m-%d %H:%M UTC")
    click.echo(f"followed since {since}; {total:,} statuses in {db}", err=True)


class _Switch:
    """Feeds the live display, opening it (and closing the catch-up one) at its first report."""

    def __init__(self, catch_up: HarvestDisplay, live: FollowDisplay) -> None:
        self._catch_up = catch_up
        self._live = live
        self._open = False

    def __call__(self, result: FollowResult) -> None:
        if not self._open:
            self._catch_up.__exit__(None, None, None)
            self._live.__enter__()
            self._open = True
        self._live.follow(result)

    def close(self) -> None:
        """Close whichever display is open."""
        (self._live if self._open else self._catch_up).__exit__(None, None, None)


async def _until_signal(running: Coroutine[Any, Any, list[FollowResult]]) -> list[FollowResult]:
    """Run the follow until SIGINT or SIGTERM cancels it; its results."""
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(running)
    stops = (signal.SIGINT, signal.SIGTERM)
    for stop in stops:
        loop.add_signal_handler(stop, task.cancel)
    try:
        return await task
    finally:
        for stop in stops:
            loop.remove_signal_handler(stop)
