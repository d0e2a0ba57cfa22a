"""``tootkit report``: what an archive holds, as one HTML page with charts, or as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from tootkit.cli._app import cli
from tootkit.cli._export import check_target, replacing
from tootkit.cli._options import check_archive, date_bounds, since_option, until_option
from tootkit.cli._pseudonymize import pseudonymize_option, pseudonymizer
from tootkit.store import Archive, Report, html_page, json_text, report

__all__ = ["report_command", "sparkline"]

_TICKS = "▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int], *, width: int = 60) -> str:
    """``counts`` as one line of block characters, summed into at most ``width`` cells.

    Examples:
        >>> sparkline([0, 1, 2, 4, 8])
        '▁▁▂▄█'
    """
    if not counts:
        return ""
    size = -(-len(counts) // width)  # cells of `size` periods each, so the line fits
    cells = [sum(counts[i : i + size]) for i in range(0, len(counts), size)]
    peak = max(cells) or 1
    return "".join(_TICKS[min(len(_TICKS) - 1, n * len(_TICKS) // (peak + 1))] for n in cells)


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 'es' if word.endswith('s') else 's'}"


def _summary_lines(summary: Report, target: str) -> list[str]:
    t = summary.totals
    if summary.empty:
        return [f"the archive holds no status; the report says so: {target}"]
    unit = "hour" if summary.hourly else "day"
    gaps = sum(not p.covered for p in summary.periods)
    first = t.first.strftime("%Y-%m-%d %H:%M") if t.first else "?"
    last = t.last.strftime("%Y-%m-%d %H:%M") if t.last else "?"
    return [
        f"{_n(t.statuses, 'status')} from {_n(t.instances, 'instance')} by "
        f"{_n(t.accounts, 'account')}, "
        f"{first} to {last} UTC",
        f"per {unit}: {sparkline([p.total for p in summary.periods])}"
        + (f"  ({_n(gaps, unit)} not collected)" if gaps else ""),
        f"report written to {target}",
    ]


@cli.command("report")
@click.argument("db", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="The file to write (replaced only once complete).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "json"]),
    default="html",
    show_default=True,
    help="html: one self-contained page with charts; json: the same figures, for scripts.",
)
@since_option
@until_option
@pseudonymize_option(
    "Show the top accounts as keyed pseudonyms (u_ and 16 hex digits; domains stay)."
)
def report_command(
    db: Path,
    output: Path,
    fmt: str,
    since: str | None,
    until: str | None,
    key_file: Path | None,
) -> None:
    """Sum up the archive DB in a page of charts: volume, instances, languages, accounts,
    hashtags and provenance. The archive is opened read-only."""
    since_at, until_at = date_bounds(since, until)
    check_archive(db, "report on")
    check_target(db, output, doing="write the report to")
    pseudonyms = pseudonymizer(key_file) if key_file is not None else None
    # An ArchiveError reaches main(), which makes it the one line of exit 1.
    with Archive(db, read_only=True) as archive:
        summary = report(archive, since=since_at, until=until_at, pseudonyms=pseudonyms)
    with replacing(output, binary=True) as out:
        out.write(json_text(summary) if fmt == "json" else html_page(summary).encode())
    for line in _summary_lines(summary, str(output)):
        click.echo(line, err=True)
