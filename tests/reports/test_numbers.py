"""The report's numbers are the dashboard's: key figures read back from the PDF text equal the
dashboard's for the same sites and period, on a small hand-built country-quarter."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa
from babel.numbers import format_currency, format_decimal
from werkzeug.datastructures import FileStorage

from outreach.activities.kinds import ActivityState, Cause, CommitmentStatus
from outreach.activities.models import ActivityAttachment
from outreach.core.disclosure import Audience
from outreach.core.periods import parse_period_text
from outreach.core.uploads import store_upload
from outreach.dashboards.dashboard import build
from outreach.feedback.models import FeedbackCategory, GrievanceStatus, Satisfaction
from outreach.reports.gather import gather_report_data
from outreach.reports.models import IssuedReport
from outreach.reports.render import render_report_pdf
from outreach.reports.scope import parse_scope
from outreach.sites.models import Site
from outreach.stats import rollups
from tests import factories
from tests.reports.pdftext import squeezed, text_of
from tests.reports.sample_data import png

D = dt.date
Q3 = parse_period_text("2026-Q3")


@pytest.fixture
def malaysia(db):
    """Two Malaysian sites and a Thai one (out of scope), Q2 and Q3 2026, money in MYR."""
    factories.country("MY", staff_hour_rate=Decimal("40.00"))
    factories.country("TH", staff_hour_rate=None)
    a = factories.site("MY", code="MY-NUM-01", name="Kuantan depot")
    b = factories.site("MY", code="MY-NUM-02", name="Gebeng port")
    t = factories.site("TH", code="TH-NUM-01", name="Laem port")
    author = factories.user("field", sites=[a, b, t])
    factories.exchange_rate("MYR", rate=Decimal("0.22"), valid_from=D(2026, 1, 1))
    ok = ActivityState.APPROVED

    def act(site, kind, day, **kw):
        return factories.activity(site, author, kind, activity_date=day, state=ok, **kw)

    gift = act(
        a,
        "donation",
        D(2026, 7, 10),
        title="School books for SK Beserah",
        cash_amount=Decimal("3000"),
        in_kind_value=Decimal("1200"),
        cost_amount=Decimal("150"),
        staff_hours=Decimal("5"),
        beneficiaries=120,
        beneficiary_id=factories.stakeholder(sites=[a]).id,
    )
    act(
        a,
        "festival",
        D(2026, 8, 20),
        cost_amount=Decimal("800"),
        attendance=450,
        cause=Cause.CULTURE,
    )
    meeting = act(
        b,
        "consultation",
        D(2026, 9, 2),
        participants=60,
        participants_women=25,
        participants_men=33,
        participants_youth=12,
        participants_indigenous=7,
    )
    act(b, "training", D(2026, 9, 15), trainees=24, completed=20, cost_amount=Decimal("600"))
    act(a, "donation", D(2026, 5, 5), cash_amount=Decimal("1000"), beneficiaries=40)  # Q2
    act(t, "festival", D(2026, 8, 1), currency="THB", cost_amount=Decimal("9000"), attendance=900)
    factories.activity(a, author, "donation", activity_date=D(2026, 8, 2))  # a draft
    factories.commitment(b, consultation_id=meeting.id, status=CommitmentStatus.DONE)
    factories.commitment(b, consultation_id=meeting.id, due_date=D(2026, 9, 30))

    for day, sentiment in [(D(2026, 7, 3), 1), (D(2026, 8, 3), -1), (D(2026, 9, 3), 2)]:
        factories.feedback(a, received_on=day, sentiment=sentiment)
    factories.feedback(
        a,
        received_on=D(2026, 7, 6),
        is_grievance=True,
        acknowledged_on=D(2026, 7, 7),
        resolved_on=D(2026, 7, 16),
        closed_on=D(2026, 7, 20),
        status=GrievanceStatus.CLOSED,
        satisfaction=Satisfaction.SATISFIED,
    )
    factories.feedback(
        b,
        received_on=D(2026, 8, 4),
        is_grievance=True,
        acknowledged_on=D(2026, 8, 20),
        resolved_on=D(2026, 9, 3),
        status=GrievanceStatus.RESOLVED,
    )
    factories.feedback(b, received_on=D(2026, 9, 1), is_grievance=True)  # open
    factories.feedback(t, received_on=D(2026, 8, 4), is_grievance=True)  # out of scope

    stored = store_upload(FileStorage(io.BytesIO(png()), "books.png", "image/png"))
    columns = {k: v for k, v in vars(stored).items() if k != "location"}
    db.session.add(ActivityAttachment(activity_id=gift.id, **columns))
    rollups.rebuild()
    db.session.commit()
    return [a.id, b.id]


def _dashboard(site_ids, audience=Audience.PARTNER):
    """The dashboard as the report's readers, partners, see it."""
    return build(site_ids, Q3, dt.date.today(), audience=audience)


def _expected(d) -> dict[str, str]:
    """The dashboard's figures as the report prints them (English, whitespace removed)."""
    k = {kpi.key: kpi.value for kpi in d.kpis}
    total = format_currency(k["investment"], "USD", format="¤¤ #,##0.00", currency_digits=False)
    return {
        "investment": squeezed(total),
        "people_reached": format_decimal(k["people_reached"]),
        "consultations": format_decimal(k["consultations"]),
        "grievances": format_decimal(k["grievances"]),
        "ack_on_time": "—"
        if k["ack_on_time"] is None
        else format_decimal(Decimal(str(k["ack_on_time"]))),
    }


