"""Classifications that count in the figures (cause, B4SI motivation, form of donation) are
never preselected: a skipped field is refused, and a motivation nobody knows is recorded as
"Not recorded" and shown so in the dashboard, the workbook and the PDF, not dropped."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa

from outreach.activities import operations as ops
from outreach.activities.models import Activity
from outreach.core.periods import parse_period_text
from outreach.dashboards.dashboard import build
from outreach.reports.gather import gather_report_data
from outreach.reports.render import render_report_pdf
from outreach.reports.scope import parse_scope
from outreach.reports.xlsx import build_workbook
from tests import factories
from tests.activities.helpers import donation_form
from tests.foundation.helpers import field_error, preselected, row_counts
from tests.reports.pdftext import squeezed, text_of

CLASSIFICATIONS = ("motivation", "cause", "donation_form")


@pytest.fixture
def site(db):
    return factories.site()


def test_a_new_activity_preselects_no_classification(client, login_as, site):
    login_as("field", sites=[site])
    page = client.get(f"/sites/{site.id}/activities/new/donation").get_data(as_text=True)
    for field in CLASSIFICATIONS:
        assert preselected(page, field) in ([], [""]), field
        assert re.search(rf'name="{field}"[^>]*>\s*<option[^>]*value=""[^>]*>Choose…', page)


def test_skipping_the_classifications_is_refused_next_to_each_field(client, login_as, site):
    login_as("field", sites=[site])
    beneficiary = factories.stakeholder(sites=[site])
    skipped = donation_form(beneficiary.id, **dict.fromkeys(CLASSIFICATIONS, ""))
    del skipped["donation_form"]  # as a browser sends a select nobody touched: nothing at all
    before = row_counts()
    response = client.post(f"/sites/{site.id}/activities/new/donation", data=skipped)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_error(page, "motivation") == (
        "Choose the B4SI motivation, or Not recorded if nobody knows it."
    )
    assert field_error(page, "cause") == "Choose the cause."
    assert field_error(page, "donation_form") == "Choose the form of donation."
    assert row_counts() == before


def test_a_motivation_not_recorded_shows_as_such_in_every_figure(client, login_as, site, db):
    factories.exchange_rate("MYR", rate=Decimal("0.20"))
    officer = login_as("field", sites=[site])
    beneficiary = factories.stakeholder(sites=[site])
    form = donation_form(
        beneficiary.id,
        activity_date="2026-02-10",
        motivation="not_recorded",
        donation_form="cash",
        cash_amount="1000.00",
        in_kind_value="",
        cost_amount="",
        staff_hours="",
    )
    assert client.post(f"/sites/{site.id}/activities/new/donation", data=form).status_code == 302
    activity = db.session.scalar(sa.select(Activity))
    assert activity.author_id == officer.id and activity.motivation_label == "Not recorded"
    ops.approve_activity(activity, factories.user("manager", countries=["MY"]))
    db.session.commit()

    period = parse_period_text("2026-Q1")
    money = build([site.id], period, dt.date(2026, 4, 1)).money
    assert money.by_motivation["not_recorded"] == Decimal("200.00")  # 1000 MYR at 0.20
    assert not money.by_motivation.get("charitable_gift")
    login_as("admin")
    query = "period=quarter&quarter=2026-Q1"
    dashboard = client.get(f"/dashboard/portfolio?{query}").get_data(as_text=True)
    assert "Not recorded" in dashboard

    data = gather_report_data(parse_scope(f"site:{site.code}"), period, ["en"], None)
    assert [(a.key, a.amount) for a in data.investment.by_motivation] == [
        ("not_recorded", Decimal("200.00"))
    ]
    book = openpyxl.load_workbook(io.BytesIO(build_workbook(data)))
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert "By motivation: Not recorded" in cells
    text = squeezed(text_of(render_report_pdf(data, draft=True).content))
    assert squeezed("Not recorded") in text
