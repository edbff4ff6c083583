"""Every KPI on the hand-built portfolio, against figures worked out by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from outreach.core.periods import Period, PeriodError, parse_period
from outreach.dashboards.dashboard import build
from outreach.dashboards.standing import RiskSettings, risk_reasons
from tests import factories

Q1 = Period("custom", (2025, 1), 3)
TODAY = dt.date(2025, 4, 1)


def test_every_kpi_matches_the_hand_computed_figures(portfolio):
    d = build(None, Q1, TODAY)
    k = {kpi.key: kpi for kpi in d.kpis}
    # USD: donation 10 Jan at 0.20 (cash 200, in kind 100, cost 20, 2 h × 50 MYR = 20);
    # festival 20 Feb at 0.25 (cost 100, 4 h × 50 = 50); festival 10 Feb at 0.20 (cost 40)
    assert k["cash"].value == Decimal("200.00")
    assert k["in_kind"].value == Decimal("100.00")
    assert k["management"].value == Decimal("160.00")
    assert k["staff_time"].value == Decimal("70.00")
    assert k["investment"].value == Decimal("530.00")
    assert k["investment"].previous == Decimal("105.00")  # 500 MYR on 5 Nov 2024 at 0.21
    assert k["investment"].change == Decimal("425.00")
    assert d.money.by_cause["education"] == Decimal("340.00")
    assert d.money.by_cause["culture"] == Decimal("190.00")
    assert d.money.by_motivation["charitable_gift"] == Decimal("340.00")
    assert k["people_reached"].value == 300 + 100 + 40 + 20
    assert k["beneficiaries"].value == 50 + 10
    assert k["beneficiaries"].previous == 5
    assert k["events"].value == 2 and k["attendance"].value == 400
    assert k["consultations"].value == 1 and k["participants"].value == 40
    assert k["women_share"].value == 45.0
    assert k["trainees"].value == 20
    assert k["feedback"].value == 4 + 3
    # −1, +1, +2 in January and the three grievances scored −1 each: Σs = −1, n = 6
    assert k["mean_sentiment"].value == round(-1 / 6, 2)
    assert k["grievances"].value == 3
    assert k["ack_on_time"].value == 33.3  # one of three acknowledged by its deadline
    assert k["median_days"].value == 15.0  # resolved after 10 and 20 days
    assert k["grievances_open"].value == 1 and k["grievances_overdue"].value == 1
    assert k["commitments_open"].value == 2 and k["commitments_overdue"].value == 1
    assert k["grievances_open"].change is None  # a state now, not a flow


def test_rate_changing_mid_month_is_exact_and_a_missing_rate_is_warned(portfolio):
    d = build(None, Q1, TODAY)
    assert (202502, "MYR") in d.money.split_pieces
    [missing] = d.money.missing
    assert (missing.currency, missing.amount) == ("THB", Decimal("1000.00"))
    assert missing.since == dt.date(2025, 1, 1)


def test_the_page_shows_the_missing_rate(portfolio, client, login_as):
    login_as("admin")
    page = client.get("/dashboard/portfolio?period=custom&from=2025-01&to=2025-03").get_data(
        as_text=True
    )
    assert "no exchange rate to USD" in page and "THB" in page
    assert "530.00" in page


def test_site_dashboard_has_sentiment_beside_spending(portfolio):
    d = build(None, Q1, TODAY, site_id=portfolio["a"].id)
    s = d.site_series
    assert s.months == [202501, 202502, 202503]
    assert s.investment == [Decimal("340.00"), Decimal("190.00"), Decimal("0")]
    assert s.events == [0, 2, 0]
    assert s.index[0] == 66.7  # (2/3 + 2) × 25, no survey


@pytest.mark.parametrize(
    "now, before, election, overdue, expected",
    [
        (40.0, 55.0, dt.date(2025, 10, 1), 0, ["sentiment_election"]),
        (40.0, 55.0, dt.date(2026, 6, 1), 0, []),  # election too far away
        (40.0, 50.0, dt.date(2025, 10, 1), 0, []),  # fell exactly 10: not more than 10
        (40.0, 55.0, None, 0, []),
        (60.0, 50.0, dt.date(2025, 10, 1), 6, ["overdue"]),
        (60.0, 50.0, dt.date(2025, 10, 1), 5, []),
        (30.0, 45.0, dt.date(2025, 5, 1), 9, ["sentiment_election", "overdue"]),
    ],
)
def test_early_warning(now, before, election, overdue, expected):
    reasons = risk_reasons(now, before, election, overdue, TODAY, RiskSettings())
    assert [r[0] for r in reasons] == expected


def test_periods():
    args = {"period": "quarter", "quarter": "2025-Q2"}
    p = parse_period(args, TODAY)
    assert (p.start, p.end) == (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert p.previous().months == [202501, 202502, 202503]
    assert parse_period({"period": "month", "month": "2025-02"}, TODAY).end == dt.date(2025, 2, 28)
    assert parse_period({}, TODAY).months[0] == 202405
    assert parse_period({"period": "year", "year": "2024"}, TODAY).previous().first == (2023, 1)
    with pytest.raises(PeriodError):
        parse_period({"period": "custom", "from": "2025-05", "to": "2025-01"}, TODAY)
    assert parse_period(p.query_args(), TODAY) == p


def test_each_sites_total_from_one_pass_equals_its_own_dashboard(portfolio):
    """The per-site totals the report tables use (one pass, mid-month rate change included)
    equal what each site's own dashboard computes."""
    from outreach.core.money import RateBook
    from outreach.dashboards.investment import investment

    months = [202501, 202502, 202503]
    book = RateBook.load("USD")
    sites = [portfolio["a"].id, portfolio["b"].id]
    together = investment(sites, months, book, by_site=True)
    for site_id in sites:
        alone = investment([site_id], months, book)
        assert together.by_site.get(site_id, 0) == alone.total
    assert together.by_site[portfolio["a"].id] > 0


