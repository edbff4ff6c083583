"""A reporting period written the way a reader of the report's language writes it: "Q3 2026",
"ไตรมาส 3 ปี 2569" (Thai years in the Buddhist Era), "2026年第3季度"; a month, a year or a range
of months by the locale's own (CLDR) patterns. The machine form (``Period.label``, "2026-Q3")
stays wherever the period is an identifier: URLs, file names, the archive and the
verification page."""

from __future__ import annotations

from babel.dates import format_interval
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from outreach.core.dates import buddhist_year, format_skeleton
from outreach.core.periods import Period, PeriodError, parse_period_text


def period_name(period: Period | str) -> str:
    """The period in the current language; a label that is not a period is returned as it is."""
    if isinstance(period, str):
        try:
            period = parse_period_text(period)
        except PeriodError:
            return period
    locale = get_locale()
    year, month = period.first
    if period.kind == "month":
        return format_skeleton("yMMMM", period.start, locale=locale)
    if period.length == 12 and month == 1:
        return format_skeleton("y", period.start, locale=locale)
    if period.quarter:
        return _("Q%(quarter)s %(year)s", quarter=period.quarter, year=buddhist_year(year) or year)
    if buddhist_year(year) is not None:  # Babel's intervals know only the Common Era
        start, end = (format_skeleton("yMMM", d, locale=locale) for d in (period.start, period.end))
        return f"{start} – {end}"
    return format_interval(period.start, period.end, "yMMM", locale=locale)


def period_names(period: Period, languages: list[str]) -> list[str]:
    """The period in each of the report's languages, repeats left out."""
    names = []
    for language in languages:
        with force_locale(language):
            name = period_name(period)
        if name not in names:
            names.append(name)
    return names
