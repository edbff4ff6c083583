"""Feedback pages for staff: lists with filters and exports, recording and reviewing."""

from __future__ import annotations

import datetime as dt

from flask import Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.core import permissions
from outreach.core.pagination import page_number
from outreach.core.permissions import can, get_site_or_404, requires
from outreach.core.urls import int_arg
from outreach.extensions import db
from outreach.feedback import access, exports, lifecycle, queries
from outreach.feedback import operations as ops
from outreach.feedback.blueprint import bp
from outreach.feedback.forms import (
    AssignForm,
    FeedbackForm,
    NoteForm,
    RevealForm,
    ReviewForm,
    TransitionForm,
)
from outreach.feedback.languages import language_choices
from outreach.feedback.lifecycle import SLA_LABELS
from outreach.feedback.models import (
    CHANNEL_LABELS,
    SATISFACTION_LABELS,
    SENTIMENT_LABELS,
    STATUS_LABELS,
)
from outreach.sites.choice import site_choice
from outreach.stakeholders.queries import stakeholder_choices


def today() -> dt.date:
    return dt.date.today()


def _date_arg(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.args.get(name, "")[:10])
    except ValueError:
        return None


def filters_from_args(grievances_only: bool) -> queries.FeedbackFilters:
    sentiment = request.args.get("sentiment", "")
    return queries.FeedbackFilters(
        site_id=int_arg(request.args.get("site")),
        category=request.args.get("category", "")[:40],
        channel=request.args.get("channel", "")[:30],
        sentiment=int(sentiment) if sentiment in {"-2", "-1", "0", "1", "2"} else None,
        status=request.args.get("status", "")[:20],
        sla=request.args.get("sla", "")[:20],
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
        grievances_only=grievances_only,
        unreviewed=request.args.get("unreviewed") == "1",
    )


def _list(grievances_only: bool):
    filters = filters_from_args(grievances_only)
    page = queries.search_feedback(
        current_user, filters, page_number(request.args.get("page")), today()
    )
    return render_template(
        "feedback/list.html",
        page=page,
        filters=filters,
        grievances_only=grievances_only,
        sites=list(db.session.scalars(permissions.visible_sites(current_user))),
        categories=queries.all_categories(),
        channels=CHANNEL_LABELS,
        sentiments=SENTIMENT_LABELS,
        statuses=STATUS_LABELS,
        sla_labels=SLA_LABELS,
        sla_of=lambda f: queries.sla_of(f, today()),
    )


@bp.route("/")
@requires("record.view")
def list_feedback():
    """Feedback at the user's sites, filtered."""
    return _list(grievances_only=False)


@bp.route("/grievances")
@requires("record.view")
def list_grievances():
    """Grievances at the user's sites, with their status and deadline."""
    return _list(grievances_only=True)


def _export(grievances_only: bool, fmt: str):
    rows = queries.feedback_rows(current_user, filters_from_args(grievances_only), today())
    name = "grievances" if grievances_only else "feedback"
    if fmt == "csv":
        body, mimetype = exports.to_csv(rows), "text/csv; charset=utf-8"
    else:
        body = exports.to_xlsx(rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}-{today()}.{fmt}"'},
    )


@bp.route("/export.<any(csv, xlsx):fmt>")
@requires("record.view")
def export_feedback(fmt: str):
    """The filtered feedback as a spreadsheet; names and contacts are masked."""
    return _export(False, fmt)


@bp.route("/grievances/export.<any(csv, xlsx):fmt>")
@requires("record.view")
def export_grievances(fmt: str):
    """The filtered grievances as a spreadsheet; names and contacts are masked."""
    return _export(True, fmt)


@bp.route("/new")
@requires("record.write")
def choose_site():
    """Pick the site for new feedback; with only one site, go straight to the form."""
    return site_choice(
        _("Record feedback"), lambda site: url_for("feedback.new_feedback", site_id=site.id)
    )


