"""``tootkit dehydrate`` and ``tootkit hydrate``: a dataset as ids to share, and back."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO, cast

import click

from tootkit._explain import describe_failure
from tootkit.cli._app import CliError, cli
from tootkit.cli._export import check_target, replacing
from tootkit.cli._options import (
    asking_options,
    check_archive,
    check_new_archive,
    client_options,
    resolve_tokens,
)
from tootkit.cli._progress import progress_lines
from tootkit.store import Archive, HydrateResult, dehydrate, hydrate, read_ids
from tootkit.store._refetch import instance_base

__all__ = ["dehydrate_command", "hydrate_command"]


@cli.command("dehydrate")
@click.argument("db", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    default="-",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    help="The CSV to write [default: standard output].",
)
def dehydrate_command(db: Path, output: Path) -> None:
    """Write the statuses of DB as ids to share: uri, instance, id, created_at, tag.

    No text and no account: others fetch what is still there with
    tootkit hydrate. Deleted statuses and context are left out.
    """
    check_archive(db, "dehydrate")
    to_file = str(output) != "-"
    if to_file:
        check_target(db, output, doing="write the ids to")
    with Archive(db, read_only=True) as archive:
        if not to_file:
            done = dehydrate(archive, sys.stdout)
        else:
            # Written beside and renamed into place: a failure leaves the old file as it was.
            # Plain UTF-8, no byte order mark: hydrate reads the header's first name as "uri".
            with replacing(output, binary=False, encoding="utf-8") as out:
                done = dehydrate(archive, cast(TextIO, out))
    left = [
        f"{count:,} {what} left out"
        for count, what in ((done.deleted, "deleted"), (done.context, "context"))
        if count
    ]
    click.echo(
        f"{done.rows:,} statuses written" + (f"; {', '.join(left)}" if left else ""), err=True
    )


def _line(result: HydrateResult) -> str:
    """A progress line for one instance.

    Examples:
        >>> _line(HydrateResult("mastodon.social", wanted=40, came_back=30, deleted=2))
        'hydrate: mastodon.social: 30 of 40 came back, 2 deleted'
    """
    text = (
        f"hydrate: {result.instance}: {result.came_back:,} of {result.wanted:,} came back, "
        f"{result.deleted:,} deleted"
    )
    if result.error is not None:
        text += f"; stopped: {describe_failure(result.error, result.instance)}"
    return text


@cli.command("hydrate")
@click.argument("ids", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--db",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The archive to store into; created when missing.",
)
@asking_options("with one, a status its id no longer finds is looked up by its uri")
def hydrate_command(
    ids: Path,
    db: Path,
    tokens: tuple[str, ...],
    retries: int,
    timeout: float | None,
    concurrency: int,
) -> None:
    """Fetch every status of the ids file IDS again from its instance, into the archive --db.

    IDS is what tootkit dehydrate writes. Prints how many came back, were
    deleted (404 or 410) or could not be reached.
    """
    check_new_archive(db)
    rows = read_ids(ids)  # its ValueError names the line; main() makes it the one line of exit 1
    urls = sorted({instance_base(row.instance) for row in rows})
    scoped = resolve_tokens(tokens, urls) if urls else {}
    with Archive(db, create=True) as archive:
        results = asyncio.run(
            hydrate(
                rows,
                archive,
                tokens=scoped,
                concurrency=concurrency,
                on_progress=progress_lines(_line),
                **client_options(retries, timeout),
            )
        )
    back = sum(r.came_back for r in results)
    deleted = sum(r.deleted for r in results)
    unreachable = sum(r.unreachable for r in results)
    click.echo(
        f"{sum(r.wanted for r in results):,} statuses: {back:,} came back, {deleted:,} deleted, "
        f"{unreachable:,} could not be reached; stored in {db}",
        err=True,
    )
    for result in results:
        if result.error is not None:
            click.echo(
                f"  {result.instance}: {describe_failure(result.error, result.instance)}", err=True
            )
        for id_, why in result.failed[:3]:
            click.echo(f"  {result.instance} {id_}: {why}", err=True)
    if unreachable:
        raise CliError(
            f"{unreachable:,} statuses could not be reached; hydrating the same file into "
            f"the same --db again asks for all of them again"
        )
