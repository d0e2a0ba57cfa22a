"""The ``tootkit`` command: research in one command.

Install it with ``pip install "tootkit[cli]"``; ``python -m tootkit`` works too.

    tootkit tag AfghanTaliban --limit 20
    tootkit harvest AfghanTaliban --instance mastodon.social --instance mastodon.online \\
        --since 2025-01-01 --db research.sqlite
    tootkit export research.sqlite --format parquet -o afghan.parquet
"""

from __future__ import annotations

import asyncio
import csv
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, NoReturn

try:
    import click
    from rich.console import Console
    from rich.markup import escape
except ImportError as exc:  # pragma: no cover - the command needs the extra
    raise SystemExit('the tootkit command needs its extra: pip install "tootkit[cli]"') from exc

import orjson

import tootkit
from tootkit._core.request import normalize_base_url
from tootkit._records import RECORD_FIELDS, csv_value, records
from tootkit.errors import (
    APIError,
    DecodeError,
    Forbidden,
    NotFound,
    TootkitError,
    TransportError,
    Unauthorized,
    UnprocessableEntity,
)
from tootkit.models import Status

__all__ = ["main"]

DEFAULT_INSTANCE = "mastodon.social"


class CliError(Exception):
    """A problem to report as one line on stderr, with an exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def parse_date(value: str | None, *, end_of_day: bool = False) -> datetime | None:
    """A date (``2025-01-01``) or timestamp from the command line, as an aware datetime.

    A date or time without a zone is taken as UTC; an ``--until`` date alone
    means the end of that day.
    """
    if value is None:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CliError(
            f"{value!r} is not a date; use YYYY-MM-DD or an ISO 8601 timestamp", 2
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if end_of_day and len(text) == 10:
        parsed = parsed.replace(hour=23, minute=59, second=59, microsecond=999999)
    return parsed


def check_tag(name: str) -> str:
    cleaned = name.strip().removeprefix("#")
    if not cleaned or any(ch.isspace() for ch in cleaned):
        raise CliError(f"{name!r} is not a hashtag: a hashtag has no spaces", 2)
    return cleaned


# --- output -------------------------------------------------------------------


def _display(account: tootkit.models.Account) -> str:
    name = account.display_name_text or account.username
    return f"{escape(name)} [dim]@{escape(account.acct)}[/dim]"


def print_status(console: Console, status: Status, indent: int = 0) -> None:
    """One status as a block: date, author, body, hashtags, and who boosted it."""
    shown = status.reblog or status
    pad = "  " * indent
    when = shown.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    console.print(f"{pad}[bold]{when}[/bold]  {_display(shown.account)}", highlight=False)
    if shown.spoiler_text:
        console.print(f"{pad}[yellow]CW: {escape(shown.spoiler_text)}[/yellow]", highlight=False)
    for line in (shown.text or "").split("\n"):
        console.print(f"{pad}{escape(line)}", highlight=False, soft_wrap=True)
    if shown.media_attachments:
        console.print(f"{pad}[dim]({len(shown.media_attachments)} media)[/dim]", highlight=False)
    if shown.tags:
        tags = " ".join(f"#{escape(t.name)}" for t in shown.tags)
        console.print(f"{pad}[cyan]{tags}[/cyan]", highlight=False)
    if status.reblog is not None:
        console.print(f"{pad}[green]boosted by[/green] {_display(status.account)}", highlight=False)
    console.print()


class Writer:
    """Writes statuses as text blocks, JSON lines or CSV rows, as they arrive."""

    def __init__(self, fmt: str, stream: IO[str]) -> None:
        self.fmt = fmt
        self.stream = stream
        self.console = Console(file=stream, highlight=False)
        self.csv: Any = None
        if fmt == "csv":
            self.csv = csv.DictWriter(stream, fieldnames=list(RECORD_FIELDS), lineterminator="\n")
            self.csv.writeheader()

    def write(self, status: Status, raw: Any = None) -> None:
        if self.fmt == "text":
            print_status(self.console, status)
        elif self.fmt == "jsonl":
            data = raw if raw is not None else tootkit.converter.unstructure(status)
            self.stream.write(orjson.dumps(data).decode() + "\n")
        else:
            row = next(records([status]))
            self.csv.writerow({k: csv_value(v) for k, v in row.items()})
        self.stream.flush()


# --- commands -------------------------------------------------------------------

instance_option = click.option(
    "--instance",
    default=DEFAULT_INSTANCE,
    show_default=True,
    help="The instance: a host (mastodon.social) or a URL.",
)
token_option = click.option(
    "--token",
    envvar="TOOTKIT_TOKEN",
    default=None,
    help="An access token (or set TOOTKIT_TOKEN). Most reads need none.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl", "csv"]),
    default="text",
    show_default=True,
    help="text for reading; jsonl or csv for pipes.",
)


def client_for(instance: str, token: str | None) -> tootkit.Client:
    try:
        return tootkit.Client(instance, access_token=token)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.version_option(tootkit.__version__, prog_name="tootkit")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Read and archive Mastodon hashtag timelines."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("name")
@instance_option
@token_option
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="At most this many statuses."
)
@click.option("--since", default=None, help="From this date (YYYY-MM-DD, UTC) on.")
@click.option("--until", default=None, help="Up to this date, included.")
@click.option("--any", "any_", multiple=True, help="Also statuses with this hashtag (repeatable).")
@click.option(
    "--all", "all_", multiple=True, help="Only statuses with this hashtag too (repeatable)."
)
@click.option("--none", "none_", multiple=True, help="Not statuses with this hashtag (repeatable).")
@click.option("--local", is_flag=True, help="Only statuses posted on this instance.")
@format_option
def tag(
    name: str,
    instance: str,
    token: str | None,
    limit: int | None,
    since: str | None,
    until: str | None,
    any_: tuple[str, ...],
    all_: tuple[str, ...],
    none_: tuple[str, ...],
    local: bool,
    fmt: str,
) -> None:
    """Print the hashtag timeline NAME, newest first, as it streams in."""
    name = check_tag(name)
    bounds = parse_date(since), parse_date(until, end_of_day=True)
    writer = Writer(fmt, sys.stdout)
    with client_for(instance, token) as client:
        walk = client.timelines.tag(
            name,
            any=[check_tag(t) for t in any_],
            all=[check_tag(t) for t in all_],
            none=[check_tag(t) for t in none_],
            local=local,
            limit=limit,
            since=bounds[0],
            until=bounds[1],
        )
        for page in walk.keeping_raw().pages():
            for status, raw in zip(page.items, page.raw or [], strict=True):
                writer.write(status, raw)


@cli.command()
@click.argument("id")
@instance_option
@token_option
@format_option
def status(id: str, instance: str, token: str | None, fmt: str) -> None:
    """Print one status by its ID on the instance."""
    with client_for(instance, token) as client:
        Writer(fmt, sys.stdout).write(client.statuses.get(id))


@cli.command()
@click.argument("id")
@instance_option
@token_option
def thread(id: str, instance: str, token: str | None) -> None:
    """Print a thread: the status ID, what it answers, and its replies, indented."""
    with client_for(instance, token) as client:
        root = client.statuses.get(id)
        context = client.statuses.context(id)
    console = Console(highlight=False)
    depth: dict[str, int] = {}
    for level, ancestor in enumerate(context.ancestors):
        depth[ancestor.id] = level
        print_status(console, ancestor, level)
    depth[root.id] = len(context.ancestors)
    print_status(console, root, depth[root.id])
    for reply in context.descendants:
        depth[reply.id] = depth.get(reply.in_reply_to_id or "", depth[root.id]) + 1
        print_status(console, reply, depth[reply.id])


@cli.command()
@click.argument("name")
@click.option(
    "--instance",
    "instances",
    multiple=True,
    default=[DEFAULT_INSTANCE],
    show_default=True,
    help="An instance to harvest from (repeatable; harvested concurrently).",
)
@token_option
@click.option("--since", default=None, help="From this date (YYYY-MM-DD, UTC) on.")
@click.option("--until", default=None, help="Up to this date, included.")
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--quiet", is_flag=True, help="No progress display.")
def harvest(
    name: str,
    instances: tuple[str, ...],
    token: str | None,
    since: str | None,
    until: str | None,
    db: Path,
    quiet: bool,
) -> None:
    """Harvest the hashtag NAME from one or more instances into an SQLite archive.

    Run it again to resume: it fetches what is newer than the newest stored
    status, then finishes any older range an earlier run did not.
    """
    from tootkit.store import Archive
    from tootkit.store import harvest as run_harvest

    name = check_tag(name)
    bounds = parse_date(since), parse_date(until, end_of_day=True)
    for instance in instances:
        try:
            normalize_base_url(instance)
        except ValueError as exc:
            raise CliError(str(exc), 2) from None
    with Archive(db) as archive, _progress(quiet) as show:
        results = asyncio.run(
            run_harvest(
                archive, name, instances, since=bounds[0], until=bounds[1],
                access_token=token, on_progress=show,
            )
        )  # fmt: skip
        total = archive.count()
    for result in results:
        click.echo(f"{result.instance}: {result.fetched} fetched, {result.new} new", err=True)
    click.echo(f"{total} statuses in {db}", err=True)


def _progress(quiet: bool) -> Any:
    """A rich live display of each instance's harvest: statuses per second, date reached, waits."""
    from contextlib import contextmanager
    from time import monotonic

    from rich.live import Live
    from rich.table import Table

    @contextmanager
    def display() -> Iterator[Callable[[Any], None]]:
        started = monotonic()
        rows: dict[str, Any] = {}
        console = Console(stderr=True)

        def render() -> Table:
            table = Table(box=None)
            for column in ("instance", "statuses", "per second", "reached", "status"):
                table.add_column(column)
            elapsed = max(monotonic() - started, 1e-6)
            for progress in rows.values():
                reached = progress.reached.strftime("%Y-%m-%d %H:%M") if progress.reached else ""
                state = "done" if progress.done else progress.waiting or "harvesting"
                table.add_row(
                    progress.instance, str(progress.fetched), f"{progress.fetched / elapsed:.0f}",
                    reached, state,
                )  # fmt: skip
            return table

        if quiet or not console.is_terminal:
            yield lambda progress: None
            return
        with Live(render(), console=console, refresh_per_second=4) as live:

            def show(progress: Any) -> None:
                rows[progress.instance] = progress
                live.update(render())

            yield show

    return display()


