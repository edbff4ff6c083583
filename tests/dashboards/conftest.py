"""A small hand-built portfolio whose every figure is worked out by hand in the tests."""

import datetime as dt
from decimal import Decimal

import pytest

from outreach.activities.kinds import ActivityState, Cause, Motivation
from outreach.core.money import ExchangeRate
from outreach.feedback.models import GrievanceStatus
from outreach.stats import rollups
from tests import factories

D = dt.date


@pytest.fixture
def portfolio(db):
    my = factories.country("MY", staff_hour_rate=Decimal("50.00"))
    factories.country("TH", staff_hour_rate=None)
    a = factories.site("MY", name="Kuantan depot")
    b = factories.site("TH", name="Laem port")
    author = factories.user("field", sites=[a, b])
    for cur, rate, since in [
        ("MYR", "0.21", D(2024, 1, 1)),
        ("MYR", "0.20", D(2025, 1, 1)),
        ("MYR", "0.25", D(2025, 2, 15)),  # changes in the middle of February
    ]:
        db.session.add(
            ExchangeRate(
                currency=cur, reporting_currency="USD", rate=Decimal(rate), valid_from=since
            )
        )
    db.session.commit()
    ok = ActivityState.APPROVED

    def act(site, kind, day, currency="MYR", **kw):
        return factories.activity(
            site, author, kind, activity_date=day, state=ok, currency=currency, **kw
        )

    act(
        a,
        "donation",
        D(2025, 1, 10),
        cash_amount=Decimal("1000"),
        in_kind_value=Decimal("500"),
        cost_amount=Decimal("100"),
        staff_hours=Decimal("2"),
        beneficiaries=50,
        motivation=Motivation.CHARITABLE_GIFT,
    )
    act(
        a,
        "festival",
        D(2025, 2, 20),
        cost_amount=Decimal("400"),
        staff_hours=Decimal("4"),
        attendance=300,
        cause=Cause.CULTURE,
    )
    act(
        a,
        "festival",
        D(2025, 2, 10),
        cost_amount=Decimal("200"),
        attendance=100,
        cause=Cause.CULTURE,
    )
    act(
        a,
        "consultation",
        D(2025, 3, 5),
        participants=40,
        participants_women=18,
        participants_men=22,
    )
    act(a, "training", D(2025, 3, 6), trainees=20, trainees_women=8)
    factories.activity(
        a, author, "donation", activity_date=D(2025, 1, 12), cash_amount=Decimal("9999")
    )  # a draft: does not count
    act(a, "donation", D(2024, 11, 5), cash_amount=Decimal("500"), beneficiaries=5)
    act(
        b, "donation", D(2025, 1, 20), currency="THB", cash_amount=Decimal("1000"), beneficiaries=10
    )

    for sentiment, reviewed in [(-1, True), (1, True), (2, True), (None, False)]:
        factories.feedback(a, received_on=D(2025, 1, 8), sentiment=sentiment, reviewed=reviewed)
    factories.feedback(
        a,
        received_on=D(2025, 2, 3),
        is_grievance=True,
        acknowledged_on=D(2025, 2, 4),
        resolved_on=D(2025, 2, 13),
        closed_on=D(2025, 2, 14),
        status=GrievanceStatus.CLOSED,
    )
    factories.feedback(
        a,
        received_on=D(2025, 2, 3),
        is_grievance=True,
        acknowledged_on=D(2025, 2, 10),
        resolved_on=D(2025, 2, 23),
        status=GrievanceStatus.RESOLVED,
    )
    factories.feedback(a, received_on=D(2025, 3, 3), is_grievance=True)  # open, overdue

    from outreach.activities.kinds import CommitmentStatus

    factories.commitment(a, due_date=D(2020, 1, 1))  # open and overdue
    factories.commitment(a)  # open, due in a month
    factories.commitment(
        a, due_date=D(2020, 1, 1), status=CommitmentStatus.DONE, closed_on=D(2020, 1, 1)
    )
    rollups.rebuild()
    db.session.commit()
    return {"my": my, "a": a, "b": b, "author": author}
