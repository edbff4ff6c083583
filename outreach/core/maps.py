"""An SVG map of the region with site markers, drawn from shipped Natural Earth outlines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

DATA = Path(__file__).with_name("data") / "region_110m.json"
HOST_COUNTRIES = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"}
#: a marker is drawn with this radius, in units of the map's width…
MARKER_RADIUS = 6
#: …and taps within this radius reach its link: 24 px across when the map is shown 320 px wide,
#: on the narrowest phone, for a width of 640 (the hit circle is invisible, in print too)
HIT_RADIUS_PER_WIDTH = 12 / 320


@dataclass
class Marker:
    latitude: float
    longitude: float
    label: str
    url: str
    #: fill colour, e.g. by sentiment
    color: str = "#0b6e4f"


@cache
def _outlines() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def sentiment_color(index: float | None) -> str:
    """Red below 40, amber to 60, green above; grey without data."""
    if index is None:
        return "#8a9aa0"
    if index < 40:
        return "#b3261e"
    if index < 60:
        return "#d08c19"
    return "#1b6e2e"


@cache
def _outline_layer(width: int) -> tuple[str, float, float, float, int]:
    """The sea and the country outlines (the same on every page, so drawn once per width),
    with the projection: (svg, west, north, scale, height)."""
    data = _outlines()
    west, south, east, north = data["bbox"]
    scale = width / (east - west)
    height = round((north - south) * scale)
    body = [f'<rect width="{width}" height="{height}" fill="#e8f1f5"/>']
    for iso, country in data["countries"].items():
        fill = "#f7f3e8" if iso in HOST_COUNTRIES else "#e4e4e0"
        for ring in country["rings"]:
            points = " ".join(
                f"{(lon - west) * scale:.1f},{(north - lat) * scale:.1f}" for lon, lat in ring
            )
            body.append(
                f'<polygon points="{points}" fill="{fill}" stroke="#9aa9ad" '
                f'stroke-width="0.6"><title>{escape(country["name"])}</title></polygon>'
            )
    return "".join(body), west, north, scale, height


def outline_svg(width: int = 640) -> str:
    """The sea and the country outlines alone, as an SVG document of their own: served once
    (``outline_url`` of ``region_map``) and kept by the browser."""
    outlines, _, _, _, height = _outline_layer(width)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">{outlines}</svg>'
    )


def region_map(
    markers: Sequence[Marker], *, title: str, width: int = 640, outline_url: str | None = None
) -> Markup:
    """Country outlines in an equirectangular projection (fine this close to the equator).

    With ``outline_url`` (where ``outline_svg`` is served) the outlines, about 20 KB, are an
    image the browser fetches once and keeps instead of part of every page; the markers and
    their links stay in the page. Without it everything is drawn inline."""
    outlines, west, north, scale, height = _outline_layer(width)
    if outline_url is not None:
        outlines = f'<image href="{escape(outline_url)}" width="{width}" height="{height}"/>'
    hit = f"{width * HIT_RADIUS_PER_WIDTH:.1f}"
    targets, dots = [], []
    for m in markers:
        x = f"{(float(m.longitude) - west) * scale:.1f}"
        y = f"{(north - float(m.latitude)) * scale:.1f}"
        url = escape(m.url)
        # the picture is for the pointer: its links are out of the tab order, and keyboard and
        # screen reader users get the same links as a list (``map_links``)
        targets.append(
            f'<a href="{url}" tabindex="-1"><title>{escape(m.label)}</title>'
            f'<circle cx="{x}" cy="{y}" r="{hit}" fill="#fff" fill-opacity="0" class="hit"/></a>'
        )
        # drawn over every tap target, so that a tap on a dot beside another site reaches its
        # own
        dots.append(
            f'<a href="{url}" tabindex="-1">'
            f'<circle cx="{x}" cy="{y}" r="{MARKER_RADIUS}" class="dot" '
            f'fill="{escape(m.color)}" stroke="#fff" stroke-width="1.5"/></a>'
        )
    body = [outlines, *targets, *dots]
    # not role="img" around links (nested interactive): hidden from assistive technology, whose
    # users read the list of the same links beside it
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart map" aria-hidden="true" focusable="false" data-title="{escape(title)}">'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - built from escaped parts


def map_links(markers: Sequence[Marker], *, title: str) -> Markup:
    """The map's links as a list, in the same order: what the picture shows, for keyboard and
    screen reader users (and anyone who prefers a list)."""
    items = "".join(f'<li><a href="{escape(m.url)}">{escape(m.label)}</a></li>' for m in markers)
    return Markup(  # noqa: S704 - built from escaped parts
        f'<ul class="map-links" aria-label="{escape(title)}">{items}</ul>'
    )
