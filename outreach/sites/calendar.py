"""Working days: each country's weekend and public holidays, and each site's time zone.

A grievance's acknowledgement deadline, and how many working days are left before a deadline,
count the working days of the site's country; "today" is the day on the site's clock, not the
server's. Pure functions over a ``WorkCalendar``; ``calendar_of`` loads one from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa

from outreach.extensions import db

#: Saturday and Sunday (``date.weekday()`` numbers, Monday = 0)
DEFAULT_WEEKEND = frozenset({5, 6})


@dataclass(frozen=True)
class WorkCalendar:
    """The days nobody works in a country: its weekend days and its public holidays."""

    weekend: frozenset[int] = DEFAULT_WEEKEND
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def next_working_day(self, day: dt.date) -> dt.date:
        """The day itself when it is a working day, else the next one."""
        for _ in range(366):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start``."""
        day = start
        while days > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def working_days_until(self, today: dt.date, deadline: dt.date) -> int:
        """Working days left from ``today`` to ``deadline`` (0 on the day itself, negative once
        it has passed: -1 the first working day after it)."""
        if deadline >= today:
            count, day = 0, today
            while day < deadline:
                day += dt.timedelta(days=1)
                count += self.is_working_day(day)
            return count
        count, day = 0, deadline
        while day < today:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return -max(count, 1)


def parse_weekend(text: str | None) -> frozenset[int]:
    """ "5,6" → {5, 6}; anything unreadable is left out, and nothing at all means Sat–Sun."""
    days = {int(p) for p in (text or "").split(",") if p.strip().isdigit() and int(p) < 7}
    return frozenset(days) if text is not None else DEFAULT_WEEKEND


def calendar_of(country) -> WorkCalendar:
    """The working calendar of a country (a ``Country``), with its holidays from the database."""
    from outreach.sites.models import CountryHoliday

    holidays = db.session.scalars(
        sa.select(CountryHoliday.day).where(CountryHoliday.country_code == country.code)
    )
    return WorkCalendar(parse_weekend(country.weekend_days), frozenset(holidays))


def zone(name: str | None) -> ZoneInfo:
    """The time zone called ``name``, UTC when it is empty or unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_today(time_zone: str | None, now: dt.datetime | None = None) -> dt.date:
    """The date on a site's clock at ``now`` (UTC, aware; the present when omitted)."""
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(zone(time_zone)).date()
