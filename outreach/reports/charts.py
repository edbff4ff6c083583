"""Small SVG charts for the print report, built from plain data with every text escaped.

They return SVG source as ``str``; the print template inserts it unescaped.

Stand-ins until the dashboard's chart functions exist (issue 5): the integrator replaces the
calls in ``gather.py`` so the dashboard and the PDF draw the same picture.
"""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

PALETTE = ("#0f4c5c", "#5f9ea0", "#e36414", "#fb8b24", "#9a031e", "#6c757d")


def _num(value: Decimal | int | float) -> str:
    return f"{float(value):.1f}"


def bar_chart(items: list[tuple[str, Decimal | int]], width: int = 480) -> str:
    """Horizontal bars, one per (label, value); labels are escaped."""
    row, label_w = 22, 150
    height = max(1, len(items)) * row + 8
    top = max((Decimal(v) for _, v in items), default=Decimal(0)) or Decimal(1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-size="10">'
    ]
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        bar = (width - label_w - 70) * Decimal(value) / top
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(str(label)[:40])}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{_num(bar)}" height="{row - 8}" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{label_w + float(bar) + 4:.1f}" '
            f'y="{y + 14}">{escape(f"{value:,}")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    points: list[tuple[str, Decimal | None]], low: int = -2, high: int = 2, width: int = 480
) -> str:
    """A line over monthly values between ``low`` and ``high`` (the sentiment index)."""
    height, left, bottom = 160, 30, 24
    plot_w, plot_h = width - left - 10, height - bottom - 10
    step = plot_w / max(1, len(points) - 1)

    def y_of(value: Decimal) -> float:
        return 10 + plot_h * (high - float(value)) / (high - low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-size="9">'
    ]
    for tick in range(low, high + 1):
        y = y_of(Decimal(tick))
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end">{tick:+d}</text>'
        )
    coords = [
        (left + i * step, y_of(value)) for i, (_, value) in enumerate(points) if value is not None
    ]
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>'
        )
        parts.extend(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{PALETTE[0]}"/>' for x, y in coords
        )
    for i, (label, _) in enumerate(points):
        parts.append(
            f'<text x="{left + i * step:.1f}" y="{height - 8}" text-anchor="middle">'
            f"{escape(str(label)[:12])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
