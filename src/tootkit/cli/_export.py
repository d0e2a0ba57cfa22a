"""``tootkit export``: an archive as JSON lines, CSV or Parquet, without ever touching it."""

from __future__ import annotations

import contextlib
import csv
import functools
import itertools
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import click
import orjson

from tootkit._records import RECORD_FIELDS, RECORD_TYPES, csv_cell
from tootkit.cli._app import CliError, cli
from tootkit.cli._options import (
    check_archive,
    check_tag,
    date_bounds,
    neutralize_option,
    since_option,
    until_option,
)
from tootkit.cli._pseudonymize import pseudonymize_option, pseudonymizer
from tootkit.store import Archive, LeftOut, OptOuts

__all__ = ["check_target", "export", "replacing", "write_parquet"]

COLUMNS = [*RECORD_FIELDS, "instances"]

_Writer = Callable[[Archive, dict[str, Any], IO[Any], bool], int]
"""Writes the archive's statuses that match the query; returns how many."""


@cli.command()
@click.argument("db", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet", "edges"]),
    required=True,
    help="jsonl: the raw JSON plus _instances; csv: for spreadsheets; parquet: for pandas, R, "
    "DuckDB; edges: who replied to, boosted, mentioned, quoted whom (CSV or Parquet by -o's suffix).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    help="The file to write (replaced only once complete), or - for standard output.",
)
@since_option
@until_option
@click.option("--tag", "tag_", default=None, help="Only statuses harvested for this hashtag.")
@click.option(
    "--include-context",
    is_flag=True,
    help="Add the conversations fetched with harvest --replies: each such status says which "
    "harvested statuses it is context of (context_of; _context_of in JSON lines).",
)
@pseudonymize_option(
    "Replace account ids, names, profile links and mentions with keyed pseudonyms "
    "(u_ and 16 hex digits; domains stay)."
)
@click.option(
    "--include-opted-out",
    is_flag=True,
    help="Keep the statuses of accounts that opted out (noindex, or #nobot, #noindex, #nosearch, "
    "#noarchive, #noresearch in their bio or fields), which are left out by default.",
)
@click.option(
    "--require-indexable",
    is_flag=True,
    help="Opt-in only: leave out every account that is not indexable: true. Most accounts "
    "never opted in to search, so this leaves out most of the statuses.",
)
@neutralize_option
def export(
    db: Path,
    fmt: str,
    output: str,
    since: str | None,
    until: str | None,
    tag_: str | None,
    include_context: bool,
    key_file: Path | None,
    include_opted_out: bool,
    require_indexable: bool,
    raw_csv: bool,
) -> None:
    """Export the archive DB, oldest status first; the archive is opened read-only."""
    bounds = date_bounds(since, until)
    tag = check_tag(tag_) if tag_ is not None else None
    check_archive(db, "export")
    target = None if output == "-" else Path(output)
    if target is None and fmt == "parquet":
        raise CliError("Parquet cannot go to standard output; give a file with -o", 2)
    if target is not None:
        check_target(db, target)
    pseudonyms = pseudonymizer(key_file) if key_file is not None else None
    if fmt == "edges":
        from tootkit.cli._edges import export_edges  # here: it builds on this module

        return export_edges(
            db,
            target,
            bounds,
            tag,
            include_context,
            not raw_csv,
            name=pseudonyms.account if pseudonyms is not None else None,
            link=pseudonyms.url if pseudonyms is not None else None,
            include_opted_out=include_opted_out,
            require_indexable=require_indexable,
        )
    write: _Writer = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt]
    tally = OptOuts(require_indexable)
    query: dict[str, Any] = {
        "since": bounds[0],
        "until": bounds[1],
        "tag": tag,
        "include_context": include_context,
        "include_opted_out": include_opted_out,
        "require_indexable": require_indexable,
        "pseudonyms": pseudonyms,
        "tally": tally,
    }
    # An ArchiveError reaches main(), which makes it the one line of exit 1.
    with Archive(db, read_only=True) as archive:
        if target is None:
            stream = sys.stdout if fmt == "csv" else sys.stdout.buffer
            count = write(archive, query, stream, not raw_csv)
            stream.flush()
        else:
            with replacing(target, binary=fmt != "csv") as out:
                count = write(archive, query, out, not raw_csv)
        left_out = archive.left_out(**{k: v for k, v in query.items() if k != "pseudonyms"})
    where = "standard output" if target is None else str(target)
    if count == 0:
        which = f"was harvested for #{tag}" if tag else "matches"
        click.echo(f"tootkit: warning: no status in {db} {which}; 0 rows written", err=True)
    else:
        click.echo(f"{count:,} statuses written to {where}", err=True)
    if left_out.deleted or left_out.context or left_out.opted_out:
        click.echo(_left_out_line(left_out), err=True)
    if include_opted_out and tally.statuses:
        click.echo(_kept_line(tally), err=True)


def _kept_line(tally: OptOuts) -> str:
    """The warning of ``--include-opted-out``: what it kept that is left out by default."""
    accounts = sum(tally.accounts.values())
    return (
        f"tootkit: warning: --include-opted-out: {_statuses(tally.statuses)} of "
        f"{accounts:,} account{'s' if accounts != 1 else ''} that opted out are in the export"
    )


