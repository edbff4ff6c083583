"""Server-side SVG charts built from plain data.

The dashboard pages and the PDF reports draw the same pictures with these functions; no
JavaScript is needed to see them (WeasyPrint runs none). Every label is escaped; numbers are
formatted here, so the returned markup is safe to embed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import format_decimal
from markupsafe import Markup, escape

PALETTE = ["#0b6e4f", "#2f6db5", "#d08c19", "#b3261e", "#7a4fa3", "#4f8a8b", "#8a6d3b", "#5b6b70"]
FONT = 'font-family="Noto Sans, sans-serif"'
#: text size in SVG units: a chart drawn at its own width (640) or wider shows 12 px text, and
#: the dashboards never draw one narrower (it scrolls sideways on a phone instead)
FONT_SIZE = 12
LEGEND_ROW = 17
#: a bar label takes at most this share of the chart's width; a longer one ends in "…" (its
#: full words stay in the bar's tooltip and in the chart's data table)
LABEL_SHARE = 0.5

Number = int | float | Decimal


@dataclass
class Series:
    label: str
    values: Sequence[Number | None]
    color: str | None = None


def _fmt(value: Number) -> str:
    """A value as the page's language writes numbers: "1,450.2" in English, "1.450,2" in
    Indonesian; large ones shortened to "12k" or "1.5M"."""
    value = float(value)
    if abs(value) >= 1_000_000:
        return format_decimal(value / 1_000_000, format="#,##0.0") + "M"
    if abs(value) >= 10_000:
        return format_decimal(value / 1000, format="#,##0") + "k"
    return format_decimal(value, format="#,##0.#")


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img" aria-label="{escape(title)}" {FONT} font-size="{FONT_SIZE}">'
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - built from escaped parts


def _text_width(text: str) -> float:
    """About how wide ``text`` is drawn at FONT_SIZE: Chinese characters take a full em,
    combining marks (Thai, Khmer, Lao, Myanmar vowels and tones) no room of their own."""
    width = 0.0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 11
        else:
            width += 7 if char.isascii() else 8.5
    return width * FONT_SIZE / 11


def _fit(text: str, room: float) -> str:
    """``text`` shortened with "…" to fit ``room`` units."""
    if _text_width(text) <= room:
        return text
    while text and _text_width(text + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _label_room(labels: Sequence[str], width: int) -> int:
    """Width of the label column of a bar chart: the longest label, within LABEL_SHARE."""
    longest = max([_text_width(label) for label in labels] or [0.0])
    return int(min(max(longest + 12, 60), width * LABEL_SHARE))


def _bar_label(label: str, x: float, y: float, room: float) -> str:
    shown = _fit(label, room - 8)
    text = f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="end">{escape(shown)}</text>'
    if shown == label:
        return text
    return f"<g><title>{escape(label)}</title>{text}</g>"


def _legend(series: Sequence[Series], x: int, y: int, width: int) -> tuple[list[str], int]:
    """The legend from (x, y), wrapped onto further rows of LEGEND_ROW units when a row is
    full; returns its parts and the number of rows."""
    parts, cursor, rows = [], x, 1
    for i, s in enumerate(series):
        color = s.color or PALETTE[i % len(PALETTE)]
        entry = 24 + _text_width(s.label)
        if cursor > x and cursor + entry > width:
            cursor, y, rows = x, y + LEGEND_ROW, rows + 1
        parts.append(
            f'<rect x="{cursor:.0f}" y="{y - 9}" width="10" height="10" fill="{color}"/>'
            f'<text x="{cursor + 14:.0f}" y="{y}">{escape(s.label)}</text>'
        )
        cursor += entry
    return parts, rows


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    y_min: float | None = None,
    y_max: float | None = None,
    fmt: Callable[[Number], str] = _fmt,
    width: int = 640,
    height: int = 240,
) -> Markup:
    """Lines over shared x labels (months); a None value leaves a gap."""
    left, right, top, bottom = 44, 12, 24, 36
    legend, rows = _legend(series, left, 14, width)
    top += LEGEND_ROW * (rows - 1)
    height += LEGEND_ROW * (rows - 1)
    values = [float(v) for s in series for v in s.values if v is not None]
    lo = y_min if y_min is not None else min([0.0, *values])
    hi = y_max if y_max is not None else _nice_max(max(values, default=1.0))
    hi = hi if hi > lo else lo + 1
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - lo) / (hi - lo))

    body = _axes(left, top, plot_w, plot_h, lo, hi, fmt)
    body += _x_labels(labels, x, top + plot_h + 14)
    for i, s in enumerate(series):
        color = s.color or PALETTE[i % len(PALETTE)]
        segment: list[str] = []
        for j, v in enumerate(s.values):
            if v is None:
                body += _polyline(segment, color)
                segment = []
                continue
            segment.append(f"{x(j):.1f},{y(float(v)):.1f}")
            body.append(
                f'<circle cx="{x(j):.1f}" cy="{y(float(v)):.1f}" r="2.5" '
                f'fill="{color}"><title>{escape(labels[j])}: {escape(fmt(v))}'
                f"</title></circle>"
            )
        body += _polyline(segment, color)
    body += legend
    return _svg(width, height, title, body)


def _polyline(points: list[str], color: str) -> list[str]:
    if len(points) < 2:
        return []
    return [
        f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{" ".join(points)}"/>'
    ]


def _axes(left, top, plot_w, plot_h, lo, hi, fmt) -> list[str]:
    parts = []
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        yy = top + plot_h * (1 - k / 4)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{yy:.1f}" y2="{yy:.1f}" '
            f'stroke="#d5dde0"/><text x="{left - 4}" y="{yy + 4:.1f}" '
            f'text-anchor="end" fill="#5b6b70">{escape(fmt(v))}</text>'
        )
    return parts


def _x_labels(labels: Sequence[str], x: Callable[[int], float], y: float) -> list[str]:
    """Every label that has room: every second or third one when they would touch."""
    slot = abs(x(1) - x(0)) if len(labels) > 1 else float("inf")
    widest = max([_text_width(label) for label in labels] or [0.0]) + 6
    step = max(1, len(labels) // 12, int(-(-widest // slot)) if slot else 1)
    return [
        f'<text x="{x(i):.1f}" y="{y:.1f}" text-anchor="middle" fill="#5b6b70">'
        f"{escape(label)}</text>"
        for i, label in enumerate(labels)
        if i % step == 0
    ]


def bar_chart(
    items: Sequence[tuple[str, Number]],
    *,
    title: str,
    fmt: Callable[[Number], str] = _fmt,
    width: int = 640,
    color: str = PALETTE[0],
) -> Markup:
    """Horizontal bars, one per labelled value, largest scale first as given."""
    row, top = 24, 8
    label_w = _label_room([label for label, _ in items], width)
    height = top * 2 + row * max(len(items), 1)
    hi = _nice_max(max([float(v) for _, v in items] or [1.0]))
    plot_w = width - label_w - 60
    body = []
    for i, (label, value) in enumerate(items):
        yy = top + i * row
        w = plot_w * float(value) / hi if hi else 0
        body.append(
            _bar_label(label, label_w - 6, yy + 16, label_w)
            + f'<rect x="{label_w}" y="{yy + 3}" width="{max(w, 0):.1f}" height="{row - 6}" '
            f'fill="{color}"/><text x="{label_w + w + 4:.1f}" y="{yy + 16}">'
            f"{escape(fmt(value))}</text>"
        )
    if not items:
        body.append(
            f'<text x="{width / 2}" y="{height / 2 + 4}" text-anchor="middle" '
            f'fill="#5b6b70">—</text>'
        )
    return _svg(width, height, title, body)


def stacked_bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    fmt: Callable[[Number], str] = _fmt,
    width: int = 640,
) -> Markup:
    """Horizontal bars split into coloured parts (e.g. grievances by category and status)."""
    row, top = 24, 28
    label_w = _label_room(categories, width)
    body, rows = _legend(series, 8, 14, width)
    top += LEGEND_ROW * (rows - 1)
    height = top + 8 + row * max(len(categories), 1)
    totals = [sum(float(s.values[i] or 0) for s in series) for i in range(len(categories))]
    hi = _nice_max(max(totals or [1.0]))
    plot_w = width - label_w - 60
    for i, category in enumerate(categories):
        yy = top + i * row
        cursor = float(label_w)
        body.append(_bar_label(category, label_w - 6, yy + 16, label_w))
        for k, s in enumerate(series):
            value = float(s.values[i] or 0)
            w = plot_w * value / hi if hi else 0
            if w > 0:
                color = s.color or PALETTE[k % len(PALETTE)]
                body.append(
                    f'<rect x="{cursor:.1f}" y="{yy + 3}" width="{w:.1f}" '
                    f'height="{row - 6}" fill="{color}"><title>{escape(s.label)}: '
                    f"{escape(fmt(value))}</title></rect>"
                )
            cursor += w
        body.append(f'<text x="{cursor + 4:.1f}" y="{yy + 16}">{escape(fmt(totals[i]))}</text>')
    return _svg(width, height, title, body)


def bars_with_line(
    labels: Sequence[str],
    bars: Series,
    line: Series,
    *,
    title: str,
    line_min: float,
    line_max: float,
    bar_fmt: Callable[[Number], str] = _fmt,
    line_fmt: Callable[[Number], str] = _fmt,
    width: int = 640,
    height: int = 260,
) -> Markup:
    """Monthly bars (e.g. investment) with a line on its own right-hand scale (sentiment)."""
    left, right, top, bottom = 48, 44, 24, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(labels), 1)
    hi = _nice_max(max([float(v or 0) for v in bars.values] or [1.0]))
    body = _axes(left, top, plot_w, plot_h, 0.0, hi, bar_fmt)
    slot = plot_w / n
    bar_color = bars.color or PALETTE[1]
    for i, v in enumerate(bars.values):
        h = plot_h * float(v or 0) / hi
        body.append(
            f'<rect x="{left + i * slot + slot * 0.15:.1f}" y="{top + plot_h - h:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{bar_color}" '
            f'opacity="0.55"><title>{escape(labels[i])}: {escape(bar_fmt(v or 0))}'
            f"</title></rect>"
        )
    for k in range(5):
        v = line_min + (line_max - line_min) * k / 4
        yy = top + plot_h * (1 - k / 4)
        body.append(
            f'<text x="{left + plot_w + 4}" y="{yy + 4:.1f}" fill="#0b6e4f">'
            f"{escape(line_fmt(v))}</text>"
        )

    def x(i: int) -> float:
        return left + slot * (i + 0.5)

    line_color = line.color or PALETTE[0]
    points, parts = [], []
    for i, v in enumerate(line.values):
        if v is None:
            parts += _polyline(points, line_color)
            points = []
            continue
        yy = top + plot_h * (1 - (float(v) - line_min) / (line_max - line_min))
        points.append(f"{x(i):.1f},{yy:.1f}")
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{yy:.1f}" r="2.5" fill="{line_color}">'
            f"<title>{escape(labels[i])}: {escape(line_fmt(v))}</title></circle>"
        )
    parts += _polyline(points, line_color)
    body += parts + _x_labels(labels, x, top + plot_h + 14)
    body += _legend(
        [Series(bars.label, [], bar_color), Series(line.label, [], line_color)], left, 14, width
    )[0]
    return _svg(width, height, title, body)


@dataclass
class ChartTable:
    """A chart's figures as a table: its text equivalent for screen readers and for anyone
    who wants the exact numbers (the dashboards fold it away under the chart)."""

    headers: list[str]
    rows: list[list[str]]


def _exact(value: Number | None) -> str:
    return "—" if value is None else format_decimal(float(value), format="#,##0.##")


def bar_table(items: Sequence[tuple[str, Number]], label: str, value: str) -> ChartTable:
    """The table of a ``bar_chart``: one row per bar."""
    return ChartTable([label, value], [[name, _exact(v)] for name, v in items])


def series_table(labels: Sequence[str], series: Sequence[Series], label: str) -> ChartTable:
    """The table of a line, stacked-bar or bars-with-line chart: one row per label (a month,
    a category), one column per series."""
    return ChartTable(
        [label, *[s.label for s in series]],
        [[name, *[_exact(s.values[i]) for s in series]] for i, name in enumerate(labels)],
    )
