"""Progress where people look: a live table in a terminal, plain lines in a log."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from time import monotonic
from typing import Any

import click
from rich.console import Console
from rich.live import Live
from rich.table import Table

from tootkit.store import HarvestResult

__all__ = ["HarvestDisplay", "announce_wait", "summary_lines"]

COLUMNS = ("instance", "tag", "fetched", "new", "reached", "status")


def announce_wait(reason: str, seconds: float) -> None:
    """Say on stderr why the command is about to wait, when the wait is long enough to notice.

    A rate-limit wait is always announced; a retry's backoff only in a
    terminal, so that a log holds one line per failure.
    """
    rate_limit = reason.startswith(("rate limited", "pacing"))
    if seconds >= 1 and (rate_limit or sys.stderr.isatty()):
        click.echo(f"tootkit: waiting {seconds:.0f} s: {reason}", err=True)


def _reached(result: HarvestResult) -> str:
    return result.reached.strftime("%Y-%m-%d %H:%M") if result.reached else ""


def _cells(result: HarvestResult) -> tuple[str, ...]:
    return (
        result.instance,
        f"#{result.tag}",
        f"{result.fetched:,}",
        f"{result.new:,}",
        _reached(result),
        result.reason,
    )


def summary_lines(results: Sequence[HarvestResult]) -> list[str]:
    """The per-(instance, tag) summary of a harvest, as aligned plain-text lines.

    Examples:
        >>> done = HarvestResult(instance="a.example", tag="python", fetched=40, new=38, done=True)
        >>> for line in summary_lines([done]): print(line)
        instance   tag      fetched  new  reached  status
        a.example  #python  40       38            ok
    """
    rows = [COLUMNS, *(_cells(r) for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    return [
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    ]


class HarvestDisplay:
    """Shows a harvest's progress while it runs; call it with each updated result.

    In a terminal, a live table. Elsewhere (nohup, cron, a log file), one plain
    line per (instance, tag) to stderr every ``interval`` seconds. ``quiet``
    shows nothing.
    """

    def __init__(self, *, quiet: bool = False, interval: float = 10.0) -> None:
        self.console = Console(stderr=True)
        self.quiet = quiet
        self.interval = interval
        self.rows: dict[tuple[str, str], HarvestResult] = {}
        self.started = monotonic()
        self._live: Live | None = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._lock = threading.Lock()

    def __call__(self, result: HarvestResult) -> None:
        with self._lock:
            self.rows[(result.instance, result.tag)] = result
        if self._live is not None:
            self._live.update(self._table())

    def _table(self) -> Table:
        table = Table(box=None)
        for column in (*COLUMNS[:4], "per second", *COLUMNS[4:]):
            table.add_column(column)
        elapsed = max(monotonic() - self.started, 1e-6)
        with self._lock:
            results = list(self.rows.values())
        for r in results:
            cells = _cells(r)
            table.add_row(*cells[:4], f"{r.fetched / elapsed:.0f}", *cells[4:])
        return table

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            self.print_lines()

    def print_lines(self) -> None:
        """One plain line per (instance, tag), to stderr."""
        with self._lock:
            results = list(self.rows.values())
        for r in results:
            instance, tag, fetched, new, reached, state = _cells(r)
            where = f", reached {reached}" if reached else ""
            click.echo(
                f"tootkit: {instance} {tag}: {fetched} fetched, {new} new{where}, {state}", err=True
            )

    def __enter__(self) -> HarvestDisplay:
        if self.quiet:
            return self
        if self.console.is_terminal:
            self._live = Live(self._table(), console=self.console, refresh_per_second=4)
            self._live.__enter__()
        else:
            self._ticker = threading.Thread(target=self._tick, name="tootkit-progress", daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc_info: object) -> Any:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self._live is not None:
            self._live.__exit__(None, None, None)
        return None
