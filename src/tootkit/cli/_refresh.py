"""``tootkit refresh``: ask the instances again for what an archive holds; mark deletions, add edits."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from pathlib import Path

import click

from tootkit._explain import describe_failure
from tootkit.cli._app import CliError, cli
from tootkit.cli._options import asking_options, check_archive, client_options, resolve_tokens
from tootkit.cli._progress import progress_lines
from tootkit.errors import TransportError
from tootkit.store import Archive, RefreshResult, refresh
from tootkit.store._refetch import instance_base

__all__ = ["parse_age", "refresh_command"]

_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_age(text: str) -> timedelta:
    """``7d``, ``12h``, ``30m`` or ``2w`` as a duration; anything else is refused (exit 2).

    Examples:
        >>> parse_age("7d"), parse_age("36h")
        (datetime.timedelta(days=7), datetime.timedelta(days=1, seconds=43200))
    """
    found = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text.lower())
    if found is None:
        raise CliError(f"--older-than {text!r}: give a number and a unit, such as 7d, 12h or 2w", 2)
    return timedelta(**{_UNITS[found[2]]: int(found[1])})


def _line(result: RefreshResult) -> str:
    """A progress line for one instance.

    Examples:
        >>> _line(RefreshResult("mastodon.social", wanted=40, checked=20, deleted=2, edited=1))
        'refresh: mastodon.social: 20 of 40 checked, 2 deleted, 1 edited'
    """
    text = (
        f"refresh: {result.instance}: {result.checked:,} of {result.wanted:,} checked, "
        f"{result.deleted:,} deleted, {result.edited:,} edited"
    )
    if result.failed:
        text += f", {len(result.failed):,} not told ({result.failed[0][1]})"
    if result.error is not None:
        text += f"; stopped: {describe_failure(result.error, result.instance)}"
    return text


@cli.command("refresh")
@click.argument("db", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--older-than",
    "older_than",
    metavar="AGE",
    help="Check only statuses not checked in that long (7d, 12h, 2w); "
    "resumes an interrupted refresh.",
)
@click.option(
    "--sample",
    type=click.IntRange(min=1),
    help="Check a random N of the statuses only, for a quick estimate.",
)
@click.option("--seed", type=int, help="Seed for --sample, to draw the same statuses again.")
@asking_options("a bare token only when the archive holds one instance")
def refresh_command(
    db: Path,
    older_than: str | None,
    sample: int | None,
    seed: int | None,
    tokens: tuple[str, ...],
    retries: int,
    timeout: float | None,
    concurrency: int,
) -> None:
    """Ask each status's instance for it again: mark deletions, record edits.

    A status the instance answers 404 or 410 for is marked deleted: it keeps
    its uri, id and created_at but no text, and exports leave it out. A new
    edited_at adds a version. 20 statuses a request where the server allows
    it (Mastodon 4.3+), else one. Each instance's refresh is logged in the
    archive (table refreshes); Ctrl-C keeps what was marked, and

        tootkit refresh study.sqlite --older-than 1d

    goes on where it stopped.
    """
    age = parse_age(older_than) if older_than is not None else None
    check_archive(db, "refresh")
    with Archive(db) as archive:
        urls = [instance_base(key) for key in archive.instances()]
        scoped = resolve_tokens(tokens, urls) if urls else {}
        try:
            results = asyncio.run(
                refresh(
                    archive,
                    tokens=scoped,
                    older_than=age,
                    sample=sample,
                    seed=seed,
                    concurrency=concurrency,
                    on_progress=progress_lines(_line),
                    **client_options(retries, timeout),
                )
            )
        except KeyboardInterrupt:
            raise CliError(
                f"interrupted: what was marked is kept in {db}; "
                f"tootkit refresh {db} --older-than 1d goes on with the rest",
                130,
            ) from None
    checked = sum(r.checked for r in results)
    deleted = sum(r.deleted for r in results)
    edited = sum(r.edited for r in results)
    click.echo(
        f"{checked:,} statuses checked on {len(results)} instances: "
        f"{deleted:,} deleted, {edited:,} edited",
        err=True,
    )
    stopped = [r for r in results if r.error is not None]
    if stopped:
        unreached = [r.instance for r in stopped if isinstance(r.error, TransportError)]
        others = [r.instance for r in stopped if not isinstance(r.error, TransportError)]
        what = (
            [f"could not reach {', '.join(unreached)} (nothing of it marked)"] if unreached else []
        )
        what += [f"stopped early on {', '.join(others)}"] if others else []
        raise CliError(
            f"{'; '.join(what)}; tootkit refresh {db} --older-than 1d tries again what was not checked"
        )
