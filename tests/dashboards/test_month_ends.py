"""A survey round held on a month's last days (the 29th, 30th or 31st) counts in that month on
the dashboard and in the report as on the sentiment page; "the last twelve months" are twelve."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from outreach.core.periods import Period
from outreach.dashboards.dashboard import build
from outreach.reports.gather import gather_report_data
from outreach.reports.render import render_report_pdf
from outreach.reports.scope import parse_scope
from outreach.stats import rollups
from tests import factories
from tests.reports.pdftext import squeezed, text_of

#: five items scored 0 (feedback score 50.0) and a round where everyone answers 5 (100.0):
#: the index is 75.0 with the round in force, 50.0 without it
WITH_ROUND, WITHOUT_ROUND = 75.0, 50.0


def _sentiment_page(client, monkeypatch, today: dt.date) -> str:
    monkeypatch.setattr("outreach.feedback.survey_views.today", lambda: today)
    return client.get("/feedback/sentiment").get_data(as_text=True)


@pytest.mark.parametrize(
    "held_on",
    [dt.date(2026, 8, 29), dt.date(2026, 8, 30), dt.date(2026, 8, 31), dt.date(2028, 2, 29)],
)
def test_a_round_on_a_months_last_days_counts_everywhere(
    db, client, login_as, monkeypatch, held_on
):
    factories.country("MY")
    site = factories.site("MY", code="MY-END-01")
    for day in range(1, 6):
        factories.feedback(site, received_on=held_on.replace(day=day), sentiment=0)
    factories.survey_round(site, conducted_on=held_on, counts={"trust": [0, 0, 0, 0, 10]})
    rollups.rebuild()
    db.session.commit()
    month = Period("month", (held_on.year, held_on.month), 1)

    login_as("manager", countries=["MY"])
    page = _sentiment_page(client, monkeypatch, held_on)
    assert f'{held_on:%Y-%m}</td>\n<td class="num"><strong>75</strong>' in page

    d = build([site.id], month, held_on)
    assert d.standings[0].index == WITH_ROUND
    assert d.sentiment_lines == [("MY-END-01", [WITH_ROUND])]

    manager = factories.user(role="manager", countries=["MY"])
    data = gather_report_data(parse_scope("site:MY-END-01"), month, ["en"], manager, held_on)
    assert data.sites[0].sentiment == WITH_ROUND
    assert data.voice.sentiment_by_month == [(f"{held_on:%Y-%m}", WITH_ROUND)]
    text = squeezed(text_of(render_report_pdf(data, draft=True).content))
    assert f"Sentiment{WITH_ROUND}" in text and f"Sentiment{WITHOUT_ROUND}" not in text


def test_the_sentiment_page_shows_exactly_the_last_twelve_months(db, client, login_as, monkeypatch):
    """A round on 31 July 2025 is in force for a year: every month of the window has an index,
    and August 2025 (the thirteenth month back) is not shown."""
    site = factories.site("MY", code="MY-YEAR-01")
    factories.survey_round(site, conducted_on=dt.date(2025, 7, 31))
    factories.feedback(site, received_on=dt.date(2026, 8, 31), sentiment=1)
    db.session.commit()
    login_as("manager", countries=["MY"])
    page = _sentiment_page(client, monkeypatch, dt.date(2026, 8, 31))
    months = re.findall(r'<td class="nowrap">(\d{4}-\d{2})</td>', page)
    assert months[0] == "2025-09" and months[-1] == "2026-08"
    assert len(months) == 12 and len(set(months)) == 12
