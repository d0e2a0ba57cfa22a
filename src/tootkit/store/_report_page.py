"""A :class:`~tootkit.store.Report` as one self-contained HTML page, or as JSON.

The page loads nothing and runs nothing: its charts are inline SVG
(:mod:`tootkit.store._svg`), its style is inline, and a Content Security
Policy forbids scripts, should any markup ever slip in. Every text from the
archive (instances, accounts, languages, hashtags, errors) goes through
:func:`html.escape`, and no link is made from the archive's data.

Examples:
    >>> from tootkit.store import Archive, report
    >>> with Archive(":memory:") as archive:
    ...     page = html_page(report(archive))
    >>> "The archive holds no status" in page, "<script" in page
    (True, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import Any

import attrs
import orjson

from tootkit.store._figures import InstanceRow, Report
from tootkit.store._report import OTHER
from tootkit.store._svg import colour, hbars, stacked_bars

__all__ = ["html_page", "json_text"]

_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;color:#222;max-width:980px;margin:2em auto;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #eee;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.totals span{display:inline-block;margin-right:2em}.totals b{font-size:1.4em}
.legend span{display:inline-block;margin-right:1em;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
.note{color:#666;font-size:12px}svg text{fill:#333;font-family:system-ui,sans-serif}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC") if at is not None else "—"


def _table(head: Sequence[str], rows: Iterable[Sequence[object]], numeric: set[int]) -> str:
    cells = "".join(
        f"<th{' class=n' if i in numeric else ''}>{_e(h)}</th>" for i, h in enumerate(head)
    )
    body = [
        "<tr>" + "".join(
            f'<td{" class=n" if i in numeric else ""}>{_e(f"{v:,}" if isinstance(v, int) else v)}</td>'
            for i, v in enumerate(row)
        ) + "</tr>"
        for row in rows
    ]  # fmt: skip
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _spans(row: InstanceRow) -> str:
    spans = [
        f"#{s.tag}: {'start' if s.lo is None else _when(s.lo)} to {_when(s.hi)}"
        for s in row.coverage
    ]
    return "; ".join(spans) or "none"


def _volume(summary: Report) -> str:
    width = 13 if summary.hourly else 10
    periods = [(p.start.isoformat()[:width], p.counts, p.covered)
               for p in summary.periods]  # fmt: skip
    series = [*summary.top_instances, OTHER]
    legend = "".join(
        f'<span><i style="background:{colour(i if name != OTHER else -1)}"></i>{_e(name)}</span>'
        for i, name in enumerate(series)
        if name != OTHER or any(dict(p.counts).get(OTHER) for p in summary.periods)
    )
    unit = "hour" if summary.hourly else "day"
    gaps = sum(not p.covered for p in summary.periods)
    return (
        f"<h2>Volume</h2><p>Statuses per {unit} (UTC), stacked by instance: the top "
        f"{len(summary.top_instances)} apart, the rest as “other”. Grey shading marks the "
        f"{unit}s no harvest covered ({gaps:,} of {len(summary.periods):,}): there, no bar means "
        f"“not collected”, not “no posts”.</p>"
        f'<div class="legend">{legend}</div>{stacked_bars(periods, series)}'
    )


def _instances(summary: Report) -> str:
    rows = [
        (r.instance, r.statuses, r.accounts, _when(r.first), _when(r.last), _spans(r),
         f"ok, {_when(r.finished_at)}" if r.last_harvest == "ok" else r.last_harvest)
        for r in summary.instances
    ]  # fmt: skip
    head = ["Instance", "Statuses", "Accounts", "First post", "Last post", "Coverage",
            "Last harvest"]  # fmt: skip
    return (
        "<h2>Instances</h2>"
        '<p class="note">A status is counted under the instance that returned it first. '
        "“Last harvest” is when a harvest of the instance last finished; the archive does not "
        "record harvests that failed, so an instance without one shows “not recorded”.</p>"
        + _table(head, rows, {1, 2})
    )


def _ranked(title: str, note: str, items: Sequence[tuple[str, int]]) -> str:
    body = hbars(items) if items else '<p class="note">None.</p>'
    return f'<h2>{_e(title)}</h2><p class="note">{_e(note)}</p>{body}'


def _provenance(summary: Report) -> str:
    p = summary.provenance
    left = p.left_out
    reasons = ", ".join(f"{reason}: {n:,} accounts" for reason, n in left.opted_out_accounts)
    facts = [
        ("Archive", p.path),
        ("Size", f"{p.size:,} bytes"),
        ("Made with", f"tootkit {p.version}, {_when(p.made_at)}"),
        ("Bounds", f"{_when(summary.since) if summary.since else 'none'} to "
                   f"{_when(summary.until) if summary.until else 'none'}"),
        ("Harvested hashtags", " ".join(f"#{t}" for t in summary.harvested_tags) or "none"),
        ("Exports leave out", f"{left.deleted:,} deleted, {left.context:,} context "
                              f"(fetched with --replies), {left.opted_out:,} of accounts that "
                              f"opted out{f' ({reasons})' if reasons else ''}"),
    ]  # fmt: skip
    parts = ["<h2>Provenance</h2><table>"]
    parts += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts]
    parts.append("</table><h3>Harvests that finished</h3>")
    finished = [(f.instance, f"#{f.tag}", _when(f.since) if f.since else "none",
                 _when(f.until) if f.until else "none", _when(f.at)) for f in p.finished]  # fmt: skip
    parts.append(_table(["Instance", "Hashtag", "Since", "Until", "Finished"], finished, set())
                 if finished else '<p class="note">None recorded.</p>')  # fmt: skip
    if p.refreshes:
        rows = [(_when(r.at), r.instance, r.checked, r.deleted, r.edited, r.error or "ok")
                for r in p.refreshes]  # fmt: skip
        parts.append("<h3>Refreshes</h3>")
        parts.append(_table(["At", "Instance", "Checked", "Deleted", "Edited", "Result"], rows,
                            {2, 3, 4}))  # fmt: skip
    return "".join(parts)


def _total(name: str, count: int, word: str) -> str:
    words = word if count == 1 else word + ("es" if word.endswith("s") else "s")
    return f'<span><b data-total="{name}">{count:,}</b> {words}</span>'


def html_page(summary: Report, *, title: str = "tootkit report") -> str:
    """The report as a self-contained HTML page: inline SVG, no script, nothing loaded."""
    t = summary.totals
    head = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{_e(title)}</h1><p class=note>{_e(summary.provenance.path)}</p>"
    )
    if summary.empty:
        body = (
            '<p class="empty">The archive holds no status'
            f"{' within these bounds' if summary.since or summary.until else ''}: "
            "there is nothing to chart yet.</p>"
        )
        return head + body + _provenance(summary) + "</body></html>"
    totals = (
        '<p class="totals">'
        + _total("statuses", t.statuses, "status")
        + _total("instances", t.instances, "instance")
        + _total("accounts", t.accounts, "account")
        + f"<span>{_e(_when(t.first))} to {_e(_when(t.last))}</span></p>"
    )
    sections = [
        totals,
        _volume(summary),
        _instances(summary),
        _ranked(
            "Languages",
            "Statuses by the language the server gave; “unknown” where it gave none.",
            summary.languages,
        ),
        _ranked(
            "Accounts", f"The top {len(summary.accounts)} accounts by statuses.", summary.accounts
        ),
        _ranked(
            "Hashtags",
            "The most frequent hashtags used alongside the harvested ones.",
            summary.hashtags,
        ),
        _provenance(summary),
    ]
    return head + "".join(sections) + "</body></html>"


def json_text(summary: Report) -> bytes:
    """The report's figures as JSON: the :class:`Report` unstructured, dates in ISO 8601."""
    data: dict[str, Any] = attrs.asdict(summary)
    data["empty"] = summary.empty
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