def _printed(text: str) -> dict[str, str]:
    """The same figures read from the PDF's labelled rows."""

    def after(label: str, pattern: str = r"([\d,.]+)") -> str:
        # the label, maybe its translation beneath (no Latin letters or digits), then the value
        match = re.search(r"\s*".join(label.split()) + r"\s[^0-9A-Za-z]*?" + pattern, text)
        assert match, f"{label} not found"
        return squeezed(match[1])

    return {
        "investment": after("Total", r"(USD\s*[\d,.]+)"),
        "people_reached": after("People reached"),
        "consultations": after("Consultations held"),
        "grievances": after("Grievances received"),
        "ack_on_time": after("Acknowledged on time", r"([\d,.]+(?=\s*%)|—)"),
    }


def test_pdf_numbers_equal_the_dashboards(app, malaysia):
    d = _dashboard(malaysia)
    expected = _expected(d)
    # worked out by hand: MYR 3,000 + 1,200 + 150 + 5 h × 40 + 800 + 600 = 5,950 at 0.22
    assert expected["investment"] == "USD1,309.00"
    assert expected["people_reached"] == "534"  # 450 + 60 + 24
    # three grievances: partners see the count, not the share acknowledged on time (1 of 3)
    assert (expected["grievances"], expected["ack_on_time"]) == ("3", "—")
    assert _dashboard(malaysia, Audience.STAFF).kpi("ack_on_time").value == 33.3

    data = gather_report_data(parse_scope("country:MY"), Q3, ["en"], None)
    text = text_of(render_report_pdf(data, draft=True).content)
    assert _printed(text) == expected
    assert "SchoolbooksforSKBeserah" in squeezed(text)  # the approved photo's caption
    assert "agrievancefigurebuiltfromfewerthan5grievancesiswithheld" in squeezed(text)
    assert "MY-NUM-01" in text and "TH-NUM-01" not in text


def test_report_sections_hold_the_dashboards_figures(app, malaysia):
    d = _dashboard(malaysia, Audience.STAFF)
    data = gather_report_data(parse_scope("country:MY"), Q3, ["en"], None, audience=Audience.STAFF)
    assert data.investment.total == d.money.total == Decimal("1309.00")
    assert data.investment.staff_hours == Decimal("5.0")
    assert [(r.currency, r.rate) for r in data.methods.exchange_rates] == [("MYR", Decimal("0.22"))]
    assert data.outputs.organisations_supported == 1 and data.outputs.trainees_completed == 20
    eng = data.engagement
    assert eng.participants_by_gender == {"women": 25, "men": 33, "other": 2}
    assert eng.participants_by_group == {"youth": 12, "indigenous": 7, "vulnerable": 0}
    assert (eng.commitments_made, eng.commitments_kept) == (2, 1)
    g = data.grievances
    assert (g.received, g.resolved, g.open) == (3, 2, 1)
    assert (g.median_days_to_resolve, g.p90_days_to_resolve) == (Decimal("20.0"), Decimal("30.0"))
    assert g.satisfaction == {"satisfied": 1}
    # partners: two resolved and one closed grievance are too few for a median or satisfaction
    g = gather_report_data(parse_scope("country:MY"), Q3, ["en"], None).grievances
    assert (g.received, g.resolved, g.open) == (3, 2, 1)
    assert (g.median_days_to_resolve, g.p90_days_to_resolve, g.satisfaction) == (None, None, None)
    by_site = {row.code: row for row in data.sites}
    assert by_site["MY-NUM-02"].consultations == 1 and by_site["MY-NUM-02"].grievances_open == 1
    assert sum(r.investment for r in data.sites) == data.investment.total
    assert len(data.photos) == 1 and data.charts.sentiment_trend


def test_country_quarter_report_issued_from_the_cli(app, db, malaysia):
    manager = factories.user(role="manager", countries=["MY"])
    result = app.test_cli_runner().invoke(
        args=["report", "issue", "--scope", "country:MY", "--period", "2026-Q3"]
        + ["--lang", "en,zh", "--issuer", manager.email]
    )
    assert result.exit_code == 0, result.output
    report = db.session.scalar(sa.select(IssuedReport))
    assert report.period_label == "2026-Q3" and report.scope_key == "MY"
    text = text_of(report.pdf)
    assert _printed(text) == _expected(_dashboard(malaysia))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Site)) == 3


def test_categories_are_named_in_each_language_of_the_report(app, db, malaysia):
    """An admin's category with a Chinese name: a Chinese and English report prints both,
    the chart in the first language; the country on the cover in Chinese too."""
    category = FeedbackCategory(
        key="blasting", name="Blasting vibration", other_names='{"zh_Hans": "爆破震动"}'
    )
    db.session.add(category)
    for day in (3, 4, 5):
        item = factories.feedback(
            db.session.get(Site, malaysia[0]), received_on=D(2026, 8, day), sentiment=-1
        )
        item.categories.append(category)
    db.session.commit()
    with app.test_request_context():
        data = gather_report_data(parse_scope("country:MY"), Q3, ["zh_Hans", "en"], None)
        text = squeezed(text_of(render_report_pdf(data, draft=True).content))
    assert "爆破震动" in str(data.charts.top_categories)
    assert "Blastingvibration" not in squeezed(str(data.charts.top_categories))
    assert "爆破震动" in text and "Blastingvibration" in text  # the table, in both languages
    assert "马来西亚" in text
