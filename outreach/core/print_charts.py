"""Charts in PDFs: the SVG drawing with its words laid over it as HTML text.

WeasyPrint draws SVG ``<text>`` one code point at a time (Kozea/WeasyPrint#2249), so a Thai,
Khmer, Lao or Myanmar label loses its shaping (marks land on dotted circles) and its font is
picked by fallback. The print templates therefore pass each chart of ``outreach.core.charts``
through :func:`print_chart`, which takes the labels out of the SVG and places them, at the same
spot and anchor, as HTML text that WeasyPrint shapes like the rest of the page. The dashboard
keeps the plain SVG: browsers shape SVG text correctly.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markupsafe import Markup

SVG = "http://www.w3.org/2000/svg"
#: printed size of one SVG unit: a 640-unit chart is 172.8 mm wide, within an A4 text column
MM_PER_UNIT = 0.27
#: where the baseline sits below the top of a label with line-height 1 (Noto Sans metrics)
BASELINE = 0.89
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}")


def _mm(units: float) -> str:
    return f"{units * MM_PER_UNIT:.2f}mm"


def _label(node: ET.Element, font_size: float, width: float) -> Markup:
    """A ``<text>`` element as an absolutely placed span (``x``/``y`` are its anchor and
    baseline, as in SVG)."""
    x, y = float(node.get("x", 0)), float(node.get("y", 0))
    style = [f"top:{_mm(y - BASELINE * font_size)}", f"font-size:{_mm(font_size)}"]
    anchor = node.get("text-anchor", "start")
    if anchor == "end":
        style.append(f"right:{_mm(width - x)}")
    elif anchor == "middle":
        style += [f"left:{_mm(x - 60)}", f"width:{_mm(120)}", "text-align:center"]
    else:
        style.append(f"left:{_mm(x)}")
    fill = node.get("fill", "")
    if COLOUR.fullmatch(fill):
        style.append(f"color:{fill}")
    return Markup('<span style="{}">{}</span>').format(";".join(style), node.text or "")


def print_chart(svg: Markup | str) -> Markup:
    """A chart's SVG with its ``<text>`` turned into HTML labels, in a box of its printed size;
    empty for no chart."""
    if not svg:
        return Markup("")
    root = ET.fromstring(str(svg))  # noqa: S314 - our own chart markup, no DTD or entities
    _x, _y, width, height = (float(v) for v in root.get("viewBox", "0 0 640 240").split())
    font_size = float(root.get("font-size", 11))
    labels = []
    for parent in list(root.iter()):
        for node in list(parent):
            if node.tag == f"{{{SVG}}}text":
                labels.append(_label(node, float(node.get("font-size", font_size)), width))
                parent.remove(node)
    # Written back with the SVG namespace as the default, without registering it globally:
    # WeasyPrint registers "" for another namespace when its PDF metadata module loads.
    for node in root.iter():
        node.tag = node.tag.removeprefix(f"{{{SVG}}}")
    root.set("xmlns", SVG)
    drawing = ET.tostring(root, encoding="unicode")
    box = Markup('<div class="print-chart" style="width:{};height:{}">').format(
        _mm(width), _mm(height)
    )
    # ElementTree escapes the text and attributes it writes back
    return box + Markup(drawing) + Markup("").join(labels) + Markup("</div>")  # noqa: S704
