"""Template filters and globals shared by every page and print template."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from flask import Flask, current_app, g, request, url_for
from flask_babel import format_currency, format_decimal, format_percent, get_locale

from outreach.core.dates import format_date, format_datetime, month_name
from outreach.core.disclosure import min_items
from outreach.core.i18n import N_, country_name, html_lang, offered_languages
from outreach.core.labels import label
from outreach.core.money import RateBook, to_cents
from outreach.core.uploads import size_limit_hint


def money(amount: Decimal | None, currency: str = "") -> str:
    """An amount with its ISO currency code, grouped the locale's way: "MYR 5.000,00" in vi."""
    if amount is None:
        return "—"
    if not currency:
        return format_decimal(amount, format="#,##0.00")
    return format_currency(amount, currency, currency_digits=False, format="¤¤ #,##0.00")


def percent(value: Decimal | float | None, digits: int = 0) -> str:
    """A share given as 0–100, written the locale's way: "42 %", "42%"."""
    if value is None:
        return "—"
    return format_percent(
        Decimal(value) / 100, format="#,##0" + ("." + "0" * digits if digits else "") + "%"
    )


def in_reporting_currency(amount: Decimal | None, currency: str, on: dt.date) -> str:
    """The amount converted into the reporting currency at the rate of its day, for showing
    beside the local amount: "≈ USD 1,075.00"; empty when no rate is known or not needed."""
    reporting = current_app.config["REPORTING_CURRENCY"]
    if amount is None or currency == reporting:
        return ""
    if "rate_book" not in g:
        g.rate_book = RateBook.load(reporting)
    converted = g.rate_book.convert(amount, currency, on)
    return "" if converted is None else "≈ " + money(to_cents(converted), reporting)


def language_names(codes: str | list[str]) -> str:
    """Languages by name in the reader's language, not by code: "th,en" → "Thai, English"."""
    if isinstance(codes, str):
        codes = [c.strip() for c in codes.split(",") if c.strip()]
    locale = get_locale()
    names = []
    for code in codes:
        try:
            names.append(Locale.parse(code.replace("-", "_")).get_display_name(locale) or code)
        except (ValueError, UnknownLocaleError):
            names.append(code)
    return ", ".join(names)


def country_label(country) -> str:
    """A country (a ``Country`` or its code) as the reader's language names it."""
    if isinstance(country, str):
        return country_name(country)
    return country_name(country.code, country.name)


def url_with(**changes) -> str:
    """The current URL with some query arguments changed (for filters and pagination)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [value]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


#: query-string names that page or translate a list rather than filter it
NOT_FILTERS = frozenset({"page", "lang"})


def active_filter_count() -> int:
    """How many of a list's filters its address sets (their block opens on phones when any is)."""
    names = {n for n, v in request.args.items(multi=True) if v.strip() and n not in NOT_FILTERS}
    return len(names)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["month_name"] = month_name
    app.jinja_env.filters["language_names"] = language_names
    app.jinja_env.filters["country_name"] = country_label
    app.jinja_env.filters["number"] = lambda n, fmt=None: (
        "—" if n is None else format_decimal(n, format=fmt)
    )
    app.jinja_env.filters["money"] = money
    # the notes beside withheld figures say the threshold the disclosure rule applies
    app.context_processor(lambda: {"MIN_FEEDBACK_ITEMS": min_items()})
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.globals["in_reporting_currency"] = in_reporting_currency
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.globals["active_filter_count"] = active_filter_count
    app.jinja_env.globals["current_locale"] = get_locale
    app.jinja_env.globals["offered_languages"] = offered_languages
    app.jinja_env.globals["N_"] = N_
    app.jinja_env.globals["size_limit_hint"] = size_limit_hint
    app.jinja_env.filters["html_lang"] = html_lang
