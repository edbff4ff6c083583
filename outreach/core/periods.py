"""Months and reporting periods: the one place for month arithmetic.

A month is written as one integer, year × 100 + month (202602), as the monthly rollups key it;
``month_of``, ``month_start``, ``month_end``, ``add_months``, ``months_from`` and
``months_later`` are its arithmetic. A reporting period is a month, a quarter, a year or a custom
range of whole months.

``parse_period`` reads a period from the dashboards' query string; ``parse_period_text`` reads
the reports' spelling ("2026-Q3", "2026", "2026-01..2026-06") for the report form, the CLI and
the archive. Both return the same ``Period``, whose ``label`` is that canonical spelling; every
period also knows the previous period of equal length, for changes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from flask_babel import gettext as _

from outreach.core.urls import int_arg

KINDS = ("last12", "month", "quarter", "year", "custom")


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def month_of(day: dt.date) -> int:
    """The month a day falls in (2026-02-17 → 202602)."""
    return day.year * 100 + day.month


def month_start(month: int) -> dt.date:
    """The first day of a month (202602 → 2026-02-01)."""
    return dt.date(month // 100, month % 100, 1)


@lru_cache(maxsize=4096)
def month_end(month: int) -> dt.date:
    """The last day of a month: the 28th, 29th, 30th or 31st (202402 → 2024-02-29)."""
    y, m = _add_months(month // 100, month % 100, 1)
    return dt.date(y, m, 1) - dt.timedelta(days=1)


def add_months(month: int, n: int) -> int:
    """The month ``n`` months after (or, negative, before) a month (202611, 3 → 202702)."""
    y, m = _add_months(month // 100, month % 100, n)
    return y * 100 + m


def months_from(first: int, last: int) -> list[int]:
    """Every month from ``first`` to ``last``, both included, oldest first."""
    count = (last // 100 - first // 100) * 12 + last % 100 - first % 100 + 1
    return [add_months(first, i) for i in range(max(count, 0))]


def months_later(day: dt.date, n: int) -> dt.date:
    """The same day ``n`` months later; the month's last day when it is shorter
    (31 January + 1 month → 28 or 29 February)."""
    last = month_end(add_months(month_of(day), n))
    return last if day.day > last.day else last.replace(day=day.day)


def month_label(month: int) -> str:
    """A month as the machine writes it: 202603 → "2026-03"."""
    return f"{month // 100}-{month % 100:02d}"


@dataclass(frozen=True)
class Period:
    kind: str
    #: first month, as (year, month)
    first: tuple[int, int]
    #: number of months
    length: int

    @property
    def months(self) -> list[int]:
        """Every month of the period as year × 100 + month."""
        first = self.first[0] * 100 + self.first[1]
        return [add_months(first, i) for i in range(self.length)]

    @property
    def start(self) -> dt.date:
        return dt.date(*self.first, 1)

    @property
    def end(self) -> dt.date:
        """The period's last day (the last day of its last month)."""
        y, m = _add_months(*self.first, self.length - 1)
        return month_end(y * 100 + m)

    @property
    def quarter(self) -> int | None:
        """1–4 when the period is a calendar quarter, else None."""
        y, m = self.first
        return (m - 1) // 3 + 1 if self.length == 3 and m % 3 == 1 else None

    def previous(self) -> Period:
        """The period of equal length just before this one."""
        return Period(self.kind, _add_months(*self.first, -self.length), self.length)

    @property
    def label(self) -> str:
        """The canonical spelling that ``parse_period_text`` reads back: "2026-03",
        "2026-Q3", "2026" or "2026-01..2026-06"; a range that is a quarter or a year is named so."""
        y, m = self.first
        if self.kind == "month":
            return f"{y}-{m:02d}"
        if self.length == 12 and m == 1:
            return str(y)
        if self.quarter:
            return f"{y}-Q{self.quarter}"
        last = self.end
        return f"{y}-{m:02d}..{last.year}-{last.month:02d}"

    def __str__(self) -> str:
        return self.label

    def query_args(self) -> dict[str, str]:
        """The query-string arguments that ``parse_period`` reads back into this period."""
        y, m = self.first
        last = self.end
        return {
            "period": self.kind,
            "month": f"{y}-{m:02d}",
            "quarter": f"{y}-Q{(m - 1) // 3 + 1}",
            "year": str(y),
            "from": f"{y}-{m:02d}",
            "to": f"{last.year}-{last.month:02d}",
        }