@cli.command()
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--since", default=None, help="From this date (YYYY-MM-DD, UTC) on.")
@click.option("--until", default=None, help="Up to this date, included.")
@click.option("--tag", "tag_", default=None, help="Only statuses harvested for this hashtag.")
def export(
    db: Path, fmt: str, output: Path, since: str | None, until: str | None, tag_: str | None
) -> None:
    """Export an archive as JSON lines, CSV (for spreadsheets) or Parquet (for pandas, R, DuckDB)."""
    from tootkit.store import Archive

    bounds = parse_date(since), parse_date(until, end_of_day=True)
    with Archive(db) as archive:
        rows = archive.statuses(
            since=bounds[0], until=bounds[1], tag=check_tag(tag_) if tag_ else None
        )
        if fmt == "jsonl":
            count = _export_jsonl(rows, output)
        elif fmt == "csv":
            count = _export_csv(rows, output)
        else:
            count = _export_parquet(rows, output)
    click.echo(f"{count} statuses written to {output}", err=True)


def _export_jsonl(rows: Iterator[tuple[Status, Any, list[str]]], output: Path) -> int:
    count = 0
    with output.open("wb") as out:
        for _, raw, instances in rows:
            out.write(orjson.dumps({**raw, "_instances": instances}) + b"\n")
            count += 1
    return count


