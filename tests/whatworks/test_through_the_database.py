"""End to end: a planted portfolio written as approved activities and scored feedback, the
rollups rebuilt, the estimate computed and stored, and the page reading it back for each
audience."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from bench import planted
from outreach.core.money import ExchangeRate
from outreach.sites.models import SiteKind
from outreach.stats import rollups
from outreach.whatworks.compute import compute_what_works
from outreach.whatworks.models import WhatWorksResult
from tests import factories

TODAY = dt.date(2025, 7, 10)  # the last complete month is June 2025
SITES, MONTHS, START = 30, 18, 202401  # January 2024 to June 2025


@pytest.fixture
def portfolio(db):
    sites = [factories.site("MY") for _ in range(SITES)]
    factories.site("TH", kind=SiteKind.PORT)  # another country, nothing recorded
    author = factories.user("manager", countries=["MY"])
    db.session.add(
        ExchangeRate(
            currency="MYR",
            reporting_currency="USD",
            rate=Decimal("0.25"),
            valid_from=dt.date(2020, 1, 1),
        )
    )
    db.session.commit()
    frame, activities = planted.panel(7, SITES, MONTHS, start=START, with_activities=True)
    ids = [s.id for s in sites]
    planted.write(
        db.session.connection(), frame, activities, ids, author.id, dict.fromkeys(ids, ("MYR", 4))
    )
    rollups.rebuild()
    db.session.commit()
    compute_what_works(today=TODAY)
    db.session.commit()
    return sites


def _result(scope_key: str, outcome: str = "sentiment") -> WhatWorksResult:
    from outreach.extensions import db

    return db.session.scalar(
        sa.select(WhatWorksResult).where(
            WhatWorksResult.scope_key == scope_key, WhatWorksResult.outcome == outcome
        )
    )


def test_the_stored_estimate_recovers_the_planted_donation_effect(portfolio):
    row = _result("country:MY")
    assert row.status == "ok"
    assert (row.site_count, row.month_count) == (SITES, MONTHS - 3)
    assert row.basis == SITES * MONTHS * planted.FEEDBACK_PER_MONTH
    effects = {e["factor"]: e for e in row.result["effects"]}
    donation, consultation = effects["donations"]["total"], effects["consultations"]["total"]
    assert donation["low"] <= 3.0 <= donation["high"]
    assert donation["low"] > 0
    assert consultation["low"] <= 0.0 <= consultation["high"]
    # the portfolio and the peers (the rail sites of Malaysia) are the same sites here
    assert _result("portfolio").result["effects"] == row.result["effects"]
    assert _result("peers:MY:rail").status == "ok"
    # no survey round anywhere: the perception index is too thin to say anything
    assert _result("country:MY", "perception").status == "thin"
    # Thailand has a site but no index
    assert _result("country:TH").status == "thin"


def test_a_manager_reads_the_stored_estimate_of_their_country(portfolio, client):
    manager = factories.user("manager", countries=["MY"])
    factories.sign_in(client, manager)
    page = client.get("/dashboard/what-works")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Malaysia" in text
    assert "associated with a higher index" in text  # donations
    assert "no clear association" in text  # consultations
    assert "caused" not in text.lower().replace("cannot", "")
    assert f"Based on {SITES} sites and {MONTHS - 3} months" in text
    assert "Too little data to say anything" in text  # the perception index
    # the whole portfolio spans countries outside a country manager's scope
    assert "The whole portfolio" not in text
    # another country is not offered: the filter is ignored and their own country shown
    other = client.get("/dashboard/what-works?country=TH").get_data(as_text=True)
    assert '<h2 id="scope">Malaysia</h2>' in other
    peers = client.get(f"/dashboard/what-works?site={portfolio[0].id}")
    assert "Peers of" in peers.get_data(as_text=True)


def test_an_admin_sees_the_portfolio_and_partners_only_their_country(portfolio, client):
    factories.sign_in(client, factories.user("admin"))
    assert "The whole portfolio" in client.get("/dashboard/what-works").get_data(as_text=True)
    client.get("/logout")

    partner_th = factories.user("partner", countries=["TH"])
    factories.sign_in(client, partner_th)
    other = client.get("/dashboard/what-works?country=MY").get_data(as_text=True)
    assert '<h2 id="scope">Thailand</h2>' in other
    assert "associated with a higher index" not in other
    assert client.get(f"/dashboard/what-works?site={portfolio[0].id}").status_code == 404
    client.get("/logout")

    partner_my = factories.user("partner", countries=["MY"])
    factories.sign_in(client, partner_my)
    text = client.get("/dashboard/what-works?country=MY").get_data(as_text=True)
    assert "associated with a higher index" in text
    assert "A site&#39;s peers" not in text


def test_field_officers_do_not_see_it(portfolio, client):
    factories.sign_in(client, factories.user("field", sites=[portfolio[0]]))
    assert client.get("/dashboard/what-works").status_code == 403


def test_the_page_never_estimates(db, client):
    factories.site("MY")
    factories.sign_in(client, factories.user("manager", countries=["MY"]))
    text = client.get("/dashboard/what-works").get_data(as_text=True)
    assert "Not estimated yet" in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WhatWorksResult)) == 0


def test_the_impact_report_has_the_section_only_when_asked(portfolio):
    from outreach.core.periods import parse_period_text
    from outreach.reports.gather import gather_report_data
    from outreach.reports.render import render_report_html
    from outreach.reports.scope import parse_scope

    scope, period = parse_scope("country:MY"), parse_period_text("2025-Q2")
    plain = render_report_html(gather_report_data(scope, period, ["en"], None), draft=True)
    assert "sec-whatworks" not in plain
    data = gather_report_data(scope, period, ["en"], None, what_works=True)
    html = render_report_html(data, draft=True)
    assert 'id="sec-whatworks"' in html
    assert "associated with a higher index" in html
    assert f"Based on {SITES} sites and {MONTHS - 3} months." in html
    assert "reverse causality" in html
    # a site's report shows its peers' estimate
    site = render_report_html(
        gather_report_data(
            parse_scope(f"site:{portfolio[0].code}"), period, ["en"], None, what_works=True
        ),
        draft=True,
    )
    assert "associated with a higher index" in site


def test_partners_see_no_estimate_built_from_too_few_feedback_items(portfolio, app, db):
    from outreach.core.disclosure import Audience
    from outreach.whatworks import queries
    from outreach.whatworks.compute import Scope

    row = _result("country:MY")
    row.basis = app.config["MIN_FEEDBACK_ITEMS"] - 1
    db.session.commit()
    sentiment = queries.shown(Scope("MY"), Audience.PARTNER)[0]
    assert sentiment.state == "withheld" and sentiment.effects == []
    assert queries.shown(Scope("MY"), Audience.STAFF)[0].state == "ok"


def test_the_command_computes_and_stores_every_scope(app, db):
    factories.site("MY")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["what-works", "compute"])
    assert result.exit_code == 0, result.output
    assert "portfolio" in result.output and "country:MY" in result.output
    assert _result("portfolio").status == "thin"
    # computing again replaces the rows instead of adding to them
    assert runner.invoke(args=["what-works", "compute", "--country", "my"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WhatWorksResult)) == 6
    refused = runner.invoke(args=["what-works", "compute", "--country", "ZZ"])
    assert refused.exit_code != 0 and "no site in ZZ" in refused.output


def _what_works_sheet(data) -> list[list]:
    import io

    import openpyxl

    from outreach.reports.xlsx import build_workbook

    book = openpyxl.load_workbook(io.BytesIO(build_workbook(data)))
    assert "What works" in book.sheetnames
    return [list(row) for row in book["What works"].iter_rows(values_only=True)]


def test_the_report_workbook_has_the_section_with_the_pdfs_figures(portfolio):
    from outreach.core.periods import parse_period_text
    from outreach.reports.gather import gather_report_data
    from outreach.reports.render import render_report_html
    from outreach.reports.scope import parse_scope

    scope, period = parse_scope("country:MY"), parse_period_text("2025-Q2")
    plain = gather_report_data(scope, period, ["en"], None)
    assert "What works" not in _sheet_names(plain)
    data = gather_report_data(scope, period, ["en"], None, what_works=True)
    rows = _what_works_sheet(data)
    html = render_report_html(data, draft=True)
    assert rows[0][:3] == ["Index", "What the site did", "Index points over the next three months"]
    sentiment = [r for r in rows[1:] if r[0] == "Monthly sentiment index"]
    [shown] = [s for s in data.what_works if s.outcome == "sentiment"]
    assert [r[1] for r in sentiment] == [name for name, _ in shown.effects]
    for row, (_name, effect) in zip(sentiment, shown.effects, strict=True):
        assert row[2:5] == [
            round(effect.total.estimate, 1),
            round(effect.total.low, 1),
            round(effect.total.high, 1),
        ]
        assert row[6:] == [SITES, MONTHS - 3]
        # the PDF prints the same figure, with its sign
        assert f"{effect.total.estimate:+.1f}".replace("-", "−") in html
    assert "associated with a higher index" in [r[5] for r in sentiment]
    assert any("not proven to cause it" in str(r[0]) for r in rows if r)


def _sheet_names(data) -> list[str]:
    import io

    import openpyxl

    from outreach.reports.xlsx import build_workbook

    return openpyxl.load_workbook(io.BytesIO(build_workbook(data))).sheetnames


def test_the_workbook_withholds_what_the_pdf_withholds(portfolio, app, db):
    from outreach.core.periods import parse_period_text
    from outreach.reports.gather import gather_report_data
    from outreach.reports.scope import parse_scope
    from outreach.reports.xlsx import DASH

    row = _result("country:MY")
    row.basis = app.config["MIN_FEEDBACK_ITEMS"] - 1
    db.session.commit()
    data = gather_report_data(
        parse_scope("country:MY"), parse_period_text("2025-Q2"), ["en"], None, what_works=True
    )
    rows = _what_works_sheet(data)
    [sentiment] = [r for r in rows if r and r[0] == "Monthly sentiment index"]
    assert sentiment[1:] == [DASH] * 7
    assert not any(isinstance(v, float) for r in rows if r and r[0] == sentiment[0] for v in r)
    assert any("is withheld" in str(r[0]) for r in rows if r)
