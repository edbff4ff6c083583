"""Reports go to partners: no sentiment figure built from fewer than five feedback items, so that
one person's score cannot be read off a report (the partner dashboard's rule); counts stay."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from outreach.core.periods import parse_period_text
from outreach.reports import operations as ops
from outreach.reports.gather import gather_report_data
from outreach.reports.scope import parse_scope
from outreach.stats import rollups
from tests import factories
from tests.reports.pdftext import squeezed, text_of

Q3 = parse_period_text("2026-Q3")
NOTE = "fewerthan5feedbackitemsiswithheld"


@pytest.fixture
def sites(db):
    """MY-ONE-01: one item scored +2 (index 100.0) and a grievance in August; MY-FIVE-02: five
    items scored +1 (index 75.0) in August."""
    factories.country("MY")
    one = factories.site("MY", code="MY-ONE-01", name="Kuantan depot")
    five = factories.site("MY", code="MY-FIVE-02", name="Gebeng port")
    factories.feedback(one, received_on=dt.date(2026, 8, 3), sentiment=2)
    factories.feedback(one, received_on=dt.date(2026, 8, 9), sentiment=None, is_grievance=True)
    for day in range(1, 6):
        factories.feedback(five, received_on=dt.date(2026, 8, day), sentiment=1)
    rollups.rebuild()
    db.session.commit()
    return one, five


def _issue(scope: str):
    manager = factories.user(role="manager", countries=["MY"])
    data = gather_report_data(parse_scope(scope), Q3, ["en"], manager)
    return data, ops.issue_report(data, manager)


def test_a_site_report_withholds_one_persons_score(sites):
    data, report = _issue("site:MY-ONE-01")
    mean = next(k for k in data.kpis if k.key == "sentiment_index")
    assert (mean.value, mean.previous) == (None, None)
    assert [v for _m, v in data.voice.sentiment_by_month] == [None, None, None]
    assert data.sites[0].sentiment is None and data.sites[0].feedback_items == 2
    assert data.grievances.received == 1

    text = squeezed(text_of(report.pdf))
    # the index and the mean of the one score (GRI 413-1's shares of sites are percentages too)
    before_gri = text.split(squeezed("GRI 413-1"))[0]
    assert "100.0" not in before_gri and "2.00" not in text
    assert NOTE in text
    assert squeezed("Sentiment index (0–100) — — —") in text  # now, before, change
    assert squeezed("Sentiment — — —") in text  # July, August, September

    book = openpyxl.load_workbook(io.BytesIO(report.xlsx))
    summary = {row[0]: row[1:] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Sentiment index (0–100)"][:2] == ("—", "—")
    assert summary["Feedback received"][0] == 2 and summary["Grievances received"][0] == 1
    sites_sheet = list(book["Sites"].iter_rows(values_only=True))
    assert sites_sheet[1][6:9] == (2, "—", 1)  # feedback, sentiment, grievances
    months = list(book["Sentiment"].iter_rows(values_only=True))
    assert months[1:4] == [("2026-07", "—"), ("2026-08", "—"), ("2026-09", "—")]
    assert "fewer than 5 feedback items" in months[-1][0]


def test_a_figure_from_five_items_is_shown(sites):
    data, report = _issue("country:MY")
    rows = {row.code: row.sentiment for row in data.sites}
    assert rows == {"MY-ONE-01": None, "MY-FIVE-02": 75.0}
    by_month = dict(data.voice.sentiment_by_month)
    assert by_month["2026-08"] is not None and by_month["2026-07"] is None
    text = squeezed(text_of(report.pdf))
    assert "75.0" in text and NOTE in text


SURVEY_NOTE = "surveyshareansweredbyfewerthan5respondentsiswithheld"


def _surveys(db, code: str, **trust_answers_on: list[int]):
    """A site with survey rounds in 2026 (``may=[n1..n5]``, ``aug=…``) asking about trust."""
    months = {"may": 5, "aug": 8}
    factories.country("MY")
    site = factories.site("MY", code=code)
    for month, counts in trust_answers_on.items():
        day = dt.date(2026, months[month], 10)
        factories.survey_round(site, conducted_on=day, counts={"trust": counts})
    db.session.commit()


def _survey_sheet(report) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(report.xlsx))["Perception survey"].values)


def test_a_survey_answered_by_few_respondents_is_withheld(db):
    """Three people answered at MY-FEW-01 in August (two of them "high" on trust): their shares
    would tell their answers; eight at MY-MANY-02 (four in May) are shown."""
    _surveys(db, "MY-FEW-01", aug=[0, 0, 1, 2, 0])
    _surveys(db, "MY-MANY-02", may=[0, 0, 4, 4, 0], aug=[0, 0, 1, 7, 0])

    data, report = _issue("site:MY-FEW-01")
    [trust] = data.voice.surveys
    assert (trust.respondents, trust.agree_pct) == (3, None)  # the count stays
    text = squeezed(text_of(report.pdf))
    assert "66.7" not in text and SURVEY_NOTE in text
    rows = _survey_sheet(report)
    assert rows[1] == ("Trust in the company", 3, "—", None)
    assert "fewer than 5 respondents" in rows[-1][0]

    data, report = _issue("site:MY-MANY-02")
    [trust] = data.voice.surveys
    assert (trust.respondents, trust.agree_pct, trust.previous_agree_pct) == (8, 87.5, 50)
    text = squeezed(text_of(report.pdf))
    assert "87.5%" in text and SURVEY_NOTE not in text
    assert _survey_sheet(report) == [
        ("Question", "Respondents", "Agree (%)", "Previous survey (%)"),
        ("Trust in the company", 8, 87.5, 50),
    ]


def test_a_previous_survey_of_few_respondents_is_withheld_beside_a_shown_one(db):
    _surveys(db, "MY-MANY-02", may=[0, 0, 0, 2, 0], aug=[0, 0, 1, 7, 0])
    data, report = _issue("site:MY-MANY-02")
    [trust] = data.voice.surveys
    assert (trust.agree_pct, trust.previous_agree_pct) == (87.5, None)
    text = squeezed(text_of(report.pdf))
    assert squeezed("Trust in the company 8 87.5 % —") in text and SURVEY_NOTE in text
    assert _survey_sheet(report)[1] == ("Trust in the company", 8, 87.5, "—")


def test_the_dashboard_built_for_partners_withholds_one_persons_score_month_by_month(sites):
    """What a partner's API call or page would get of one site: no month's index from one item."""
    from outreach.core.disclosure import Audience
    from outreach.dashboards.dashboard import build

    one, _five = sites
    today = dt.date(2026, 10, 1)
    staff = build([one.id], Q3, today, site_id=one.id)
    partner = build([one.id], Q3, today, site_id=one.id, audience=Audience.PARTNER)
    assert staff.site_series.index == [None, 100.0, None]
    assert partner.site_series.index == [None, None, None]
    assert staff.standings and not partner.standings