def _statuses(count: int) -> str:
    return f"{count:,} status{'es' if count != 1 else ''}"


def _left_out_line(left_out: LeftOut) -> str:
    """What the export left out and why, in one line."""
    parts = []
    if left_out.deleted:
        parts.append(f"{left_out.deleted:,} deleted status{'es' if left_out.deleted != 1 else ''}")
    if left_out.context:
        parts.append(f"{left_out.context:,} context status{'es' if left_out.context != 1 else ''}")
    if left_out.opted_out:
        reasons = dict(left_out.opted_out_accounts)
        accounts = sum(reasons.values())
        which = "are not indexable" if set(reasons) == {"not indexable"} else "opted out"
        why = ", ".join(f"{reason}: {n:,}" for reason, n in reasons.items())
        parts.append(
            f"{_statuses(left_out.opted_out)} of {accounts:,} account{'s' if accounts != 1 else ''} "
            f"that {which} ({why})"
        )
    line = " and ".join(parts) + " left out"
    if left_out.context:
        line += "; --include-context adds the context"
    if left_out.opted_out:
        line += "; --include-opted-out keeps the opted-out"
    return line


def check_writable(target: Path, *, option: str = "") -> None:
    """Refuse (exit 2) a file to write whose folder is missing, or that is a folder.

    ``option`` names the option that gave it (``-o``), for the message.
    """
    named = f"{option} {target}" if option else str(target)
    if not target.parent.is_dir():
        raise CliError(f"cannot write {named}: the folder {target.parent} does not exist", 2)
    if target.is_dir():
        raise CliError(f"cannot write {named}: it is a folder", 2)


def check_target(db: Path, target: Path, *, doing: str = "export to") -> None:
    """Refuse a target whose folder is missing, that is a folder, or that is the archive ``db``."""
    check_writable(target)
    for own in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        with contextlib.suppress(OSError):
            if target.exists() and own.exists() and os.path.samefile(own, target):
                raise CliError(f"{target} is the archive itself; give another file to {doing}", 2)


@contextlib.contextmanager
def replacing(target: Path, *, binary: bool, encoding: str = "utf-8-sig") -> Iterator[IO[Any]]:
    """A temporary file beside ``target`` that replaces it only once complete.

    Text is written in ``encoding``: by default UTF-8 with a byte order mark,
    so that spreadsheets read a CSV as UTF-8.
    """
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    temporary = Path(name)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # an ordinary file's permissions, not mkstemp's 0600
        mode = "wb" if binary else "w"
        # Newlines in text are quoted by the csv module: no translation here.
        text = None if binary else encoding
        with os.fdopen(fd, mode, encoding=text, newline=None if binary else "") as out:
            yield out
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CliError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _jsonl(archive: Archive, query: dict[str, Any], out: IO[Any], neutralize: bool) -> int:
    count = 0
    context = query["include_context"]
    for row, status in archive._read(decode=True, **query):  # the JSON decoded once
        line = {**status, "_instances": row.instances}
        if context:
            line["_context_of"] = row.context_of
        out.write(orjson.dumps(line) + b"\n")
        count += 1
    return count


def _csv(archive: Archive, query: dict[str, Any], out: IO[Any], neutralize: bool) -> int:
    columns = [*COLUMNS, "context_of"] if query["include_context"] else COLUMNS
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for row in archive.records(**query):
        writer.writerow({k: csv_cell(v, neutralize=neutralize) for k, v in row.items()})
        count += 1
    return count


PARQUET_BATCH = 10_000
"""Rows held in memory at once while writing Parquet: the archive may hold millions."""


def parquet_schema(*, context: bool = False) -> Any:
    """The one Parquet schema of every export: its types never depend on the rows.

    ``context``: the schema of ``--include-context``, with ``context_of`` last.
    """
    import pyarrow as pa  # type: ignore[import-untyped]

    types = {"string": pa.string(), "timestamp": pa.timestamp("us", tz="UTC"),
             "bool": pa.bool_(), "int": pa.int64()}  # fmt: skip
    columns = [(name, types[RECORD_TYPES[name]]) for name in RECORD_FIELDS]
    more = [("context_of", pa.string())] if context else []
    return pa.schema([*columns, ("instances", pa.string()), *more])


def _parquet(archive: Archive, query: dict[str, Any], out: IO[Any], neutralize: bool) -> int:
    schema = functools.partial(parquet_schema, context=query["include_context"])
    return write_parquet(archive.records(**query), schema, out)


def write_parquet(rows: Iterator[dict[str, Any]], schema: Callable[[], Any], out: IO[bytes]) -> int:
    """Write ``rows`` to ``out`` as Parquet of ``schema()``, :data:`PARQUET_BATCH` at a time; how many."""
    try:
        arrow_schema = schema()
        import pyarrow as pa
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:
        raise CliError('Parquet needs pyarrow: pip install "tootkit[parquet]"', 2) from None
    count = 0
    with pq.ParquetWriter(out, arrow_schema) as writer:
        while batch := list(itertools.islice(rows, PARQUET_BATCH)):
            writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
            count += len(batch)
    return count
