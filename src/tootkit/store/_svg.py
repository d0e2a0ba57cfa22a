"""The charts of ``tootkit report``, drawn as plain inline SVG: no dependency, no JavaScript.

Two charts: :func:`stacked_bars`, bars of counts stacked by series over
periods, with the periods nothing was collected for shaded; and
:func:`hbars`, horizontal bars for ranked counts. Every text is escaped, and
every number written is one we computed, so an archive's text can never
become markup. A bar's ``<title>`` is its tooltip, shown by the browser.

Examples:
    >>> svg = hbars([("en", 3), ("de", 1)])
    >>> svg.startswith("<svg") and svg.count('class="bar"')
    2
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["OTHER_COLOUR", "PALETTE", "colour", "hbars", "stacked_bars"]

PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6",
)  # fmt: skip
"""Ten colours told apart also in print (Tableau 10)."""
OTHER_COLOUR = "#bab0ac"
GAP_COLOUR = "#e8e8e8"


def colour(index: int) -> str:
    """The colour of the ``index``-th series; past the palette, that of "other"."""
    return PALETTE[index] if 0 <= index < len(PALETTE) else OTHER_COLOUR


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 11) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}">'
        f"{escape(text)}</text>"
    )


def stacked_bars(
    periods: Sequence[tuple[str, Sequence[tuple[str, int]], bool]],
    series: Sequence[str],
    *,
    width: int = 900,
    height: int = 280,
) -> str:
    """Bars of ``(period label, [(series, count)...], covered)``, stacked in the order of ``series``.

    Labels are ISO 8601 prefixes (``2025-03-01``, ``2025-03-01T14``); the axis shows
    them with a space for the ``T``.

    A series not in ``series`` takes the colour of "other". Each bar segment
    is a ``<rect class="bar">`` with ``data-period``, ``data-instance`` and
    ``data-count``; each uncovered period a ``<rect class="gap">`` behind
    the bars, with ``data-period`` and ``data-covered="false"``.

    Examples:
        >>> svg = stacked_bars([("2025-03-01", [("a.example", 2)], True),
        ...                     ("2025-03-02", [], False)], ["a.example"])
        >>> 'data-count="2"' in svg, 'class="gap"' in svg
        (True, True)
    """
    left, right, top, bottom = 56, 34, 12, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((sum(n for _, n in counts) for _, counts, _ in periods), default=0) or 1
    slot = plot_w / max(len(periods), 1)
    gap = max(min(2.0, slot * 0.15), slot - 48)  # a few periods: bars of 48, not a wall
    order = {name: i for i, name in enumerate(series)}
    every = max(1, len(periods) // 8)  # about eight labels on the axis
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" class="chart volume">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#888"/>',
        _text(left - 6, top + 10, f"{peak:,}", "end"),
        _text(left - 6, top + plot_h, "0", "end"),
    ]
    for index, (label, counts, covered) in enumerate(periods):
        x = left + index * slot
        attrs = f'data-period="{escape(label)}"'
        if not covered:
            parts.append(
                f'<rect class="gap" {attrs} data-covered="false" x="{x:.2f}" y="{top}" '
                f'width="{slot:.2f}" height="{plot_h}" fill="{GAP_COLOUR}">'
                f"<title>{escape(label)}: not collected</title></rect>"
            )
        y = float(top + plot_h)
        for name, count in sorted(counts, key=lambda item: order.get(item[0], len(order))):
            h = count / peak * plot_h
            y -= h
            parts.append(
                f'<rect class="bar" {attrs} data-instance="{escape(name)}" data-count="{count}" '
                f'x="{x + gap / 2:.2f}" y="{y:.2f}" width="{max(slot - gap, 0.5):.2f}" '
                f'height="{h:.2f}" fill="{colour(order.get(name, -1))}">'
                f"<title>{escape(label)} {escape(name)}: {count:,}</title></rect>"
            )
        if index % every == 0:
            parts.append(
                _text(x + slot / 2, top + plot_h + 16, label.replace("T", " "), "middle", 10)
            )
    parts.append("</svg>")
    return "".join(parts)


def hbars(items: Sequence[tuple[str, int]], *, width: int = 640, row: int = 20) -> str:
    """Horizontal bars, one per ``(label, count)``, in the order given; each ``<rect class="bar">``
    carries ``data-label`` and ``data-count``."""
    label_w, count_w = 230, 70
    plot_w = width - label_w - count_w
    peak = max((n for _, n in items), default=0) or 1
    height = row * len(items) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" class="chart ranks">'
    ]
    for index, (label, count) in enumerate(items):
        y = index * row + 2
        shown = label if len(label) <= 34 else label[:33] + "…"
        parts.append(_text(label_w - 8, y + row * 0.7, shown, "end"))
        w = max(count / peak * plot_w, 1.0)
        parts.append(
            f'<rect class="bar" data-label="{escape(label)}" data-count="{count}" x="{label_w}" '
            f'y="{y + 2}" width="{w:.2f}" height="{row - 5}" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}: {count:,}</title></rect>"
        )
        parts.append(_text(label_w + w + 6, y + row * 0.7, f"{count:,}"))
    parts.append("</svg>")
    return "".join(parts)
