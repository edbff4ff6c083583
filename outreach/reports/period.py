"""Reporting periods: a quarter ("2026-Q3"), a year ("2026") or a month range
("2026-01..2026-06"), parsed in one place for the form, the CLI and the archive."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH_RANGE = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")
MIN_YEAR, MAX_YEAR = 2000, 2100


class PeriodError(ValueError):
    """The text does not name a reporting period; the message says what would."""


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day, inclusive
    end: dt.date  # last day, inclusive
    label: str  # the canonical spelling: "2026-Q3", "2026", "2026-01..2026-06"

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Period:
        """The period of the same length just before this one (for "change vs previous")."""
        months = self.months
        start_index = self.start.year * 12 + self.start.month - 1 - months
        start_year, start_month = divmod(start_index, 12)
        end_year, end_month = divmod(start_index + months - 1, 12)
        return month_range(start_year, start_month + 1, end_year, end_month + 1)

    def __str__(self) -> str:
        return self.label


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"the year must lie between {MIN_YEAR} and {MAX_YEAR}")


def month_range(first_year: int, first_month: int, last_year: int, last_month: int) -> Period:
    """The months from first to last, both included."""
    for year in (first_year, last_year):
        _check_year(year)
    for month in (first_month, last_month):
        if not 1 <= month <= 12:
            raise PeriodError("months run from 01 to 12")
    start = dt.date(first_year, first_month, 1)
    end = dt.date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    if end < start:
        raise PeriodError("the last month comes before the first")
    if first_year == last_year and first_month == 1 and last_month == 12:
        label = f"{first_year}"
    elif first_year == last_year and first_month % 3 == 1 and last_month == first_month + 2:
        label = f"{first_year}-Q{first_month // 3 + 1}"
    else:
        label = f"{first_year}-{first_month:02d}..{last_year}-{last_month:02d}"
    return Period(start=start, end=end, label=label)


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise PeriodError("quarters are Q1 to Q4")
    first = 3 * (number - 1) + 1
    return month_range(year, first, year, first + 2)


def parse_period(text: str) -> Period:
    """ "2026-Q3", "2026" or "2026-01..2026-06" as a Period; PeriodError says what is wrong."""
    text = (text or "").strip().upper()
    if match := _QUARTER.match(text):
        return quarter(int(match[1]), int(match[2]))
    if match := _YEAR.match(text):
        year = int(match[1])
        return month_range(year, 1, year, 12)
    if match := _MONTH_RANGE.match(text):
        return month_range(int(match[1]), int(match[2]), int(match[3]), int(match[4]))
    raise PeriodError(
        f"{text[:40]!r} is not a period; write a quarter (2026-Q3), a year (2026) "
        "or a range of months (2026-01..2026-06)"
    )