@bp.route("/sites/<int:site_id>/new", methods=["GET", "POST"])
@requires("record.write")
def new_feedback(site_id: int):
    """Record what a community member said at a site."""
    site = get_site_or_404(site_id)
    if not can(current_user, "record.write", site):
        abort(403)
    form = FeedbackForm(site=site)
    form.set_choices(
        queries.active_categories(), stakeholder_choices(site.id), language_choices(site)
    )
    if request.method == "GET":
        form.received_on.data = today()
        form.language.data = site.country.language_list[0] if site.country.language_list else "en"
    if form.validate_on_submit():
        feedback = ops.record_feedback(site, form.data, current_user)
        # Read before the commit expires the objects (no second transaction for the redirect).
        target = url_for("feedback.show_feedback", feedback_id=feedback.id)
        message = _("Feedback recorded.")
        flash(message, "success")
        return redirect(target)
    return render_template("feedback/form.html", form=form, site=site)


def load_feedback(feedback_id: int):
    feedback = queries.get_visible(current_user, feedback_id)
    if feedback is None:
        abort(404)
    return feedback


def _revealed() -> set[int]:
    return set(session.get("revealed_feedback", []))


@bp.route("/<int:feedback_id>")
@requires("record.view")
def show_feedback(feedback_id: int):
    """One feedback item; for a grievance its status, deadline and timeline."""
    return render_feedback(load_feedback(feedback_id))


def render_feedback(feedback, failed_step: TransitionForm | None = None) -> str:
    """The feedback page; a lifecycle step that came back with errors shows them under that
    step, with what was typed."""
    actions = [
        a
        for a in lifecycle.allowed_actions(feedback.status)
        if access.may_act(current_user, feedback, a)
    ]
    assign_form = AssignForm(formdata=None, assignee_id=feedback.assignee_id)
    assign_form.assignee_id.choices = [("", _("— nobody —"))] + [
        (u.id, u.name) for u in queries.possible_assignees(feedback)
    ]
    return render_template(
        "feedback/show.html",
        feedback=feedback,
        show_identity=access.can_see_identity(current_user, feedback, feedback.id in _revealed()),
        show_source=access.shows_source(current_user, feedback, feedback.id in _revealed()),
        may_reveal=access.may_reveal(current_user, feedback) and feedback.id not in _revealed(),
        may_manage=access.may_manage(current_user, feedback),
        may_review=access.may_review(current_user, feedback),
        may_note=access.may_note(current_user, feedback),
        actions=actions,
        sla=queries.sla_of(feedback, today()),
        sla_labels=SLA_LABELS,
        satisfaction_labels=SATISFACTION_LABELS,
        transition_form=TransitionForm(formdata=None),
        failed_step=failed_step,
        assign_form=assign_form,
        note_form=NoteForm(formdata=None),
        reveal_form=RevealForm(formdata=None),
    )


@bp.route("/<int:feedback_id>/review", methods=["GET", "POST"])
@requires("record.write")
def review_feedback(feedback_id: int):
    """Categorise and score feedback (public submissions arrive unreviewed)."""
    feedback = load_feedback(feedback_id)
    if not access.may_review(current_user, feedback):
        abort(403)
    form = ReviewForm(obj=feedback, site=feedback.site)
    form.set_choices(
        queries.active_categories(),
        stakeholder_choices(feedback.site_id),
        language_choices(feedback.site, keep=feedback.language),
    )
    if not access.shows_source(current_user, feedback, feedback.id in _revealed()):
        del form.stakeholder_id  # the picker would name the person; the link is kept as it is
    conflict = False
    if request.method == "GET":
        form.channel.data = feedback.channel.value
        form.category_ids.data = [c.id for c in feedback.categories]
        # a public submission waits for a score: "Choose…", never a preselected neutral
        form.sentiment.data = feedback.sentiment if feedback.reviewed else ""
        form.version.data = str(feedback.version)
    elif form.validate_on_submit():
        if form.version.data != str(feedback.version):
            conflict = True
            form.version.data = str(feedback.version)
        else:
            ops.review_feedback(feedback, form.data, current_user)
            flash(_("Saved."), "success")
            return redirect(url_for("feedback.show_feedback", feedback_id=feedback.id))
    page = render_template("feedback/review.html", form=form, feedback=feedback, conflict=conflict)
    return page, 409 if conflict else 200
