"""How statuses are shown and written: text blocks, JSON lines, CSV rows."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC
from typing import IO, Any

import orjson
from rich.console import Console
from rich.markup import escape

import tootkit
from tootkit._records import RECORD_FIELDS, csv_cell, records
from tootkit.models import Account, Status

__all__ = ["Writer", "matches_tags", "print_status"]


def _display(account: Account) -> str:
    name = account.display_name_text or account.username
    return f"{escape(name)} [dim]@{escape(account.acct)}[/dim]"


def print_status(console: Console, status: Status, indent: int = 0) -> None:
    """One status as a block: date, author, body, hashtags, its URL, and who boosted it."""
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
    link = shown.url or shown.uri
    if link:
        console.print(f"{pad}[dim]{escape(link)}[/dim]", highlight=False, soft_wrap=True)
    console.print()


def matches_tags(
    status: Status, name: str, any_: Iterable[str], all_: Iterable[str], none_: Iterable[str]
) -> bool:
    """Whether a status meets ``--any``, ``--all`` and ``--none`` by its own hashtags.

    Mastodon applies them on the server; Takahe and some others ignore them,
    so the command checks what it receives as well. Names compare without case.

    Examples:
        >>> from tootkit.models import Tag
        >>> s = Status(id="1", account=Account(id="1"), tags=(Tag(name="Cats"),))
        >>> matches_tags(s, "cats", [], [], ["dogs"]), matches_tags(s, "cats", [], ["dogs"], [])
        (True, False)
    """
    have = {t.name.lower() for t in (status.reblog or status).tags}
    wanted_any = {n.lower() for n in any_}
    if wanted_any and not have & (wanted_any | {name.lower()}):
        return False
    if not {n.lower() for n in all_} <= have:
        return False
    return not have & {n.lower() for n in none_}


class Writer:
    """Writes statuses as text blocks, JSON lines or CSV rows, as they arrive.

    CSV cells that a spreadsheet would run as formulas are neutralized unless
    ``neutralize`` is false (see :func:`tootkit._records.csv_cell`).
    """

    def __init__(
        self, fmt: str, stream: IO[str], *, instance: str | None = None, neutralize: bool = True
    ) -> None:
        self.fmt = fmt
        self.stream = stream
        self.instance = instance
        self.neutralize = neutralize
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
            row = next(records([status], instance=self.instance))
            self.csv.writerow({k: csv_cell(v, neutralize=self.neutralize) for k, v in row.items()})
        self.stream.flush()
