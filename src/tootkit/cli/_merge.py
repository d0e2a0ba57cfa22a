"""``tootkit merge``: part archives into one, by ``uri``."""

from __future__ import annotations

from pathlib import Path

import click

from tootkit.cli._app import CliError, cli
from tootkit.store import merge_archives

__all__ = ["merge"]


@cli.command()
@click.argument("parts", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The archive to merge into; created when missing, added to when it exists.",
)
def merge(parts: tuple[Path, ...], output: Path) -> None:
    """Merge the archives PARTS into one (-o), by uri.

    Every instance that returned a status is kept, and each (instance,
    hashtag)'s coverage, so the merged archive resumes like any other:

        tootkit merge study.sqlite.parts/*.sqlite -o study.sqlite
    """
    missing = [str(p) for p in parts if not p.exists()]
    if missing:
        raise CliError(f"no such archive: {', '.join(missing)}", 2)
    if output.resolve() in {p.resolve() for p in parts}:
        raise CliError(f"{output} is among the parts: merge into another file", 2)
    result = merge_archives(list(parts), output)  # an ArchiveError is main()'s one line
    click.echo(
        f"{result.parts} archives merged: {result.added:,} statuses added, "
        f"{result.statuses:,} in {output}",
        err=True,
    )
