"""Deadlines count the country's working days (its weekend and holidays) on the site's clock."""

from __future__ import annotations

import datetime as dt

from outreach.feedback import operations
from outreach.sites.calendar import WorkCalendar, calendar_of, local_today
from outreach.sites.models import Country, CountryHoliday
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


def test_an_administrator_sets_the_weekend_holidays_and_time_zone(db, client, login_as):
    login_as("admin")
    page = client.get("/countries/BN/edit").get_data(as_text=True)
    assert 'value="Asia/Brunei"' in page
    answer = client.post(
        "/countries/BN/edit",
        data={
            "name": "Brunei Darussalam",
            "currency": "BND",
            "languages": "ms,en",
            "time_zone": "Asia/Brunei",
            "weekend": ["4", "6"],
            "holiday_lines": "2026-02-23 National Day\n2026-05-31 Armed Forces Day",
        },
    )
    assert answer.status_code == 302
    brunei = db.session.get(Country, "BN")
    db.session.refresh(brunei)
    assert brunei.weekend_days == "4,6"
    assert [(h.day, h.name) for h in brunei.holidays] == [
        (dt.date(2026, 2, 23), "National Day"),
        (dt.date(2026, 5, 31), "Armed Forces Day"),
    ]


def test_a_wrong_time_zone_or_holiday_line_is_refused_next_to_its_field(db, client, login_as):
    login_as("admin")
    answer = client.post(
        "/countries/MY/edit",
        data={
            "name": "Malaysia",
            "currency": "MYR",
            "languages": "ms,en",
            "time_zone": "Asia/Atlantis",
            "weekend": ["5", "6"],
            "holiday_lines": "31 August Merdeka",
        },
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Not a time zone we know" in page
    assert "Line 1: start with the date as 2026-08-31." in page
    assert db.session.get(Country, "MY").time_zone == "Asia/Kuala_Lumpur"