def _export_csv(rows: Iterator[tuple[Status, Any, list[str]]], output: Path) -> int:
    count = 0
    # utf-8-sig: spreadsheets read the file as UTF-8; newlines in text are quoted.
    with output.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[*RECORD_FIELDS, "instances"])
        writer.writeheader()
        for status, _, instances in rows:
            row = {k: csv_value(v) for k, v in next(records([status])).items()}
            writer.writerow({**row, "instances": " ".join(instances)})
            count += 1
    return count


def _export_parquet(rows: Iterator[tuple[Status, Any, list[str]]], output: Path) -> int:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:
        raise CliError('Parquet needs pyarrow: pip install "tootkit[parquet]"', 2) from None
    table: dict[str, list[Any]] = {name: [] for name in [*RECORD_FIELDS, "instances"]}
    for status, _, instances in rows:
        for key, value in next(records([status])).items():
            table[key].append(value)
        table["instances"].append(" ".join(instances))
    pq.write_table(pa.table(table), output)
    return len(table["id"])


# --- entry point ----------------------------------------------------------------


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"tootkit: error: {message}", err=True)
    raise SystemExit(code)


def _explain(exc: BaseException, instance: str) -> str:
    if isinstance(exc, Unauthorized | Forbidden | UnprocessableEntity) and not isinstance(
        exc, NotFound
    ):
        return (
            f"{instance} refused the request ({exc.status_code}: {exc.error or 'no reason given'}); "
            "it may not allow anonymous hashtag timelines: pass --token or set TOOTKIT_TOKEN"
        )
    if isinstance(exc, NotFound):
        return f"not found on {instance}: {exc.error or exc}"
    if isinstance(exc, APIError):
        return f"{instance} answered {exc.status_code}: {exc.error or exc}"
    if isinstance(exc, TransportError):
        return f"cannot reach {instance}: {exc}"
    if isinstance(exc, DecodeError):
        return f"{instance} sent something that is not Mastodon's JSON ({exc.reason})"
    return str(exc)


def main(argv: list[str] | None = None) -> int:
    """Run the command; errors are one line on stderr and a non-zero exit."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    instance = next(
        (args[i + 1] for i, a in enumerate(args[:-1]) if a == "--instance"), DEFAULT_INSTANCE
    )
    try:
        cli.main(args=args, prog_name="tootkit", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code or 0)
    except click.ClickException as exc:
        if debug:
            raise
        _fail(exc.format_message(), exc.exit_code)
    except click.Abort:
        _fail("interrupted", 130)
    except KeyboardInterrupt:
        _fail("interrupted; what was stored so far is kept", 130)
    except CliError as exc:
        if debug:
            raise
        _fail(str(exc), exc.code)
    except (TootkitError, ValueError) as exc:
        if debug:
            raise
        _fail(_explain(exc, instance), 1)
    return 0
