"""Deadlines count the country's working days (its weekend and holidays) on the site's clock."""

from __future__ import annotations

import datetime as dt

from outreach.feedback import operations
from outreach.sites.calendar import WorkCalendar, calendar_of, local_today
from outreach.sites.models import CountryHoliday
from tests import factories

MON = dt.date(2026, 3, 2)  # a Monday


def test_working_days_skip_the_weekend_and_holidays():
    calendar = WorkCalendar(holidays=frozenset({MON + dt.timedelta(days=1)}))
    # Monday + 2 working days: Tuesday is a holiday, so Thursday
    assert calendar.add_working_days(MON, 2) == dt.date(2026, 3, 5)
    # Friday + 1: the Monday after
    assert calendar.add_working_days(dt.date(2026, 3, 6), 1) == dt.date(2026, 3, 9)


def test_days_left_before_and_after_a_deadline():
    calendar = WorkCalendar()
    friday = dt.date(2026, 3, 6)
    assert calendar.working_days_until(MON, friday) == 4
    assert calendar.working_days_until(friday, friday) == 0
    # the weekend after a Friday deadline: missed, one day late already
    assert calendar.working_days_until(dt.date(2026, 3, 7), friday) == -1
    assert calendar.working_days_until(dt.date(2026, 3, 10), friday) == -2


def test_brunei_rests_on_friday_and_sunday(db):
    brunei = factories.country("BN")
    calendar = calendar_of(brunei)
    thursday = dt.date(2026, 3, 5)
    assert calendar.add_working_days(thursday, 1) == dt.date(2026, 3, 7)  # Saturday works


def test_a_grievance_deadline_skips_the_countrys_holidays(db):
    site = factories.site("MY")
    db.session.add(CountryHoliday(country_code="MY", day=MON + dt.timedelta(days=1), name="X"))
    db.session.commit()
    staff = factories.user("manager", countries=["MY"])
    data = {
        "received_on": MON,
        "channel": "meeting",
        "language": "en",
        "text": "Dust on the school road",
        "sentiment": -1,
        "is_grievance": True,
    }
    from outreach.feedback.operations import ensure_default_categories

    ensure_default_categories()
    feedback = operations.record_feedback(site, data, staff)
    # two working days from Monday: Tuesday is a holiday in Malaysia
    assert feedback.ack_due == dt.date(2026, 3, 5)


def test_today_is_the_day_on_the_sites_clock(db):
    site = factories.site("LA")
    assert site.clock == "Asia/Vientiane"
    late_evening_utc = dt.datetime(2026, 3, 2, 20, 0, tzinfo=dt.UTC)
    assert local_today(site.clock, late_evening_utc) == dt.date(2026, 3, 3)
    site.time_zone = "UTC"
    assert local_today(site.clock, late_evening_utc) == dt.date(2026, 3, 2)
