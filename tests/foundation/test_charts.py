"""The SVG charts shared by the dashboards and the reports, and their print form."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import force_locale

from outreach.core.charts import Series, bar_chart, stacked_bar_chart
from outreach.core.print_charts import print_chart


def test_a_printed_chart_carries_its_labels_as_escaped_page_text():
    svg = bar_chart([("ค่าบริหารจัดการ", 3), ("<b>Noise</b>", 12)], title="Inputs")
    printed = print_chart(svg)
    assert "<text" not in printed and "<svg" in printed and "<rect" in printed
    assert re.search(r'<span style="[^"]*right:[^"]*">ค่าบริหารจัดการ</span>', printed)
    assert "&lt;b&gt;Noise&lt;/b&gt;" in printed and "<b>" not in printed
    assert print_chart("") == ""


def test_a_long_legend_wraps_inside_the_chart_instead_of_overlapping():
    statuses = ["已收到", "已确认", "正在调查中", "已上报", "已解决", "已关闭", "申诉中"]
    svg = stacked_bar_chart(
        ["噪音"], [Series(f"{s}的申诉事项", [1]) for s in statuses], title="t", width=640
    )
    legend = re.findall(r'<text x="(\d+)" y="(\d+)">([^<]*的申诉事项)</text>', svg)
    rows = sorted({int(y) for _x, y, _label in legend})
    assert len(legend) == len(statuses) and len(rows) >= 2
    for y in rows:
        entries = sorted(int(x) for x, yy, _label in legend if int(yy) == y)
        # each label is at least its own width (11 units a character) from the next
        assert all(b - a >= 11 * 8 for a, b in zip(entries, entries[1:], strict=False))
        assert entries[-1] + 11 * 8 <= 640


def test_chart_values_are_written_the_way_the_page_language_writes_numbers(app):
    items = [("Cash", Decimal("1450.17")), ("In kind", 25_300)]
    with app.app_context(), force_locale("id"):
        indonesian = bar_chart(items, title="t")
    with app.app_context(), force_locale("en"):
        english = bar_chart(items, title="t")
    assert ">1.450,2<" in indonesian and ">25k<" in indonesian
    assert ">1,450.2<" in english
