"""Template filters and globals shared by every page and print template."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from outreach.auth.models import Role
from outreach.core.i18n import N_, offered_languages


def money(amount: Decimal | None, currency: str = "") -> str:
    """An amount with its currency code, grouped by locale: "MYR 5,000.00"."""
    if amount is None:
        return "—"
    return f"{currency} {format_decimal(amount, format='#,##0.00')}".strip()


def url_with(**changes) -> str:
    """The current URL with some query arguments changed (for filters and pagination)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [value]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else "—"
    app.jinja_env.filters["datetime"] = lambda d, fmt="medium": (
        format_datetime(d, fmt) if d else "—"
    )
    app.jinja_env.filters["number"] = lambda n: "—" if n is None else format_decimal(n)
    app.jinja_env.filters["money"] = money
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.globals["Role"] = Role
    app.jinja_env.globals["current_locale"] = get_locale
    app.jinja_env.globals["offered_languages"] = offered_languages
    app.jinja_env.globals["N_"] = N_
    app.jinja_env.filters["html_lang"] = lambda locale: str(locale or "en").replace("_", "-")
    app.jinja_env.add_extension("jinja2.ext.i18n")
