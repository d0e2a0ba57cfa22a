"""``tootkit export --format edges``: the interaction network, as CSV or Parquet by the suffix of -o."""

from __future__ import annotations

import csv
import io
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import click

from tootkit._records import csv_cell
from tootkit.cli._app import CliError
from tootkit.cli._export import _left_out_line, replacing, write_parquet
from tootkit.store import Archive, OptOuts
from tootkit.store._network import EDGE_FIELDS, EDGE_KINDS, Edge, edges

__all__ = ["edges_schema", "export_edges"]

_PLURALS = {"reply": "replies", "boost": "boosts", "mention": "mentions", "quote": "quotes"}


def export_edges(
    db: Path,
    target: Path | None,
    bounds: tuple[datetime | None, datetime | None],
    tag: str | None,
    include_context: bool,
    neutralize: bool,
    *,
    name: Callable[[str], str] | None = None,
    link: Callable[[str], str] | None = None,
    include_opted_out: bool = False,
    require_indexable: bool = False,
) -> None:
    """Write the edges of the archive ``db`` to ``target`` (``None``: CSV on standard output).

    ``name`` maps ``user@domain`` to what is written (the pseudonymizer of
    ``--pseudonymize``); opted-out accounts are left out as exports leave them
    out, on either end of an edge, unless ``include_opted_out``.
    """
    parquet = target is not None and target.suffix.lower() == ".parquet"
    if target is not None and not parquet and target.suffix.lower() != ".csv":
        raise CliError(
            f"cannot tell the format of {target}: --format edges writes a .csv or a .parquet file",
            2,
        )
    unresolved: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    query: dict[str, Any] = {
        "since": bounds[0], "until": bounds[1], "tag": tag, "include_context": include_context,
        "include_opted_out": include_opted_out, "require_indexable": require_indexable,
    }  # fmt: skip
    # What edges() leaves out as opted out is counted as it reads, for left_out().
    tally = None if include_opted_out else OptOuts(require_indexable)
    # An ArchiveError reaches main(), which makes it the one line of exit 1.
    with Archive(db, read_only=True) as archive:
        stream = edges(archive, **query, name=name, link=link, unresolved=unresolved, tally=tally)
        counted = _counting(stream, counts)
        if target is None:
            _write_csv(counted, sys.stdout, neutralize)
            sys.stdout.flush()
        else:
            with replacing(target, binary=True) as out:
                if parquet:
                    write_parquet((edge.row() for edge in counted), edges_schema, out)
                else:
                    # Plain UTF-8, no byte-order mark: a BOM would become part of
                    # the first column's name in csv.DictReader and in igraph.
                    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
                    _write_csv(counted, text, neutralize)
                    text.detach()
        left_out = archive.left_out(**query, tally=tally)
    where = "standard output" if target is None else str(target)
    total = sum(counts.values())
    kinds = ", ".join(_many(counts[k], k) for k in EDGE_KINDS if counts[k])
    click.echo(
        f"{total:,} edge{'s' if total != 1 else ''} written to {where}"
        + (f" ({kinds})" if kinds else ""),
        err=True,
    )
    if unresolved:
        skipped = " and ".join(_many(unresolved[k], k) for k in EDGE_KINDS if unresolved[k])
        click.echo(
            f"{skipped} left out: the status they answer or quote is not in the archive", err=True
        )
    if left_out.deleted or left_out.context:
        click.echo(_left_out_line(left_out), err=True)


def _many(count: int, kind: str) -> str:
    """``1 reply``, ``2 replies``."""
    return f"{count:,} {kind if count == 1 else _PLURALS[kind]}"


def _counting(stream: Iterator[Edge], counts: Counter[str]) -> Iterator[Edge]:
    for edge in stream:
        counts[edge.kind] += 1
        yield edge


def _write_csv(stream: Iterator[Edge], out: IO[str], neutralize: bool) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EDGE_FIELDS)
    for edge in stream:
        writer.writerow([csv_cell(v, neutralize=neutralize) for v in edge.row().values()])
    out.flush()


def edges_schema() -> Any:
    """The Parquet schema of an edge list: strings, and ``created_at`` an aware UTC timestamp."""
    import pyarrow as pa  # type: ignore[import-untyped]

    columns = [(name, pa.string()) for name in EDGE_FIELDS[:-1]]
    return pa.schema([*columns, ("created_at", pa.timestamp("us", tz="UTC"))])
