"""Progress where people look: a live table in a terminal, plain lines in a log."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from time import monotonic
from typing import Any, Protocol

import click
from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

from tootkit.discovery import VERDICTS, Discovery, InstanceReport

__all__ = [
    "DiscoveryDisplay",
    "HarvestDisplay",
    "HarvestLog",
    "Tallied",
    "announce_wait",
    "discovery_summary",
    "instance_counts",
    "progress_lines",
    "summary_lines",
    "tally",
]

COLUMNS = ("instance", "tag", "fetched", "new", "reached", "status")

DETAIL_LIMIT = 10
"""Up to this many harvests, progress and summary show each; beyond, they add up."""

RUNNING_ROWS = 15
"""The harvests at work shown under the totals in a terminal."""

REDRAWS_PER_SECOND = 10
"""How often the live view is drawn at most, however often the harvests report."""


class Tallied(Protocol):
    """What progress shows of one (instance, tag): a running harvest's result, or a Dask task's."""

    @property
    def instance(self) -> str: ...
    @property
    def tag(self) -> str: ...
    @property
    def fetched(self) -> int: ...
    @property
    def new(self) -> int: ...
    @property
    def reached(self) -> datetime | None: ...
    @property
    def done(self) -> bool: ...
    @property
    def ok(self) -> bool: ...
    @property
    def waiting(self) -> str: ...
    @property
    def reason(self) -> str: ...


def announce_wait(reason: str, seconds: float) -> None:
    """Say on stderr why the command is about to wait, in a terminal and in a log alike.

    A rate-limit wait is announced when it is long enough to notice; a retry
    always, however short its backoff, since a failed try (a read timeout)
    may have taken long already, and silence would hide it.
    """
    rate_limit = reason.startswith(("rate limited", "pacing"))
    if seconds >= 1 or not rate_limit:
        shown = f"{seconds:.0f}" if seconds >= 1 else f"{seconds:.1f}"
        click.echo(f"tootkit: waiting {shown} s: {reason}", err=True)


def _reached(result: Tallied) -> str:
    return result.reached.strftime("%Y-%m-%d %H:%M") if result.reached else ""


def _cells(result: Tallied) -> tuple[str, ...]:
    return (
        result.instance,
        f"#{result.tag}",
        f"{result.fetched:,}",
        f"{result.new:,}",
        _reached(result),
        result.reason,
    )


def tally(results: Sequence[Tallied], *, instances: int, elapsed: float) -> str:
    """One line of totals: instances done, running and failed, statuses and their rate.

    An instance is done when all its hashtags are, failed when one of them
    failed, and running from its first report.

    Examples:
        >>> from tootkit.store import HarvestResult
        >>> ok = HarvestResult(instance="a.example", tag="x", fetched=400, new=380, done=True)
        >>> bad = HarvestResult(instance="b.example", tag="x", done=True, error=OSError("down"))
        >>> tally([ok, bad], instances=5, elapsed=10)
        '1 of 5 instances done, 0 running, 1 failed, 3 waiting; 400 statuses fetched (40/s), 380 new'
    """
    fetched = sum(r.fetched for r in results)
    new = sum(r.new for r in results)
    rate = fetched / max(elapsed, 1e-6)
    return (
        f"{instance_counts(results, instances)}; "
        f"{fetched:,} statuses fetched ({rate:,.0f}/s), {new:,} new"
    )


def instance_counts(results: Sequence[Tallied], instances: int) -> str:
    """How many of ``instances`` are done, running, failed and waiting (see :func:`tally`)."""
    by_instance: dict[str, list[Tallied]] = {}
    for result in results:
        by_instance.setdefault(result.instance, []).append(result)
    done = failed = running = 0
    for found in by_instance.values():
        if not all(r.done for r in found):
            running += 1
        elif not all(r.ok for r in found):
            failed += 1
        else:
            done += 1
    waiting = max(instances - len(by_instance), 0)
    return (
        f"{done} of {instances} instances done, {running} running, {failed} failed, "
        f"{waiting} waiting"
    )


def summary_lines(results: Sequence[Tallied]) -> list[str]:
    """The summary of a harvest, as aligned plain-text lines: each harvest, or totals and failures.

    Up to ten (instance, tag) harvests, a line each; beyond, the totals, and
    a line for each harvest that failed.

    Examples:
        >>> from tootkit.store import HarvestResult
        >>> done = HarvestResult(instance="a.example", tag="python", fetched=40, new=38, done=True)
        >>> for line in summary_lines([done]): print(line)
        instance   tag      fetched  new  reached  status
        a.example  #python  40       38            ok
    """
    if len(results) > DETAIL_LIMIT:
        lines = [instance_counts(results, len({r.instance for r in results}))]
        lines += [f"failed: {r.instance} #{r.tag}: {r.reason}" for r in results if not r.ok]
        return lines
    rows = [COLUMNS, *(_cells(r) for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    return [
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    ]


class HarvestLog:
    """The per-harvest detail of a large harvest, a line each time one starts, waits, ends or fails.

    Lines are timestamped and appended to ``path``, so that a run of a
    thousand instances can be read afterwards, and followed with ``tail -f``.
    """

    def __init__(self, path: str) -> None:
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._states: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def __call__(self, result: Tallied) -> None:
        state = result.reason if (result.done or result.waiting) else "harvesting"
        self.record(result.instance, result.tag, state, result.fetched, result.new)

    def record(self, instance: str, tag: str, state: str, fetched: int, new: int) -> None:
        """Write a line for ``(instance, tag)``, unless its state is the one written last."""
        with self._lock:
            if self._states.get((instance, tag)) == state:
                return
            self._states[(instance, tag)] = state
            stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            self._file.write(f"{stamp} {instance} #{tag}: {state} ({fetched} fetched, {new} new)\n")
            self._file.flush()

    def close(self) -> None:
        self._file.close()


class HarvestDisplay:
    """Shows a harvest's progress while it runs; call it with each updated result.

    In a terminal, a live view: the totals (:func:`tally`), and the harvests
    at work. Elsewhere (nohup, cron, a log file), the totals to stderr every
    ``interval`` seconds, and a line per (instance, tag) when there are few.
    ``quiet`` shows nothing. ``instances`` is how many the harvest has.
    """

    def __init__(self, *, quiet: bool = False, interval: float = 10.0, instances: int = 0) -> None:
        self.console = Console(stderr=True)
        self.quiet = quiet
        self.interval = interval
        self.rows: dict[tuple[str, str], Tallied] = {}
        self.instances = instances
        self.started = monotonic()
        self._live: Live | None = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._lock = threading.Lock()

    def __call__(self, result: Tallied) -> None:
        # Only noted here: the live view draws itself from the rows at most
        # REDRAWS_PER_SECOND times a second, however many pages come in.
        with self._lock:
            self.rows[(result.instance, result.tag)] = result

    def _table(self) -> Table:
        elapsed = max(monotonic() - self.started, 1e-6)
        with self._lock:
            results = list(self.rows.values())
        instances = max(self.instances, len({r.instance for r in results}))
        table = Table(box=None, title=tally(results, instances=instances, elapsed=elapsed))
        for column in (*COLUMNS[:4], "per second", *COLUMNS[4:]):
            table.add_column(column)
        if len(results) > DETAIL_LIMIT:
            results = [r for r in results if not r.done][:RUNNING_ROWS]
        for r in results:
            cells = _cells(r)
            table.add_row(*cells[:4], f"{r.fetched / elapsed:.0f}", *cells[4:])
        return table

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            self.print_lines()

    def print_lines(self) -> None:
        """The totals, and one plain line per (instance, tag) when there are few, to stderr."""
        with self._lock:
            results = list(self.rows.values())
        elapsed = monotonic() - self.started
        instances = max(self.instances, len({r.instance for r in results}))
        click.echo(f"tootkit: {tally(results, instances=instances, elapsed=elapsed)}", err=True)
        if len(results) > DETAIL_LIMIT:
            return
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
            self._live = Live(
                console=self.console,
                get_renderable=self._table,
                refresh_per_second=REDRAWS_PER_SECOND,
            )
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


def _seen(report: InstanceReport) -> str:
    return f"{report.statuses_seen:,} status{'es' if report.statuses_seen != 1 else ''} seen"


def _verdict_line(report: InstanceReport) -> str:
    """What one probed instance is, in a few words: ``holds, 12 statuses seen``, ``dead (timeout)``."""
    if report.holds:
        return f"holds, {_seen(report)}"
    return report.verdict + (f" ({report.reason})" if report.reason else "")


def discovery_summary(found: Discovery, tags: Sequence[str]) -> list[str]:
    """The summary of a discovery: how many instances got each verdict, and the holders when few.

    Examples:
        >>> from tootkit.discovery import Discovery, InstanceReport
        >>> found = Discovery([
        ...     InstanceReport(instance="https://a.example", verdict="holds", statuses_seen=3,
        ...                    software="mastodon", version="4.3.0"),
        ...     InstanceReport(instance="https://b.example", verdict="dead", found_via="a.example"),
        ... ])
        >>> for line in discovery_summary(found, ["python"]): print(line)
        2 instances probed for #python
          holds         1
          no-tag        0
          needs-token   0
          refused       0
          robots        0
          dead          1
          not-mastodon  0
        holders:
          a.example  mastodon 4.3.0  3 statuses seen
    """
    shown = " ".join(f"#{t}" for t in tags)
    lines = [f"{len(found.reports):,} instances probed for {shown}"]
    if found.unprobed:
        lines[0] += f"; {found.unprobed:,} more found but left unprobed (--depth, --max-instances)"
    counts = found.counts()
    width = max(len(v) for v in counts)
    lines += [f"  {verdict.ljust(width)}  {count:,}" for verdict, count in counts.items()]
    holders = found.holders
    if not holders:
        lines.append(f"no instance probed holds {shown}")
    elif len(holders) <= DETAIL_LIMIT:
        rows = [
            (r.host, " ".join(p for p in (r.software, r.version) if p) or "?", _seen(r))
            for r in holders
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        lines.append("holders:")
        lines += [f"  {a.ljust(widths[0])}  {b.ljust(widths[1])}  {c}" for a, b, c in rows]
    return lines


class DiscoveryDisplay:
    """Shows a discovery's progress; call it with each instance's report as it comes.

    In a terminal, one live line of counts; elsewhere, a line per instance
    probed, with its verdict and what led to it. ``quiet`` shows nothing.
    """

    def __init__(self, tags: Sequence[str], *, quiet: bool = False) -> None:
        self.console = Console(stderr=True)
        self.tags = " ".join(f"#{t}" for t in tags)
        self.quiet = quiet
        self.started = monotonic()
        self.counts: dict[str, int] = {}
        self._live: Live | None = None
        self._lock = threading.Lock()

    def __call__(self, report: InstanceReport) -> None:
        with self._lock:
            self.counts[report.verdict] = self.counts.get(report.verdict, 0) + 1
        if self.quiet or self._live is not None:
            return
        via = "a seed" if report.found_via == "seed" else report.found_via
        click.echo(f"tootkit: {report.host}: {_verdict_line(report)}; found via {via}", err=True)

    def line(self) -> str:
        """The live line: instances probed, and how many got each verdict so far."""
        with self._lock:
            counts = dict(self.counts)
        parts = ", ".join(f"{counts[v]:,} {v}" for v in VERDICTS if counts.get(v))
        elapsed = monotonic() - self.started
        probed = sum(counts.values())
        return f"discovering {self.tags}: {probed:,} instances probed ({parts}); {elapsed:.0f} s"

    def __enter__(self) -> DiscoveryDisplay:
        if not self.quiet and self.console.is_terminal:
            self._live = Live(
                console=self.console,
                get_renderable=lambda: Text(self.line()),  # Text: plain, numbers not coloured
                refresh_per_second=REDRAWS_PER_SECOND,
                transient=True,
            )
            self._live.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> Any:
        if self._live is not None:
            self._live.__exit__(None, None, None)
        return None


class _Counted(Protocol):
    @property
    def instance(self) -> str: ...
    @property
    def done(self) -> bool: ...


def progress_lines(line: Callable[[Any], str], every: float = 5.0) -> Callable[[_Counted], None]:
    """A progress callback that prints ``line(result)`` for an instance at most every ``every`` seconds, and when it ends."""
    last: dict[str, tuple[float, str]] = {}

    def show(result: _Counted) -> None:
        now = monotonic()
        when, shown = last.get(result.instance, (0.0, ""))
        text = line(result)
        if text != shown and (result.done or now - when >= every):
            last[result.instance] = (now, text)
            click.echo(text, err=True)

    return show