def test_every_chart_is_titled_above_it_with_units_and_has_its_figures(portfolio, client, login_as):
    """A chart's title inside its SVG is only read aloud; six untitled bar charts in a row
    left a manager guessing which was spending by cause and which by motivation. Each title
    gives the units, each chart can be scrolled from the keyboard, and its figures are also
    a table (the chart's text equivalent)."""
    import re

    login_as("admin")
    portfolio_page = client.get("/dashboard/portfolio").get_data(as_text=True)
    site_page = client.get(f"/dashboard/sites/{portfolio['a'].id}").get_data(as_text=True)
    for page, captions in (
        (
            portfolio_page,
            (
                "Sentiment index by month (0–100)",
                "Investment by B4SI input (USD)",
                "Investment by cause (USD)",
                "Investment by motivation (USD)",
                "Grievances by category and status (number of grievances)",
                "Participation by gender (people)",
            ),
        ),
        (
            site_page,
            (
                "Investment (USD) beside the sentiment index (0–100), by month",
                "Events by month (number of events)",
            ),
        ),
    ):
        for caption in captions:
            assert re.search(rf'<figcaption id="chart-[a-z]+-title">{re.escape(caption)}<', page)
        figures = page.count('class="card chart-box"')
        assert figures >= len(captions)
        assert page.count('class="chart-scroll" tabindex="0" role="region"') == figures
        assert page.count('<details class="chart-data">') == figures


def test_a_longer_wait_to_resolve_grievances_is_shown_as_worse(portfolio):
    """A rise in the days to resolve a grievance was coloured green like a rise in spending."""
    from outreach.dashboards.queries import Kpi

    median_days = {k.key: k for k in build(None, Q1, TODAY).kpis}["median_days"]
    slower = Kpi("median_days", 20, 12, unit="days", lower_is_better=median_days.lower_is_better)
    assert slower.improved is False
    assert Kpi("events", 20, 12).improved is True
    assert Kpi("events", 12, 12).improved is None


def test_a_change_in_a_share_is_given_in_points(portfolio, client, login_as):
    """A share going from 25 % to 45 % rose by 20 points; the card said "+20 %"."""
    from outreach.activities.kinds import ActivityState
    from outreach.stats import rollups

    author = factories.user("field", sites=[portfolio["a"]])
    factories.activity(
        portfolio["a"],
        author,
        "consultation",
        activity_date=dt.date(2024, 12, 5),
        state=ActivityState.APPROVED,
        participants=40,
        participants_women=10,
        participants_men=30,
    )
    rollups.rebuild()
    login_as("admin")
    page = client.get("/dashboard/portfolio?period=custom&from=2025-01&to=2025-03").get_data(
        as_text=True
    )
    share = page.split('id="kpi-women_share"', 1)[1].split("</li>", 1)[0]
    assert "+20 points vs previous" in share


def test_colours_follow_meaning(portfolio):
    """A rise in management costs was shown green and fewer grievances red."""
    from outreach.dashboards.queries import Kpi

    kpis = {k.key: k for k in build(None, Q1, TODAY).kpis}

    def changed(key, now, before):
        k = kpis[key]
        return Kpi(key, now, before, lower_is_better=k.lower_is_better, neutral=k.neutral)

    assert changed("management", 200, 100).improved is None  # no colour: not good in itself
    assert changed("grievances", 10, 20).improved is True
    assert changed("grievances", 20, 10).improved is False
    assert changed("cash", 200, 100).improved is True
