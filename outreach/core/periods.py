"""Reporting periods: a month, a quarter, a year or a custom range of whole months.

One parser (``parse_period``) reads a period from a query string for the dashboards and the
reports alike; every period also knows the previous period of equal length, for changes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask_babel import gettext as _

KINDS = ("last12", "month", "quarter", "year", "custom")


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


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
        return [y * 100 + m for y, m in (_add_months(*self.first, i) for i in range(self.length))]

    @property
    def start(self) -> dt.date:
        return dt.date(*self.first, 1)

    @property
    def end(self) -> dt.date:
        y, m = _add_months(*self.first, self.length)
        return dt.date(y, m, 1) - dt.timedelta(days=1)

    def previous(self) -> Period:
        """The period of equal length just before this one."""
        return Period(self.kind, _add_months(*self.first, -self.length), self.length)

    @property
    def label(self) -> str:
        y, m = self.first
        if self.kind == "month":
            return f"{y}-{m:02d}"
        if self.kind == "quarter":
            return f"{y} Q{(m - 1) // 3 + 1}"
        if self.kind == "year":
            return str(y)
        last = self.end
        return f"{y}-{m:02d} – {last.year}-{last.month:02d}"

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
        raw = (args.get("year") or "").strip()
        if not raw.isdigit() or not 1900 < int(raw) < 2200:
            raise PeriodError(_("Give a year as YYYY."))
        return Period("year", (int(raw), 1), 12)
    if kind == "custom":
        first, last = _month(args.get("from", "")), _month(args.get("to", ""))
        length = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
        if length < 1:
            raise PeriodError(_("The range must end after it starts."))
        if length > 120:
            raise PeriodError(_("Choose at most ten years."))
        return Period("custom", first, length)
    return last_twelve_months(today)
