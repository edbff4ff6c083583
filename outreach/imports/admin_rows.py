"""Rows an administrator imports: sites (``sites.rules``/``operations``), found again by their
code, and exchange rates (``admin.rules``/``operations``), found again by currency, reporting
currency and first day."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from outreach.admin import operations as admin_ops
from outreach.admin.rules import check_rate
from outreach.core.money import ExchangeRate
from outreach.extensions import db
from outreach.imports.columns import Column
from outreach.imports.kinds import Context, RowKind
from outreach.sites import operations as site_ops
from outreach.sites.models import SITE_KIND_LABELS, SITE_STATUS_LABELS, Site
from outreach.sites.rules import check_site


class SiteRows(RowKind):
    name = "site"
    label = _l("Sites")
    capability = "site.manage"
    per_site = False
    columns = [
        Column("code", _l("Code"), max_length=20, required=True, example="MY-ECRL-01"),
        Column("name", _l("Name"), max_length=200, required=True, example="ECRL Kuantan depot"),
        Column(
            "country",
            _l("Country"),
            field="country_code",
            max_length=2,
            required=True,
            aliases=("country_code",),
            example="MY",
        ),
        Column("province", _l("Province or state"), max_length=100, example="Pahang"),
        Column("district", _l("District"), max_length=100, example="Kuantan"),
        Column(
            "kind",
            _l("Kind"),
            kind="choice",
            choices=SITE_KIND_LABELS,
            required=True,
            example="rail",
        ),
        Column("operator", _l("Operator"), max_length=200),
        Column("bri_designated", _l("Officially designated a Belt and Road project"), kind="bool"),
        Column("bri_reference", _l("BRI reference"), max_length=100),
        Column(
            "status",
            _l("Status"),
            kind="choice",
            choices=SITE_STATUS_LABELS,
            required=True,
            example="construction",
        ),
        Column("latitude", _l("GPS latitude"), kind="decimal", places=6),
        Column("longitude", _l("GPS longitude"), kind="decimal", places=6),
        Column("start_date", _l("Start date"), kind="date"),
    ]

    def command(self, values: dict[str, Any], site, ctx: Context) -> dict:
        data = {c.target: values[c.key] for c in self.columns if c.key in values}
        for name in ("code", "country_code"):
            if data.get(name):
                data[name] = data[name].upper()
        return data

    def check(
        self, site, command: dict, ctx: Context, record=None, with_rules: bool = True
    ) -> dict:
        if record is None:
            return check_site(command)
        current = {name: getattr(record, name) for name in site_ops.SITE_FIELDS}
        return check_site({**current, **command}, record)

    def find(self, values: dict[str, Any], ctx: Context):
        return ctx.site(str(values.get("code") or "")) if values.get("code") else None

    def load(self, object_id: Any):
        return db.session.get(Site, object_id)

    def create(self, site, command: dict, ctx: Context) -> Site:
        created = site_ops.create_site(command, ctx.user)
        ctx.cache.pop("sites", None)
        return created

    def update(self, record: Site, command: dict, ctx: Context) -> None:
        site_ops.update_site(record, command, ctx.user)


class RateRows(RowKind):
    name = "rate"
    label = _l("Exchange rates")
    capability = "rates.manage"
    per_site = False
    updatable = False
    columns = [
        Column("currency", _l("Currency"), max_length=3, required=True, example="MYR"),
        Column(
            "reporting_currency",
            _l("Reporting currency"),
            max_length=3,
            example="USD",
            note=_l("Empty: the reporting currency of this installation."),
        ),
        Column("rate", _l("Rate"), kind="decimal", places=10, required=True, example="0.2135"),
        Column("valid_from", _l("Valid from"), kind="date", required=True, example="2025-01-01"),
    ]

    def command(self, values: dict[str, Any], site, ctx: Context) -> dict:
        data = {c.target: values[c.key] for c in self.columns if c.key in values}
        data["currency"] = (data.get("currency") or "").upper()
        data["reporting_currency"] = (
            data.get("reporting_currency") or current_app.config["REPORTING_CURRENCY"]
        ).upper()
        return data

    def check(
        self, site, command: dict, ctx: Context, record=None, with_rules: bool = True
    ) -> dict:
        return check_rate(command)

    def find(self, values: dict[str, Any], ctx: Context):
        command = self.command(values, None, ctx)
        return db.session.scalar(
            sa.select(ExchangeRate).where(
                ExchangeRate.currency == command["currency"],
                ExchangeRate.reporting_currency == command["reporting_currency"],
                ExchangeRate.valid_from == command.get("valid_from"),
            )
        )

    def load(self, object_id: Any):
        return db.session.get(ExchangeRate, object_id)

    def create(self, site, command: dict, ctx: Context) -> ExchangeRate:
        return admin_ops.add_rate(
            command["currency"],
            command["reporting_currency"],
            command["rate"],
            command["valid_from"],
            ctx.user,
        )


SITES = SiteRows()
RATES = RateRows()
