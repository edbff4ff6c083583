"""The reminder pass: deadlines N working days away and missed (escalated to the site's
managers), commitments due and overdue, the daily list of entries waiting for review; counted
in the country's working days on the site's clock, each told once however often it runs."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from outreach.activities.kinds import ActivityState
from outreach.feedback.models import GrievanceStatus
from outreach.notify import reminders
from outreach.notify.models import Notification
from outreach.sites.models import CountryHoliday
from outreach.webhooks import operations as webhook_ops
from outreach.webhooks.models import WebhookDelivery
from tests import factories

MON = dt.date(2026, 3, 2)
#: Monday morning in Kuala Lumpur (UTC+8)
MON_MORNING = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


def _kinds(user) -> list[str]:
    return [n.kind for n in Notification.query.filter_by(user_id=user.id).order_by(Notification.id)]


def test_a_deadline_two_working_days_away_reminds_the_assignee_once(db, mails):
    site = factories.site("MY")
    officer = factories.user("field", sites=[site])
    manager = factories.user("manager", countries=["MY"])
    factories.feedback(
        site,
        is_grievance=True,
        received_on=MON,
        ack_due=MON + dt.timedelta(days=2),
        assignee_id=officer.id,
    )
    reminders.grievance_deadlines(MON_MORNING)
    reminders.grievance_deadlines(MON_MORNING + dt.timedelta(hours=1))
    db.session.commit()
    assert _kinds(officer) == ["deadline_near"]
    assert _kinds(manager) == []  # an assigned grievance on time is the assignee's business
    (mail,) = mails(officer.email)
    assert "acknowledgement due in 2 working days (2026-03-04)" in mail.subject


def test_weekends_and_holidays_do_not_count(db):
    site = factories.site("MY")
    officer = factories.user("field", sites=[site])
    db.session.add(CountryHoliday(country_code="MY", day=MON + dt.timedelta(days=1), name="X"))
    db.session.commit()
    # due Friday: four calendar days but, with Tuesday off, three working days away
    factories.feedback(
        site,
        is_grievance=True,
        received_on=MON - dt.timedelta(days=3),
        ack_due=MON + dt.timedelta(days=4),
        assignee_id=officer.id,
    )
    reminders.grievance_deadlines(MON_MORNING)
    assert _kinds(officer) == []
    reminders.grievance_deadlines(MON_MORNING + dt.timedelta(days=2))  # Wednesday: 2 left
    assert _kinds(officer) == ["deadline_near"]


def test_the_day_is_the_sites_day(db):
    site = factories.site("MY")
    officer = factories.user("field", sites=[site])
    factories.feedback(
        site,
        is_grievance=True,
        received_on=MON,
        ack_due=MON + dt.timedelta(days=3),
        assignee_id=officer.id,
    )
    sunday_evening_utc = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)
    # already Monday 04:00 in Kuala Lumpur: Thursday is three working days away, no reminder
    reminders.grievance_deadlines(sunday_evening_utc)
    assert _kinds(officer) == []
    tuesday_kl = dt.datetime(2026, 3, 3, 1, 0, tzinfo=dt.UTC)
    reminders.grievance_deadlines(tuesday_kl)
    assert _kinds(officer) == ["deadline_near"]


def test_a_missed_deadline_escalates_to_the_sites_managers(db, receiver_less_webhook):
    site = factories.site("MY")
    officer = factories.user("field", sites=[site])
    manager = factories.user("manager", countries=["MY"])
    elsewhere = factories.user("manager", countries=["TH"])
    admin = factories.user("admin")
    grievance = factories.feedback(
        site,
        is_grievance=True,
        received_on=MON - dt.timedelta(days=10),
        ack_due=MON - dt.timedelta(days=7),
        assignee_id=officer.id,
    )
    for hour in range(3):
        reminders.grievance_deadlines(MON_MORNING + dt.timedelta(hours=hour))
    db.session.commit()
    assert _kinds(officer) == ["deadline_missed"]
    assert _kinds(manager) == ["deadline_missed"]
    assert _kinds(elsewhere) == [] and _kinds(admin) == []
    # and the webhook hears of it once
    (delivery,) = db.session.scalars(sa.select(WebhookDelivery))
    assert delivery.event == "grievance.deadline_missed"
    assert f'"id": {grievance.id}' in delivery.payload


def test_an_unassigned_grievance_near_its_deadline_goes_to_the_managers(db):
    site = factories.site("MY")
    manager = factories.user("manager", countries=["MY"])
    factories.feedback(site, is_grievance=True, received_on=MON, ack_due=MON + dt.timedelta(days=1))
    reminders.grievance_deadlines(MON_MORNING)
    assert _kinds(manager) == ["deadline_near"]


def test_a_resolved_grievance_reminds_nobody(db):
    site = factories.site("MY")
    manager = factories.user("manager", countries=["MY"])
    factories.feedback(
        site,
        is_grievance=True,
        status=GrievanceStatus.RESOLVED,
        received_on=MON,
        ack_due=MON - dt.timedelta(days=5),
        resolve_due=MON - dt.timedelta(days=1),
    )
    reminders.grievance_deadlines(MON_MORNING)
    assert _kinds(manager) == []


def test_commitments_due_and_overdue(db):
    site = factories.site("MY")
    officer = factories.user("field", sites=[site])
    manager = factories.user("manager", countries=["MY"])
    factories.commitment(site, due_date=MON + dt.timedelta(days=1), created_by_id=officer.id)
    factories.commitment(site, due_date=MON - dt.timedelta(days=3), created_by_id=officer.id)
    factories.commitment(site, due_date=MON + dt.timedelta(days=20), created_by_id=officer.id)
    reminders.commitments(MON_MORNING)
    reminders.commitments(MON_MORNING)
    assert sorted(_kinds(officer)) == ["commitment_due", "commitment_overdue"]
    assert _kinds(manager) == ["commitment_overdue"]


def test_managers_get_the_daily_list_of_entries_waiting(db, mails):
    site = factories.site("MY")
    author = factories.user("field", sites=[site])
    manager = factories.user("manager", countries=["MY"])
    for _ in range(3):
        factories.activity(site, author, state=ActivityState.SUBMITTED, times_submitted=1)
    reminders.review_waiting(MON_MORNING)
    reminders.review_waiting(MON_MORNING)
    db.session.commit()
    (note,) = Notification.query.filter_by(user_id=manager.id).all()
    assert note.params == {"count": 3} and note.digest_only
    assert mails() == []
    assert _kinds(author) == []


@pytest.fixture
def receiver_less_webhook(db, app, monkeypatch):
    """An endpoint subscribed to missed deadlines (nothing is sent in these tests)."""
    admin = factories.user("admin")
    webhook_ops.register_endpoint(
        "https://hooks.example.org/in", ["grievance.deadline_missed"], "", admin
    )
    db.session.commit()
