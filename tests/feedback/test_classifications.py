"""Feedback classifications that count in the figures (channel, sentiment, complaint or
feedback) are never preselected; a sentiment nobody could tell is recorded as "Not recorded",
shown so, and left out of the sentiment figures instead of counting as neutral."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from outreach.core.periods import parse_period_text
from outreach.dashboards.dashboard import build
from outreach.feedback.models import Channel, Feedback
from outreach.feedback.sentiment import site_month_sentiment
from tests import factories
from tests.foundation.helpers import field_error, preselected, row_counts


def _record(client, site, **data):
    form = {"received_on": "2025-05-02", "language": "ms", "text": "The road is dusty", **data}
    return client.post(f"/feedback/sites/{site.id}/new", data=form)


def test_new_feedback_and_a_public_review_preselect_no_channel_or_sentiment(client, login_as, db):
    site = factories.site()
    login_as("field", sites=[site])
    page = client.get(f"/feedback/sites/{site.id}/new").get_data(as_text=True)
    assert preselected(page, "channel") in ([], [""]) and preselected(page, "sentiment") in (
        [],
        [""],
    )
    public = factories.feedback(site, reviewed=False, sentiment=None, channel=Channel.PUBLIC_PAGE)
    review = client.get(f"/feedback/{public.id}/review").get_data(as_text=True)
    assert preselected(review, "sentiment") in ([], [""])  # not a neutral 0


def test_skipping_channel_and_sentiment_is_refused_next_to_each_field(client, login_as, db):
    site = factories.site()
    login_as("field", sites=[site])
    before = row_counts()
    page = _record(client, site).get_data(as_text=True)
    assert field_error(page, "channel") == "Choose the channel, or Not recorded."
    assert field_error(page, "sentiment") == "Choose how positive or negative it is."
    assert row_counts() == before


def test_the_public_chooses_between_feedback_and_complaint(client, db):
    site = factories.site()
    before = row_counts()
    form = {"text": "Night piling", "language": "ms", "anonymous": "y"}
    response = client.post(f"/f/{site.code}?lang=en", data=form)
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), "kind") == "Choose feedback or complaint."
    assert row_counts() == before


def test_a_sentiment_not_recorded_is_shown_and_left_out_of_the_figures(client, login_as, db):
    site = factories.site()
    login_as("field", sites=[site])
    assert _record(client, site, channel="meeting", sentiment="2").status_code == 302
    unknown = _record(client, site, channel="not_recorded", sentiment="none")
    assert unknown.status_code == 302
    stored = db.session.scalar(sa.select(Feedback).order_by(Feedback.id.desc()))
    assert stored.sentiment is None and stored.reviewed
    assert stored.channel == Channel.NOT_RECORDED
    page = client.get(f"/feedback/{stored.id}").get_data(as_text=True)
    assert page.count("Not recorded") >= 2  # the channel and the sentiment

    period = parse_period_text("2025-Q2")
    kpis = {k.key: k for k in build([site.id], period, dt.date(2025, 7, 1)).kpis}
    assert kpis["feedback"].value == 2  # counted as feedback received…
    assert kpis["mean_sentiment"].value == 2  # …but not as a neutral 0 (which would give 1)
    [may] = site_month_sentiment([site.id], dt.date(2025, 5, 1), dt.date(2025, 5, 31))
    assert (may.feedback_count, may.index) == (1, 100.0)  # (2 + 2) × 25: one item scored
