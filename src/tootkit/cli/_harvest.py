"""``tootkit harvest``: hashtags from several instances, or thousands, into one archive."""

from __future__ import annotations

import asyncio
import contextlib
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import click

from tootkit.cli._app import CliError, cli
from tootkit.cli._discover import Snowball, harvest_targets, snowball_options
from tootkit.cli._follow import follow_hashtags
from tootkit.cli._options import (
    DEFAULT_INSTANCE,
    check_new_archive,
    check_tag,
    client_options,
    date_bounds,
    instance_url,
    resolve_tokens,
    retries_option,
    since_option,
    timeout_option,
    token_option,
    until_option,
)
from tootkit.cli._progress import HarvestDisplay, HarvestLog, Tallied, summary_lines
from tootkit.cli._replies import fetch_replies, replies_option
from tootkit.errors import ArchiveError
from tootkit.store import (
    DEFAULT_CONCURRENCY,
    Archive,
    HarvestResult,
    HarvestSpec,
    dask_client,
    harvest_on_dask,
    merge_archives,
    read_instances,
)
from tootkit.store import harvest as run_harvest

__all__ = ["harvest"]


@cli.command()
@click.argument("tags", nargs=-1, required=True, metavar="TAG [TAG ...]")
@click.option(
    "--instance",
    "instances",
    multiple=True,
    help=f"An instance to harvest from (repeatable; {DEFAULT_INSTANCE} when none is given).",
)
@click.option(
    "--instances-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of instances, one a line, '#' comments, an optional token after each.",
)
@click.option(
    "--discover",
    "discover_first",
    is_flag=True,
    help="First find the instances that hold the hashtags (as tootkit discover does), from "
    "--seed and any --instance given, then harvest those.",
)
@snowball_options
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
@timeout_option
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=DEFAULT_CONCURRENCY,
    show_default=True,
    help="Instances harvested at once (each keeps its own rate-limit budget); with --dask, "
    "a worker runs as many as it has threads (16 each for local:N).",
)
@click.option(
    "--instance-timeout",
    type=click.FloatRange(min=0),
    default=3600.0,
    show_default=True,
    help="Seconds an instance may take before it is given up and reported (0: no limit).",
)
@click.option(
    "--log",
    "log",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append a line per instance and hashtag each time one starts, waits, ends or fails.",
)
@click.option(
    "--dask",
    "dask",
    metavar="ADDRESS",
    help="Run each (instance, hashtag) as a Dask task: tcp://scheduler:8786, or local:N workers.",
)
@replies_option
@click.option(
    "--follow",
    "follow_live",
    is_flag=True,
    help="After catching up, follow the hashtags live (streams, else polling) until Ctrl-C "
    "or SIGTERM; takes no --until.",
)
@click.option(
    "--poll-every",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="With --follow: seconds between polls of an instance that does not stream.",
)
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
    instances_file: Path | None,
    discover_first: bool,
    snowball: Snowball,
    tokens: tuple[str, ...],
    since: str | None,
    until: str | None,
    db: Path,
    retries: int,
    timeout: float | None,
    concurrency: int,
    instance_timeout: float,
    log: Path | None,
    dask: str | None,
    replies: bool,
    follow_live: bool,
    poll_every: float,
    quiet: bool,
    progress_every: float,
) -> None:
    """Harvest the hashtags TAG ... from one or more instances into an SQLite archive.

    Each (instance, hashtag) is harvested on its own: one that fails does not
    stop the others, and the summary at the end says which finished. The
    archive records which dates it holds in full, so running the same command
    again (or with other --since/--until) fetches only what is missing.

    With --dask, each (instance, hashtag) is a task that writes its own part
    archive into DB's folder (DB.parts/), merged into DB at the end.

    With --follow, the harvest goes on live after catching up: each
    instance's hashtag stream is read (or its timeline polled every
    --poll-every seconds) into the archive, until Ctrl-C or SIGTERM, which
    stop it cleanly and print a summary per instance.

    With --discover, the instances are found first, from the --seed instances
    (and any --instance or --instances-file ones, which are seeds too): each
    --token must then name its instance (--token HOST=TOKEN), and goes to it
    only if it holds the hashtags.
    """
    names = list(dict.fromkeys(check_tag(t, key=True) for t in tags))
    if follow_live and (until is not None or dask is not None):
        refused = "--until" if until is not None else "--dask"
        raise CliError(f"--follow runs until stopped, on one machine: it takes no {refused}", 2)
    if replies and dask is not None:
        raise CliError("--replies runs in one process: run it without --dask", 2)
    bounds = date_bounds(since, until)
    check_new_archive(db)
    listed: list[str] = []
    file_tokens: dict[str, str] = {}
    if instances_file is not None:
        try:
            found = read_instances(instances_file)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise CliError(str(exc), 2) from None
        if not found.instances:
            raise CliError(f"{instances_file} names no instance", 2)
        listed, file_tokens = found.instances, found.tokens
        _warn_if_readable(instances_file, file_tokens)
    if discover_first:
        urls, scoped = harvest_targets(
            names,
            snowball,
            [*instances, *listed],
            tokens,
            file_tokens,
            quiet=quiet,
            **({"timeout": timeout} if timeout is not None else {}),
        )
    else:
        if snowball.given:
            raise CliError(f"{snowball.given[0]} is an option of --discover: add --discover", 2)
        given = [*instances, *listed] or [DEFAULT_INSTANCE]
        urls = list(dict.fromkeys(instance_url(i) for i in given))
        scoped = resolve_tokens(tokens, urls, environment=not file_tokens)
        for url, token in file_tokens.items():
            if scoped.get(url, token) != token:
                raise CliError(
                    f"two different tokens for {url}: in --token and in {instances_file}", 2
                )
            scoped[url] = token
    try:
        spec = HarvestSpec(
            tags=names,
            instances=urls,
            since=bounds[0],
            until=bounds[1],
            tokens=scoped,
            instance_timeout=instance_timeout or None,
            options=client_options(retries, timeout),
        )
    except ValueError as exc:
        raise CliError(str(exc), 2) from None
    display = HarvestDisplay(quiet=quiet, interval=progress_every, instances=len(urls))
    with _log(log) as detail:

        def progress(result: Tallied) -> None:
            display(result)
            if detail is not None:
                detail(result)

        if dask is not None:
            _on_dask(dask, db, spec, display, progress)
            return
        if follow_live:
            follow_hashtags(
                db,
                spec,
                poll_every=poll_every,
                concurrency=concurrency,
                catch_up=display,
                on_catch_up=progress,
                quiet=quiet,
                progress_every=progress_every,
                replies=replies,
            )
            return
        results: list[HarvestResult] = []
        # A failing archive (full, read-only) is one line and exit code 1, by main().
        with Archive(db, create=True) as archive:
            try:
                with display:
                    results = asyncio.run(
                        run_harvest(archive, spec, on_progress=progress, concurrency=concurrency)
                    )
                threads = fetch_replies(archive, spec, concurrency) if replies else []
            except KeyboardInterrupt:
                raise CliError(
                    f"interrupted: {archive.count():,} statuses are saved in {db}; "
                    "run the same command again to resume",
                    130,
                ) from None
            total = archive.count()
    for line in [*summary_lines(results), *threads]:
        click.echo(line, err=True)
    click.echo(f"{total:,} statuses in {db}", err=True)
    _fail_if_any([(r.instance, r.tag) for r in results if not r.ok], len(results))


