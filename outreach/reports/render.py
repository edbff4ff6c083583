"""The impact report as HTML (print template + plain data) and as PDF.

Bilingual reports print every heading and label in the first language with the second beneath
it: each string is translated once per language with Flask-Babel's ``force_locale``, from the
same catalogs as the user interface. Labels in templates are marked ``N_("…")`` so that
``pybabel extract`` finds them; labels carried in the data are msgids of other features.
"""

from __future__ import annotations

import base64
import io
import logging

import segno
from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup, escape
from PIL import Image

from outreach.core.disclosure import min_items
from outreach.core.i18n import N_, Translator, country_name
from outreach.core.pdf import RenderedPdf, render_pdf
from outreach.core.print_charts import print_chart
from outreach.core.urls import external_url
from outreach.reports.data import Photo, ReportData
from outreach.reports.labels import GRIEVANCES_WITHHELD, SURVEY_WITHHELD, WITHHELD
from outreach.reports.period_names import period_names
from outreach.reports.scope import ReportScope, ScopeKind
from outreach.whatworks.queries import reading as whatworks_reading

STYLESHEETS = ("base.css", "report.css")
PHOTO_TYPES = {"image/jpeg", "image/png"}
PHOTO_MAX_PX = 1000
log = logging.getLogger(__name__)


def verify_url(code: str) -> str:
    """The public verification address printed on a report and in its QR code."""
    return external_url("reports.verify", code=code)


def qr_svg(text: str) -> Markup:
    """A QR code as inline SVG (segno writes only the modules; ``text`` is encoded, not shown)."""
    svg = segno.make(text, error="m").svg_inline(scale=2, border=2, omitsize=False)
    return Markup(svg)  # noqa: S704 - segno draws only the modules; no text of ours is in it


def photo_uri(photo: Photo) -> str:
    """The photo re-encoded as a JPEG data: URI at print size; an unreadable image is left out.

    Re-encoding keeps the PDF small and means a damaged upload cannot stop the report."""
    if photo.mime_type not in PHOTO_TYPES:
        return ""
    try:
        with Image.open(io.BytesIO(photo.content)) as image:
            image.load()
            image.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
    except (OSError, ValueError, Image.DecompressionBombError):
        log.warning("photo for %s could not be read; left out of the report", photo.site_code)
        return ""
    return f"data:image/jpeg;base64,{base64.b64encode(out.getvalue()).decode('ascii')}"


def scope_names(scope: ReportScope, languages: list[str]) -> list[str]:
    """What the report is about, in each of its languages (repeats left out): a country by its
    name in that language (CLDR, without the bracketed older name it adds to a few, as in
    "Myanmar (Burma)"; in English the recorded, official name), the portfolio translated, a
    site by its code and recorded name."""
    names = []
    for language in languages:
        name = scope.name
        if scope.kind == ScopeKind.COUNTRY:
            name = country_name(scope.key, name, language)
        elif scope.kind == ScopeKind.PORTFOLIO:
            name = Translator(languages).one(language, N_("Portfolio"))
        if name not in names:
            names.append(name)
    return names


def render_report_html(data: ReportData, *, draft: bool) -> str:
    """The print HTML of a report; every value is escaped by the template."""
    tr = Translator(data.languages)
    code = data.verification_code
    with force_locale(data.languages[0]):
        return render_template(
            "reports/pdf/report.html",
            report=data,
            scope_names=scope_names(data.scope, data.languages),
            period_names=period_names(data.period, data.languages),
            draft=draft,
            bi=tr,
            tr=tr.plain,
            tr1=lambda msgid, **values: tr.one(data.languages[0], msgid, **values),
            N_=N_,
            verify_url=verify_url(code) if code else "",
            qr=qr_svg(verify_url(code)) if code else "",
            photo_uri=photo_uri,
            chart=print_chart,
            escape=escape,
            withheld=lambda note=WITHHELD: tr(note, n=min_items()),
            SURVEY_WITHHELD=SURVEY_WITHHELD,
            reading=whatworks_reading,
            GRIEVANCES_WITHHELD=GRIEVANCES_WITHHELD,
        )


def render_report_pdf(data: ReportData, *, draft: bool) -> RenderedPdf:
    """The report as a PDF; drafts carry a DRAFT watermark on every page."""
    html = render_report_html(data, draft=draft)
    watermark = Translator(data.languages).plain(N_("DRAFT")) if draft else None
    return render_pdf(html, *STYLESHEETS, watermark=watermark)
