"""Grievance handling: lifecycle actions, assignment, timeline notes, identity reveal, queue."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.auth.models import User
from outreach.core import permissions
from outreach.core.permissions import can, requires
from outreach.core.urls import int_arg
from outreach.extensions import db
from outreach.feedback import access, queries
from outreach.feedback import operations as ops
from outreach.feedback.blueprint import bp
from outreach.feedback.forms import AssignForm, NoteForm, RevealForm, TransitionForm
from outreach.feedback.views import load_feedback, render_feedback, today


def _back(feedback):
    return redirect(url_for("feedback.show_feedback", feedback_id=feedback.id))


def _form_problems(form) -> None:
    for errors in form.errors.values():
        for message in errors:
            flash(message, "error")


@bp.route("/<int:feedback_id>/transition", methods=["POST"])
@requires("record.write")
def transition(feedback_id: int):
    """Acknowledge, investigate, escalate, resolve, close, appeal or reopen a grievance."""
    feedback = load_feedback(feedback_id)
    form = TransitionForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors or form.action.errors:
            _form_problems(form)
            return _back(feedback)
        return render_feedback(feedback, failed_step=form)
    action = form.action.data
    if not feedback.is_grievance or not access.may_act(current_user, feedback, action):
        abort(403)
    try:
        ops.transition(
            feedback,
            action,
            current_user,
            note=form.note.data or "",
            resolution=form.resolution.data or "",
            satisfaction=form.satisfaction.data or None,
            today=today(),
        )
    except ops.LifecycleError:
        db.session.rollback()
        flash(_("This step is not possible in the grievance's current status."), "error")
        return _back(feedback)
    flash(_("Grievance is now: %(status)s.", status=feedback.status_label), "success")
    return _back(feedback)


@bp.route("/<int:feedback_id>/assign", methods=["POST"])
@requires("grievance.manage")
def assign(feedback_id: int):
    """Give a grievance to a staff member who will handle it."""
    feedback = load_feedback(feedback_id)
    if not feedback.is_grievance or not access.may_manage(current_user, feedback):
        abort(403)
    form = AssignForm()
    candidates = queries.possible_assignees(feedback)
    form.assignee_id.choices = [("", "—")] + [(u.id, u.name) for u in candidates]
    if not form.validate_on_submit():
        _form_problems(form)
        return _back(feedback)
    assignee = db.session.get(User, form.assignee_id.data) if form.assignee_id.data else None
    if assignee is not None and not can(assignee, "grievance.handle", feedback):
        abort(400)
    ops.assign(feedback, assignee, current_user)
    flash(_("Assignment saved."), "success")
    return _back(feedback)


@bp.route("/<int:feedback_id>/note", methods=["POST"])
@requires("record.write")
def add_note(feedback_id: int):
    """Write an action or finding into a grievance's timeline."""
    feedback = load_feedback(feedback_id)
    if not access.may_note(current_user, feedback):
        abort(403)
    form = NoteForm()
    if not form.validate_on_submit():
        _form_problems(form)
        return _back(feedback)
    ops.add_note(feedback, form.note.data, current_user)
    flash(_("Note added to the timeline."), "success")
    return _back(feedback)


@bp.route("/<int:feedback_id>/reveal", methods=["POST"])
@requires("identity.reveal")
def reveal_identity(feedback_id: int):
    """Show a grievance complainant's identity to a manager, with the reason audited."""
    feedback = load_feedback(feedback_id)
    if not access.may_reveal(current_user, feedback):
        abort(403)
    form = RevealForm()
    if not form.validate_on_submit():
        _form_problems(form)
        return _back(feedback)
    ops.reveal_identity(feedback, form.reason.data, current_user)
    revealed = set(session.get("revealed_feedback", [])) | {feedback.id}
    session["revealed_feedback"] = sorted(revealed)[-50:]
    flash(_("Identity shown; your reason is in the audit log."), "info")
    return _back(feedback)


@bp.route("/grievances/overdue")
@requires("grievance.manage")
def overdue_queue():
    """Open grievances past their acknowledgement or resolution deadline: what each is about,
    who handles it and for how long it is overdue, filtered by site, category and assignee."""
    filters = queries.GrievanceQueueFilters(
        site_id=int_arg(request.args.get("site")),
        category=request.args.get("category", "")[:40],
        assignee=request.args.get("assignee", "")[:12],
    )
    grievances = queries.overdue_grievances(current_user, today(), filters)
    everyone = queries.GrievanceQueueFilters(site_id=filters.site_id, category=filters.category)
    assignees = {
        f.assignee.id: f.assignee.name
        for f in (
            queries.overdue_grievances(current_user, today(), everyone)
            if filters.assignee
            else grievances
        )
        if f.assignee is not None
    }
    return render_template(
        "feedback/overdue.html",
        grievances=grievances,
        filters=filters,
        sites=list(db.session.scalars(permissions.visible_sites(current_user))),
        categories=queries.all_categories(),
        assignees=sorted(assignees.items(), key=lambda a: a[1]),
        days_left=lambda f: queries.days_left(f, today()),
    )
