"""``tootkit harvest``: hashtags from several instances into one archive."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from tootkit._core.retry import RetryPolicy
from tootkit.cli._app import CliError, cli
from tootkit.cli._options import (
    DEFAULT_INSTANCE,
    check_tag,
    instance_url,
    parse_date,
    resolve_tokens,
    retries_option,
    since_option,
    token_option,
    until_option,
)
from tootkit.cli._progress import HarvestDisplay, summary_lines
from tootkit.errors import ArchiveError
from tootkit.store import Archive, HarvestResult
from tootkit.store import harvest as run_harvest

__all__ = ["harvest"]


@cli.command()
@click.argument("tags", nargs=-1, required=True, metavar="TAG [TAG ...]")
@click.option(
    "--instance",
    "instances",
    multiple=True,
    default=[DEFAULT_INSTANCE],
    show_default=True,
    help="An instance to harvest from (repeatable; instances are harvested concurrently).",
)
@token_option
@since_option
@until_option
@click.option(
    "--db",
    "db",
    required=True,
    type=click.Path(path_type=Path),
    help="The SQLite archive to fill; created when missing (its folder must exist).",
)
@retries_option
@click.option("--quiet", is_flag=True, help="No progress display; the summary is still printed.")
@click.option(
    "--progress-every",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds between progress lines when stderr is not a terminal (a log file, cron).",
)
def harvest(
    tags: tuple[str, ...],
    instances: tuple[str, ...],
    tokens: tuple[str, ...],
    since: str | None,
    until: str | None,
    db: Path,
    retries: int,
    quiet: bool,
    progress_every: float,
) -> None:
    """Harvest the hashtags TAG ... from one or more instances into an SQLite archive.

    Each (instance, hashtag) is harvested on its own: one that fails does not
    stop the others, and the summary at the end says which finished. The
    archive records which dates it holds in full, so running the same command
    again (or with other --since/--until) fetches only what is missing.
    """
    names = list(dict.fromkeys(check_tag(t).lower() for t in tags))
    bounds = parse_date(since), parse_date(until, end_of_day=True)
    if bounds[0] and bounds[1] and bounds[0] > bounds[1]:
        raise CliError(f"--since {since} is after --until {until}", 2)
    urls = list(dict.fromkeys(instance_url(i) for i in instances))
    scoped = resolve_tokens(tokens, urls)
    results: list[HarvestResult] = []
    try:
        with Archive(db, create=True) as archive:
            display = HarvestDisplay(quiet=quiet, interval=progress_every)
            try:
                with display:
                    results = asyncio.run(
                        run_harvest(
                            archive, names, urls, since=bounds[0], until=bounds[1],
                            tokens=scoped, on_progress=display,
                            retry=RetryPolicy(max_attempts=retries + 1),
                        )
                    )  # fmt: skip
            except KeyboardInterrupt:
                raise CliError(
                    f"interrupted: {archive.count():,} statuses are saved in {db}; "
                    "run the same command again to resume",
                    130,
                ) from None
            total = archive.count()
    except ArchiveError as exc:
        raise CliError(str(exc)) from exc
    for line in summary_lines(results):
        click.echo(line, err=True)
    click.echo(f"{total:,} statuses in {db}", err=True)
    failed = [r for r in results if not r.ok]
    if failed:
        names_failed = ", ".join(f"{r.instance} #{r.tag}" for r in failed)
        raise CliError(
            f"{len(failed)} of {len(results)} harvests failed ({names_failed}); "
            "run the same command again to finish them"
        )