class PeriodError(ValueError):
    pass


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def _month(raw: str) -> tuple[int, int]:
    match = _MONTH.match((raw or "").strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 < int(match[1]) < 2200:
        raise PeriodError(_("Give a month as YYYY-MM."))
    return int(match[1]), int(match[2])


def last_twelve_months(today: dt.date) -> Period:
    """Exactly twelve months: the eleven before ``today``'s month and that month."""
    return Period("last12", _add_months(today.year, today.month, -11), 12)


def parse_period(args, today: dt.date) -> Period:
    """The period a query string asks for; the last twelve months when it asks for none.

    ``period=month&month=2025-03``, ``period=quarter&quarter=2025-Q1``, ``period=year&year=2025``
    or ``period=custom&from=2025-01&to=2025-06``. Raises ``PeriodError`` with a message a user
    understands when the values do not make a period.
    """
    kind = args.get("period") or "last12"
    if kind == "month":
        return Period("month", _month(args.get("month", "")), 1)
    if kind == "quarter":
        match = _QUARTER.match((args.get("quarter") or "").strip())
        if not match:
            raise PeriodError(_("Give a quarter as YYYY-Q1 … YYYY-Q4."))
        return Period("quarter", (int(match[1]), (int(match[2]) - 1) * 3 + 1), 3)
    if kind == "year":
        year = int_arg((args.get("year") or "").strip(), 2199)
        if year is None or year <= 1900:
            raise PeriodError(_("Give a year as YYYY."))
        return Period("year", (year, 1), 12)
    if kind == "custom":
        first, last = _month(args.get("from", "")), _month(args.get("to", ""))
        length = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
        if length < 1:
            raise PeriodError(_("The range must end after it starts."))
        if length > 120:
            raise PeriodError(_("Choose at most ten years."))
        return Period("custom", first, length)
    return last_twelve_months(today)


# The reports' spelling of a period ------------------------------------------------------------

_TEXT_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_TEXT_YEAR = re.compile(r"^(\d{4})$")
_TEXT_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_TEXT_RANGE = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")
MIN_YEAR, MAX_YEAR = 2000, 2100


def month_range(first_year: int, first_month: int, last_year: int, last_month: int) -> Period:
    """The months from first to last, both included; a quarter or a year is named so."""
    for year in (first_year, last_year):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise PeriodError(f"the year must lie between {MIN_YEAR} and {MAX_YEAR}")
    for month in (first_month, last_month):
        if not 1 <= month <= 12:
            raise PeriodError("months run from 01 to 12")
    length = (last_year - first_year) * 12 + last_month - first_month + 1
    if length < 1:
        raise PeriodError("the last month comes before the first")
    kind = "custom"
    if length == 12 and first_month == 1:
        kind = "year"
    period = Period(kind, (first_year, first_month), length)
    return Period("quarter", period.first, 3) if period.quarter else period


def parse_period_text(text: str) -> Period:
    """ "2026-Q3", "2026", "2026-03" or "2026-01..2026-06" as a Period; PeriodError says what
    is wrong."""
    text = (text or "").strip().upper()
    if match := _TEXT_QUARTER.match(text):
        first = 3 * (int(match[2]) - 1) + 1
        return month_range(int(match[1]), first, int(match[1]), first + 2)
    if match := _TEXT_YEAR.match(text):
        return month_range(int(match[1]), 1, int(match[1]), 12)
    if match := _TEXT_MONTH.match(text):
        period = month_range(int(match[1]), int(match[2]), int(match[1]), int(match[2]))
        return Period("month", period.first, 1)
    if match := _TEXT_RANGE.match(text):
        return month_range(int(match[1]), int(match[2]), int(match[3]), int(match[4]))
    raise PeriodError(
        f"{text[:40]!r} is not a period; write a quarter (2026-Q3), a year (2026) "
        "or a range of months (2026-01..2026-06)"
    )
