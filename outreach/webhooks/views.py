"""Administration of webhook endpoints and their delivery log (/admin/webhooks)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.core.pagination import page_number, paginate
from outreach.core.permissions import requires
from outreach.core.rules import RuleError
from outreach.extensions import db
from outreach.webhooks import operations
from outreach.webhooks.blueprint import bp
from outreach.webhooks.forms import EndpointForm
from outreach.webhooks.models import EVENTS, WebhookDelivery, WebhookEndpoint


def _endpoint_or_404(endpoint_id: int) -> WebhookEndpoint:
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        abort(404)
    return endpoint


@bp.route("/", methods=["GET", "POST"])
@requires("webhooks.manage")
def list_endpoints():
    """The endpoints, and the form to register one; the secret is shown once, on this answer."""
    form = EndpointForm()
    if form.validate_on_submit():
        try:
            endpoint = operations.register_endpoint(
                form.url.data, form.events.data, form.description.data, current_user
            )
        except RuleError as refused:
            for name, errors in refused.errors.items():
                getattr(form, name).errors = errors
        else:
            return render_template("webhooks/created.html", endpoint=endpoint)
    endpoints = db.session.scalars(sa.select(WebhookEndpoint).order_by(WebhookEndpoint.id))
    return render_template(
        "webhooks/list.html", endpoints=list(endpoints), form=form, events=EVENTS
    )


@bp.route("/<int:endpoint_id>")
@requires("webhooks.manage")
def show_endpoint(endpoint_id: int):
    """An endpoint's delivery log, newest first."""
    endpoint = _endpoint_or_404(endpoint_id)
    stmt = (
        sa.select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc())
    )
    page = paginate(stmt, page_number(request.args.get("page")))
    return render_template("webhooks/show.html", endpoint=endpoint, page=page, events=EVENTS)


@bp.route("/<int:endpoint_id>/active", methods=["POST"])
@requires("webhooks.manage")
def toggle_endpoint(endpoint_id: int):
    endpoint = _endpoint_or_404(endpoint_id)
    operations.set_active(endpoint, not endpoint.active, current_user)
    flash(_("The endpoint is on.") if endpoint.active else _("The endpoint is paused."), "success")
    return redirect(url_for("webhooks.show_endpoint", endpoint_id=endpoint.id))


@bp.route("/<int:endpoint_id>/delete", methods=["POST"])
@requires("webhooks.manage")
def delete_endpoint(endpoint_id: int):
    operations.delete_endpoint(_endpoint_or_404(endpoint_id), current_user)
    flash(_("The endpoint was removed."), "success")
    return redirect(url_for("webhooks.list_endpoints"))


@bp.route("/<int:endpoint_id>/deliveries/<int:delivery_id>/retry", methods=["POST"])
@requires("webhooks.manage")
def retry_delivery(endpoint_id: int, delivery_id: int):
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.endpoint_id != endpoint_id:
        abort(404)
    operations.retry_now(delivery, current_user)
    flash(_("The delivery will be sent again shortly."), "success")
    return redirect(url_for("webhooks.show_endpoint", endpoint_id=endpoint_id))
