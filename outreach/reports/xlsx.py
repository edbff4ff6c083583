"""The report's tables as an Excel workbook, for partners who want the numbers."""

from __future__ import annotations

import io

from flask_babel import force_locale, gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from outreach.core.disclosure import min_items
from outreach.core.spreadsheets import safe
from outreach.reports.data import ReportData
from outreach.reports.labels import GRIEVANCES_WITHHELD, SURVEY_WITHHELD, WITHHELD
from outreach.reports.period_names import period_name

#: a figure withheld or not computable (``core.disclosure``), as the PDF prints it
DASH = "—"


def build_workbook(data: ReportData) -> bytes:
    """One sheet per table of the report, headings in the report's first language."""
    with force_locale(data.languages[0]):
        return _build(data)


def _sheet(
    book: Workbook, title: str, header: list[str], rows: list[list], note: str | None = WITHHELD
) -> None:
    """A sheet of one table; the note beneath it says why a dash stands for a figure."""
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe(v) for v in row])
    if note and any(DASH in row for row in rows):
        sheet.append([])
        sheet.append([gettext(note, n=min_items())])


def _figure(value):
    """A figure, or the dash where it is withheld or cannot be computed (as the PDF prints it)."""
    return DASH if value is None else value


def _build(data: ReportData) -> bytes:
    _ = gettext
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        _("Report"),
        [_("Item"), _("Value")],
        [
            [_("Scope"), data.scope.name],
            [_("Reporting period"), period_name(data.period)],
            [_("Issued by"), data.issuer_name],
            [_("Reporting currency"), data.currency],
            [_("Verification code"), data.verification_code or _("draft")],
        ],
    )
    _sheet(
        book,
        _("Summary"),
        [_("Key figure"), _("This period"), _("Previous period"), _("Unit")],
        [[_(k.label), _figure(k.value), _figure(k.previous), k.unit] for k in data.kpis],
    )
    inv = data.investment
    if inv:
        rows = [
            [_("Cash"), inv.cash],
            [_("In-kind"), inv.in_kind],
            [_("Staff time"), inv.staff_time],
            [_("Management costs"), inv.management_costs],
            [_("Total"), inv.total],
        ]
        rows += [[_("By cause") + ": " + _(a.label), a.amount] for a in inv.by_cause]
        rows += [[_("By motivation") + ": " + _(a.label), a.amount] for a in inv.by_motivation]
        _sheet(book, _("Investment"), [_("Input"), inv.currency], rows)
    g = data.grievances
    _sheet(
        book,
        _("Grievances"),
        [_("Measure"), _("Value")],
        [
            [_("Grievances received"), g.received],
            [_("Acknowledged on time") + " (%)", _figure(g.acknowledged_on_time_pct)],
            [_("Resolved"), g.resolved],
            [_("Median days to resolve"), _figure(g.median_days_to_resolve)],
            [_("90th percentile days to resolve"), _figure(g.p90_days_to_resolve)],
            [_("Open at the end of the period"), g.open],
            [_("Overdue"), g.overdue],
        ],
        note=GRIEVANCES_WITHHELD if g.withheld else None,
    )
    _sheet(
        book,
        _("Sites"),
        [
            _("Code"),
            _("Site"),
            _("Country"),
            _("Investment") + f" ({data.currency})",
            _("People reached"),
            _("Consultations"),
            _("Feedback"),
            _("Sentiment"),
            _("Grievances"),
            _("Open"),
        ],
        [
            [
                s.code,
                s.name,
                s.country,
                s.investment,
                s.people_reached,
                s.consultations,
                s.feedback_items,
                _figure(s.sentiment),
                s.grievances_received,
                s.grievances_open,
            ]
            for s in data.sites
        ],
    )
    _sheet(
        book,
        _("Sentiment"),
        [_("Month"), _("Sentiment")],
        [[month, _figure(value)] for month, value in data.voice.sentiment_by_month],
    )
    if data.voice.surveys:
        _sheet(
            book,
            _("Perception survey"),
            [_("Question"), _("Respondents"), _("Agree") + " (%)", _("Previous survey") + " (%)"],
            [
                [
                    _(s.question),
                    s.respondents,
                    _figure(s.agree_pct),
                    DASH if s.previous_withheld else s.previous_agree_pct,
                ]
                for s in data.voice.surveys
            ],
            note=SURVEY_WITHHELD,
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
