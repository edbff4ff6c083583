"""Exchange rates into the reporting currency, entered by administrators."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.admin import bp
from outreach.admin import operations as ops
from outreach.admin.forms import RateForm
from outreach.auth.models import Role
from outreach.core.money import ExchangeRate
from outreach.core.permissions import roles_required
from outreach.extensions import db


def _rates(reporting: str) -> list[ExchangeRate]:
    stmt = (
        sa.select(ExchangeRate)
        .where(ExchangeRate.reporting_currency == reporting)
        .order_by(ExchangeRate.currency, ExchangeRate.valid_from.desc())
    )
    return list(db.session.scalars(stmt))


@bp.route("/rates", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def exchange_rates():
    """List the exchange rates and add one."""
    reporting = current_app.config["REPORTING_CURRENCY"]
    rates = _rates(reporting)
    form = RateForm(reporting_currency=reporting, taken={(r.currency, r.valid_from) for r in rates})
    if form.validate_on_submit():
        ops.add_rate(
            form.currency.data, reporting, form.rate.data, form.valid_from.data, current_user
        )
        db.session.commit()
        flash(_("Rate saved."), "success")
        return redirect(url_for("admin.exchange_rates"))
    return render_template("admin/rates.html", form=form, rates=rates, reporting=reporting)


@bp.route("/rates/<int:rate_id>/delete", methods=["POST"])
@roles_required(Role.ADMIN)
def delete_rate(rate_id: int):
    """Remove a rate entered by mistake."""
    entry = db.session.get(ExchangeRate, rate_id)
    if entry is None:
        abort(404)
    ops.delete_rate(entry, current_user)
    db.session.commit()
    flash(_("Rate removed."), "success")
    return redirect(url_for("admin.exchange_rates"))