def _fail_if_any(failed: Sequence[tuple[str, str]], total: int) -> None:
    if not failed:
        return
    shown = ", ".join(f"{instance} #{tag}" for instance, tag in failed[:20])
    more = f" and {len(failed) - 20} more" if len(failed) > 20 else ""
    raise CliError(
        f"{len(failed)} of {total} harvests failed ({shown}{more}); "
        "run the same command again to finish them"
    )


def _warn_if_readable(path: Path, tokens: dict[str, str]) -> None:
    """Tokens in a file that others can read are tokens others have: say so."""
    if tokens and path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
        click.echo(
            f"tootkit: warning: {path} holds tokens and others can read it; chmod 600 {path}",
            err=True,
        )


@contextlib.contextmanager
def _log(path: Path | None) -> Iterator[HarvestLog | None]:
    if path is None:
        yield None
        return
    try:
        log = HarvestLog(str(path))
    except OSError as exc:
        raise CliError(f"cannot write the log {path}: {exc.strerror}", 2) from None
    try:
        yield log
    finally:
        log.close()


def _on_dask(
    address: str,
    db: Path,
    spec: HarvestSpec,
    display: HarvestDisplay,
    progress: Callable[[Tallied], None],
) -> None:
    """Harvest every (instance, tag) as a Dask task into DB.parts/, then merge the parts into DB.

    Progress is shown as for one process, as each partition ends.
    """
    folder = db.parent / f"{db.name}.parts"
    try:
        with dask_client(address) as client, display:
            results = harvest_on_dask(client, folder, spec, on_result=progress)
    except (ImportError, ValueError, OSError) as exc:
        raise CliError(f"--dask {address}: {exc}", 2) from None
    except KeyboardInterrupt:
        raise CliError(
            f"interrupted: the finished parts are in {folder}; "
            "run the same command again to finish the rest",
            130,
        ) from None
    except ArchiveError:
        raise  # one line, by main(), as in one process
    except Exception as exc:
        raise CliError(
            f"the Dask harvest stopped ({type(exc).__name__}: {exc}); the finished parts "
            f"are in {folder}: run the same command again to finish the rest"
        ) from None
    merged = merge_archives(sorted(folder.glob("*.sqlite")), db)
    skipped = sum(r.skipped for r in results)
    for line in summary_lines(results):
        click.echo(line, err=True)
    click.echo(
        f"{merged.parts} parts in {folder} ({skipped} finished before); "
        f"{merged.statuses:,} statuses in {db}",
        err=True,
    )
    _fail_if_any([(r.instance, r.tag) for r in results if not r.ok], len(results))
