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
from outreach.whatworks.queries import reading

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
    if data.what_works is not None:
        _what_works_sheet(book, data.what_works)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


#: the PDF's heading of each outcome of the What works section
OUTCOME_NAMES = {
    "sentiment": "Monthly sentiment index",
    "perception": "Perception index of survey rounds",
}


def _what_works_sheet(book: Workbook, shown: list) -> None:
    """The What works section as the PDF prints it (whatworks.queries.Shown per outcome, with
    the same withholding): one row per effect, the interval's ends as numbers."""
    _ = gettext
    level = "90 %"
    rows = []
    for item in shown:
        name = _(OUTCOME_NAMES.get(item.outcome, item.outcome))
        if item.state == "ok":
            estimate = item.estimate
            rows += [
                [
                    name,
                    factor,
                    round(e.total.estimate, 1),
                    round(e.total.low, 1),
                    round(e.total.high, 1),
                    reading(e),
                    estimate.sites,
                    estimate.months,
                ]
                for factor, e in item.effects
            ]
        elif item.state == "thin":
            result = item.row.result
            rows.append(
                [
                    name,
                    _(
                        "Too little data to say anything: %(sites)s sites and %(months)s months "
                        "have an index after three months of history; at least %(min_sites)s "
                        "sites and %(min_months)s months are needed.",
                        sites=item.row.site_count,
                        months=item.row.month_count,
                        min_sites=result["min_sites"],
                        min_months=result["min_months"],
                    ),
                ]
            )
        elif item.state == "withheld":
            rows.append([name, DASH, DASH, DASH, DASH, DASH, DASH, DASH])
        else:
            rows.append([name, _("Not estimated yet.")])
    _sheet(
        book,
        _("What works"),
        [
            _("Index"),
            _("What the site did"),
            _("Index points over the next three months"),
            _("%(level)s interval, low", level=level),
            _("%(level)s interval, high", level=level),
            _("Reading"),
            _("Sites"),
            _("Months"),
        ],
        rows,
    )
    sheet = book[_("What works")[:31]]
    sheet.append([])
    sheet.append(
        [
            _(
                "Which outreach came before a change in a site's indices, and how sure we can "
                "be. Each figure is associated with the change, not proven to cause it."
            )
        ]
    )
