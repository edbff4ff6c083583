"""Exchange rates into the reporting currency, entered by administrators."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.admin import operations as ops
from outreach.admin import queries
from outreach.admin.blueprint import bp
from outreach.admin.forms import RateForm
from outreach.core.money import ExchangeRate
from outreach.core.pagination import page_number
from outreach.core.permissions import requires
from outreach.extensions import db


def _list_args() -> dict[str, str | int]:
    """The list's currency filter and page, kept across adding and removing a rate."""
    currency = request.args.get("currency", "").strip().upper()[:3]
    page = page_number(request.args.get("page"))
    return {k: v for k, v in (("currency", currency), ("page", page)) if v and v != 1}


@bp.route("/rates", methods=["GET", "POST"])
@requires("rates.manage")
def exchange_rates():
    """List the exchange rates, newest first and page by page, and add one."""
    reporting = current_app.config["REPORTING_CURRENCY"]
    form = RateForm(reporting_currency=reporting, taken=queries.rate_start_days(reporting))
    if form.validate_on_submit():
        ops.add_rate(
            form.currency.data, reporting, form.rate.data, form.valid_from.data, current_user
        )
        flash(_("Rate saved."), "success")
        return redirect(url_for("admin.exchange_rates", **_list_args()))
    args = _list_args()
    currency = str(args.get("currency", ""))
    return render_template(
        "admin/rates.html",
        form=form,
        page=queries.exchange_rates(reporting, currency, int(args.get("page", 1))),
        currencies=queries.rate_currencies(reporting),
        currency=currency,
        list_args=args,
        reporting=reporting,
    )


@bp.route("/rates/<int:rate_id>/delete", methods=["POST"])
@requires("rates.manage")
def delete_rate(rate_id: int):
    """Remove a rate entered by mistake."""
    entry = db.session.get(ExchangeRate, rate_id)
    if entry is None:
        abort(404)
    ops.delete_rate(entry, current_user)
    flash(_("Rate removed."), "success")
    return redirect(url_for("admin.exchange_rates", **_list_args()))
