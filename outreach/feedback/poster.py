"""The A4 QR poster PDF: WeasyPrint with no access to files or the network."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from outreach.sites.models import Site


def _refuse(url: str):
    raise ValueError(f"poster fetches nothing: {url}")


def render_poster(site: Site, url: str, qr_svg: str) -> bytes:
    from weasyprint import HTML

    html = render_template(
        "feedback/poster.html",
        site=site,
        url=url,
        qr_svg=Markup(qr_svg),  # noqa: S704 - segno's own SVG output, no user input inside
        host_language=(site.country.language_list or ["en"])[0],
    )
    return HTML(string=html, url_fetcher=_refuse).write_pdf()
