"""For every audience the dashboard, the report's PDF and its workbook show the same figures: the
same value, or "—" in all three where the disclosure rule withholds it (core/disclosure.py).

Small random data sets straddle the threshold (5): a few or many scored feedback items, grievances
and survey answers at one or two sites of a country, in a quarter and the one before it.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
from flask import current_app
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.activities.kinds import ActivityState
from outreach.core.disclosure import Audience
from outreach.core.periods import month_label, parse_period_text
from outreach.dashboards.dashboard import build
from outreach.feedback.models import GrievanceStatus, Satisfaction
from outreach.reports.gather import SUMMARY_KPIS, gather_report_data
from outreach.reports.render import render_report_pdf
from outreach.reports.scope import parse_scope
from outreach.reports.xlsx import DASH, build_workbook
from outreach.stats import rollups
from tests import factories
from tests.conftest import DATABASE_EXAMPLES, empty_database
from tests.reports.pdftext import squeezed, text_of

Q3 = parse_period_text("2026-Q3")
TODAY = dt.date(2026, 10, 15)
D = dt.date

GRIEVANCE = st.tuples(
    st.booleans(),  # acknowledged the next day (on time) or not at all
    st.sampled_from([None, 5, 12, 40]),  # days to resolve
    st.sampled_from([None, *Satisfaction]),  # closed with this satisfaction
)
SITE = st.fixed_dictionaries(
    {
        "sentiments": st.lists(st.integers(-2, 2), max_size=7),
        "before": st.lists(st.integers(-2, 2), max_size=6),  # in the previous quarter
        "grievances": st.lists(GRIEVANCE, max_size=7),
        "trust": st.lists(st.integers(0, 2), min_size=5, max_size=5),  # answers 1…5
        "donations": st.integers(0, 2),
    }
)


def _make(db, sites: list[dict]) -> None:
    author = factories.user("field")
    for n, spec in enumerate(sites):
        site = factories.site("MY", code=f"MY-PROP-{n}")
        for i, sentiment in enumerate(spec["sentiments"]):
            factories.feedback(site, received_on=D(2026, 8, 1 + i), sentiment=sentiment)
        for i, sentiment in enumerate(spec["before"]):
            factories.feedback(site, received_on=D(2026, 5, 1 + i), sentiment=sentiment)
        for i, (on_time, days, satisfaction) in enumerate(spec["grievances"]):
            received = D(2026, 7, 6 + i)
            resolved = received + dt.timedelta(days=days) if days else None
            closed = resolved if resolved and satisfaction else None
            status = GrievanceStatus.RECEIVED
            if resolved:
                status = GrievanceStatus.CLOSED if closed else GrievanceStatus.RESOLVED
            factories.feedback(
                site,
                received_on=received,
                sentiment=None,
                is_grievance=True,
                acknowledged_on=received + dt.timedelta(days=1) if on_time else None,
                resolved_on=resolved,
                closed_on=closed,
                status=status,
                satisfaction=satisfaction if closed else None,
            )
        if sum(spec["trust"]):
            factories.survey_round(
                site, conducted_on=D(2026, 8, 20), counts={"trust": spec["trust"]}
            )
        for i in range(spec["donations"]):
            factories.activity(
                site,
                author,
                "donation",
                activity_date=D(2026, 9, 1 + i),
                state=ActivityState.APPROVED,
            )
    rollups.rebuild()
    db.session.commit()


def _fmt(value, unit: str = "", pattern: str | None = None) -> str:
    """A figure as the PDF prints it (the report's own filters), whitespace removed."""
    filters = current_app.jinja_env.filters
    if value is None:
        return "—"
    value = value if isinstance(value, int | Decimal) else Decimal(str(value))
    if unit and unit != "%":
        return squeezed(filters["money"](value, unit))
    return filters["number"](value, pattern) + ("%" if unit == "%" else "")


def _same(cell, value) -> bool:
    """A workbook cell holds the figure, or the dash where the figure is None."""
    if value is None:
        return cell in (DASH, "—")
    return cell != DASH and Decimal(str(cell)) == Decimal(str(value))


def _check(audience: Audience, sites: list[dict]) -> None:
    d = build(None, Q3, TODAY, audience=audience, partner=True)  # one line: the country
    data = gather_report_data(parse_scope("country:MY"), Q3, ["en"], None, TODAY, audience=audience)
    pdf = squeezed(text_of(render_report_pdf(data, draft=True).content))
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(data)))
    summary = {row[0]: row[1:] for row in book["Summary"].iter_rows(values_only=True)}

    # the executive summary: every key figure, this period and the one before
    [(_country, line)] = d.sentiment_lines
    for key, label in SUMMARY_KPIS.items():
        k = next(r for r in data.kpis if r.key == key)
        if key == "sentiment_index":  # the report's one scale: the index of the last month
            shown = [v for v in line if v is not None]
            assert k.value == (None if not shown else Decimal(str(round(shown[-1], 1)))), audience
            assert squeezed(label) + _fmt(k.value, "") in pdf, audience
            continue
        kpi = d.kpi(key)
        unit = k.unit
        expected = squeezed(label) + _fmt(kpi.value, unit) + _fmt(kpi.previous, unit)
        assert expected in pdf, (audience, key)
        assert _same(summary[label][0], kpi.value) and _same(summary[label][1], kpi.previous)

    # the sentiment index month by month
    assert "Sentiment" + "".join(_fmt(v, pattern="#,##0.0") for v in line) in pdf
    months = {row[0]: row[1] for row in book["Sentiment"].iter_rows(min_row=2, values_only=True)}
    for month, value in zip(d.sentiment_months, line, strict=True):
        assert _same(months[month_label(month)], value), (audience, month)

    # the grievance mechanism
    g = data.grievances
    ack, median = d.kpi("ack_on_time").value, d.kpi("median_days").value
    facts = [
        ("Grievances received", d.kpi("grievances").value, ""),
        ("Acknowledged on time", ack, "%"),
        ("Resolved", g.resolved, ""),
        ("Median days to resolve", median, ""),
        ("90th percentile days to resolve", g.p90_days_to_resolve, ""),
        ("Open at the end of the period", d.kpi("grievances_open").value, ""),
        ("Overdue", d.kpi("grievances_overdue").value, ""),
    ]
    assert "".join(squeezed(label) + _fmt(v, unit) for label, v, unit in facts) in pdf, audience
    sheet = {row[0]: row[1] for row in book["Grievances"].iter_rows(values_only=True)}
    assert _same(sheet["Acknowledged on time (%)"], ack) and _same(sheet["Overdue"], facts[-1][1])
    assert _same(sheet["Median days to resolve"], median)
    assert _same(sheet["90th percentile days to resolve"], g.p90_days_to_resolve)

    # the site table: the PDF, the workbook and (staff only) the dashboard's site ranking
    ranking = {s.site.code: s.index for s in build(None, Q3, TODAY, audience=audience).standings}
    sheet = {row[0]: row for row in book["Sites"].iter_rows(min_row=2, values_only=True)}
    for row in data.sites:
        cells = (row.feedback_items, row.sentiment, row.grievances_received, row.grievances_open)
        printed = "".join(
            _fmt(v, pattern="#,##0.0" if i == 1 else None) for i, v in enumerate(cells)
        )
        assert printed in pdf[pdf.index(row.code) :], (audience, row.code)
        assert _same(sheet[row.code][7], row.sentiment)
        if audience is Audience.STAFF:
            assert _fmt(ranking[row.code]) == _fmt(row.sentiment)
        else:
            assert ranking == {}  # only staff see sites ranked

    # the perception survey: the share agreeing, from the answers worked out here
    answers = [sum(s["trust"][i] for s in sites) for i in range(5)]
    if sum(answers):
        share = round((answers[3] + answers[4]) * 100 / sum(answers), 1)
        shown = None if audience is not Audience.STAFF and sum(answers) < 5 else share
        [survey] = data.voice.surveys
        assert _same(_fmt(survey.agree_pct), shown and _fmt(shown))
        assert "Trustinthecompany" + _fmt(survey.respondents) + _fmt(shown, "%") in pdf
        [row] = book["Perception survey"].iter_rows(min_row=2, max_row=2, values_only=True)
        assert _same(row[2], shown)

    # and the rule itself: partners and the public see no figure from fewer than five
    scored = sum(len(s["sentiments"]) for s in sites)
    grievances = sum(len(s["grievances"]) for s in sites)
    outside = audience is not Audience.STAFF
    assert (d.kpi("mean_sentiment").value is None) == (scored == 0 or outside and scored < 5)
    assert (ack is None) == (grievances == 0 or outside and grievances < 5)
    assert d.kpi("grievances").value == grievances  # counts stay


@settings(DATABASE_EXAMPLES, max_examples=8)
@given(sites=st.lists(SITE, min_size=1, max_size=2))
def test_dashboard_pdf_and_workbook_agree_for_every_audience(db, sites):
    empty_database()
    _make(db, sites)
    for audience in Audience:
        _check(audience, sites)
