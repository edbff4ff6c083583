"""The commitments register: promises made to the communities, and whether they are kept."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.activities import commitment_operations as ops
from outreach.activities import queries
from outreach.activities.blueprint import bp
from outreach.activities.commitment_forms import CommitmentForm
from outreach.activities.kinds import COMMITMENT_STATUS_LABELS, ActivityKind
from outreach.activities.models import Commitment
from outreach.core import permissions
from outreach.core.pagination import page_number
from outreach.core.permissions import can, get_site_or_404, requires
from outreach.core.urls import int_arg
from outreach.extensions import db


def _load(commitment_id: int) -> Commitment:
    commitment = queries.get_visible_commitment(current_user, commitment_id)
    if commitment is None:
        abort(404)
    return commitment


@bp.route("/commitments/")
@requires("record.view")
def list_commitments():
    """Commitments at the user's sites; overdue ones flagged."""
    filters = queries.CommitmentFilters(
        site_id=int_arg(request.args.get("site")),
        status=request.args.get("status", "")[:20],
        overdue=request.args.get("overdue") == "1",
    )
    page = queries.search_commitments(current_user, filters, page_number(request.args.get("page")))
    return render_template(
        "activities/commitments.html",
        page=page,
        filters=filters,
        sites=list(db.session.scalars(permissions.visible_sites(current_user))),
        statuses=COMMITMENT_STATUS_LABELS,
        today=dt.date.today(),
    )


@bp.route("/sites/<int:site_id>/commitments/new", methods=["GET", "POST"])
@requires("record.write")
def new_commitment(site_id: int):
    """Record a promise made to the community, by hand or for a consultation."""
    site = get_site_or_404(site_id)
    if not can(current_user, "record.write", site):
        abort(403)
    consultation = None
    consultation_id = int_arg(request.args.get("consultation"))
    if consultation_id:
        consultation = queries.get_visible_activity(current_user, consultation_id)
        if (
            consultation is None
            or consultation.site_id != site.id
            or consultation.kind != ActivityKind.CONSULTATION
        ):
            abort(404)
    form = CommitmentForm()
    if form.validate_on_submit():
        commitment = ops.create_commitment(site, form.data, current_user, consultation)
        flash(_("Commitment recorded."), "success")
        return redirect(url_for("activities.show_commitment", commitment_id=commitment.id))
    return render_template(
        "activities/commitment_form.html",
        form=form,
        site=site,
        commitment=None,
        consultation=consultation,
    )


@bp.route("/commitments/<int:commitment_id>")
@requires("record.view")
def show_commitment(commitment_id: int):
    """One commitment and the consultation it came from."""
    commitment = _load(commitment_id)
    return render_template(
        "activities/commitment.html",
        commitment=commitment,
        can_edit=can(current_user, "record.write", commitment),
        can_delete=can(current_user, "record.delete", commitment),
        today=dt.date.today(),
    )


@bp.route("/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
@requires("record.write")
def edit_commitment(commitment_id: int):
    """Change a commitment or its status; a concurrent change is shown, never overwritten."""
    commitment = _load(commitment_id)
    if not can(current_user, "record.write", commitment):
        abort(403)
    form = CommitmentForm(obj=commitment)
    conflict = False
    if request.method == "GET":
        form.version.data = str(commitment.version)
    elif form.validate_on_submit():
        if form.version.data != str(commitment.version):
            conflict = True
            form.version.data = str(commitment.version)
        else:
            ops.update_commitment(commitment, form.data, current_user)
            flash(_("Saved."), "success")
            return redirect(url_for("activities.show_commitment", commitment_id=commitment.id))
    return (
        render_template(
            "activities/commitment_form.html",
            form=form,
            site=commitment.site,
            commitment=commitment,
            consultation=commitment.consultation,
            conflict=conflict,
        ),
        409 if conflict else 200,
    )


@bp.route("/commitments/<int:commitment_id>/delete", methods=["POST"])
@requires("record.delete")
def delete_commitment(commitment_id: int):
    """Remove a commitment recorded by mistake (kept for the audit trail)."""
    commitment = _load(commitment_id)
    if not can(current_user, "record.delete", commitment):
        abort(403)
    ops.delete_commitment(commitment, current_user)
    flash(_("Commitment removed."), "success")
    return redirect(url_for("activities.list_commitments"))
