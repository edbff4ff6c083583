"""Dates as the reader writes them: the locale's own (CLDR) patterns, medium by default, never
an ambiguous "12/2/26"; Thai years in the Buddhist Era (พ.ศ. 2569 for 2026), as Thai officials
write them. Babel knows only the Gregorian calendar, so for Thai the year fields of the
locale's pattern are replaced by the year plus 543 and the era by "พ.ศ."."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import match_skeleton, tokenize_pattern, untokenize_pattern
from flask_babel import format_date as _format_date
from flask_babel import format_datetime as _format_datetime
from flask_babel import get_locale, to_user_timezone

#: languages whose readers count years in the Buddhist Era, and the offset from the Common Era
BUDDHIST_ERA = {"th": 543}
BUDDHIST_ERA_NAME = "พ.ศ."
NAMED_FORMATS = ("short", "medium", "long", "full")


def _locale() -> Locale:
    return get_locale() or Locale.parse("en")


def buddhist_year(year: int, locale: Locale | None = None) -> int | None:
    """The year in the Buddhist Era where the locale counts so, else None."""
    offset = BUDDHIST_ERA.get((locale or _locale()).language)
    return None if offset is None else year + offset


def _in_buddhist_era(pattern: str, year: int) -> str:
    """The pattern with its year fields written as the Buddhist-Era year and its era as พ.ศ."""
    tokens = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "field" and value[0] in "yYu":
            tokens.append(("chars", str(year)))
        elif kind == "field" and value[0] == "G":
            tokens.append(("chars", BUDDHIST_ERA_NAME))
        else:
            tokens.append((kind, value))
    return untokenize_pattern(tokens)


def _date_pattern(locale: Locale, fmt: str) -> str:
    return str(locale.date_formats[fmt].pattern) if fmt in NAMED_FORMATS else fmt


def format_date(day: dt.date | None, fmt: str = "medium") -> str:
    """A date in the current language ("Dec 2, 2026", "2 ธ.ค. 2569"); "—" when there is none.
    "short" is written as "medium": a short date ("12/2/26") is read differently by readers of
    different countries."""
    if day is None:
        return "—"
    fmt = "medium" if fmt == "short" else fmt
    locale = _locale()
    year = buddhist_year(day.year, locale)
    if year is None:
        return _format_date(day, fmt)
    return _format_date(day, _in_buddhist_era(_date_pattern(locale, fmt), year))


def format_datetime(moment: dt.datetime | None, fmt: str = "medium") -> str:
    """A moment in the user's time zone and language; "—" when there is none. "short" keeps the
    time short but writes the date in the medium format ("Dec 2, 2026, 9:05 AM", never
    "12/2/26")."""
    if moment is None:
        return "—"
    locale = _locale()
    local = to_user_timezone(moment) if moment.tzinfo else moment
    if fmt in NAMED_FORMATS:
        date_fmt = "medium" if fmt == "short" else fmt
        joined = str(locale.datetime_formats[fmt])
        time_pattern = str(locale.time_formats[fmt].pattern)
        fmt = joined.replace("{0}", time_pattern).replace("{1}", _date_pattern(locale, date_fmt))
    year = buddhist_year(local.year, locale)
    return _format_datetime(moment, fmt if year is None else _in_buddhist_era(fmt, year))


def format_skeleton(skeleton: str, day: dt.date, locale: Locale | str | None = None) -> str:
    """A date by a CLDR skeleton ("yMMM" → "Mar 2026", "มี.ค. 2569"), Buddhist Era for Thai."""
    from babel.dates import format_date as babel_format_date

    locale = Locale.parse(locale) if locale else _locale()
    matched = match_skeleton(skeleton, locale.datetime_skeletons) or skeleton
    pattern = str(locale.datetime_skeletons[matched].pattern)
    year = buddhist_year(day.year, locale)
    if year is not None:
        pattern = _in_buddhist_era(pattern, year)
    return babel_format_date(day, pattern, locale=locale)


def month_name(month: int | str) -> str:
    """A month (202603 or "2026-03") as the reader writes it: "Mar 2026", "มี.ค. 2569"."""
    if isinstance(month, str):
        year, number = (int(part) for part in month.split("-"))
    else:
        year, number = divmod(month, 100)
    return format_skeleton("yMMM", dt.date(year, number, 1))
