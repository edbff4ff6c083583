"""Field logging: record activities, send them for review, review them, list and export them."""

from __future__ import annotations

import re
import time

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.activities import commitment_operations as commitment_ops
from outreach.activities import exports, queries, rules
from outreach.activities import operations as ops
from outreach.activities.blueprint import bp
from outreach.activities.forms import FORMS, ActivityForm, ReopenForm, ReturnForm
from outreach.activities.kinds import (
    CAUSE_LABELS,
    DONATION_FORM_LABELS,
    FORMAT_LABELS,
    KIND_LABELS,
    OCCASION_LABELS,
    STATE_LABELS,
    VALUATION_LABELS,
    ActivityKind,
)
from outreach.activities.models import Activity
from outreach.activities.rules import WorkflowError
from outreach.core import permissions, uploads
from outreach.core.pagination import page_number
from outreach.core.permissions import can, get_site_or_404, requires
from outreach.extensions import db
from outreach.sites.choice import site_choice
from outreach.sites.models import Site
from outreach.stakeholders.queries import stakeholder_choices


def _kind_or_404(kind: str) -> ActivityKind:
    if kind not in {k.value for k in ActivityKind}:
        abort(404)
    return ActivityKind(kind)


def load_activity(activity_id: int) -> Activity:
    """An activity the user may see, or 404 whether it exists or not."""
    activity = queries.get_visible_activity(current_user, activity_id)
    if activity is None:
        abort(404)
    return activity


#: how long the navigation's review badge may be old, unless the manager changes something
REVIEW_BADGE_SECONDS = 60


@bp.app_template_global()
def review_queue_count() -> int:
    """Entries waiting for this manager's review (shown in the navigation): counted at most
    once a minute per session, and again after any change the manager makes, rather than
    on every page."""
    if not can(current_user, "activity.review"):
        return 0
    count, counted_at = session.get("review_badge") or (0, 0)
    now = int(time.time())
    if now - counted_at >= REVIEW_BADGE_SECONDS:
        count = queries.review_count(current_user)
        session["review_badge"] = (count, now)
    return count


@bp.before_app_request
def recount_review_badge_after_a_change() -> None:
    if request.method != "GET":
        session.pop("review_badge", None)


@bp.app_template_global()
def site_activity_timeline(site: Site) -> list[Activity] | None:
    """The site's approved activities for its page; None for those who may not see them."""
    if not can(current_user, "record.view"):
        return None
    return queries.site_timeline(site)


@bp.route("/activities/")
@requires("record.view")
def list_activities():
    """Activities at the user's sites, filtered and page by page."""
    filters = queries.filters_from_args(request.args)
    page = queries.search_activities(current_user, filters, page_number(request.args.get("page")))
    return render_template(
        "activities/list.html",
        page=page,
        filters=filters,
        sites=list(db.session.scalars(permissions.visible_sites(current_user))),
        kinds=KIND_LABELS,
        states=STATE_LABELS,
        causes=CAUSE_LABELS,
    )


@bp.route("/activities/export.<any(csv, xlsx):fmt>")
@requires("record.view")
def export_activities(fmt: str):
    """The filtered list as a CSV or Excel file (only the user's sites)."""
    filters = queries.filters_from_args(request.args)
    rows = queries.export_activities(current_user, filters)
    return exports.response(rows, fmt)


@bp.route("/activities/new/<kind>")
@requires("record.write")
def choose_site(kind: str):
    """Pick the site for a new activity; with only one site, go straight to the form."""
    activity_kind = _kind_or_404(kind)
    return site_choice(
        KIND_LABELS[activity_kind],
        lambda site: url_for("activities.new_activity", site_id=site.id, kind=kind),
        last_site_id=session.get(LAST_SITE),
    )


def _form_for(kind: ActivityKind, site: Site, **kwargs) -> ActivityForm:
    return FORMS[kind](site=site, stakeholders=stakeholder_choices(site.id), **kwargs)


def _save_attachment(activity: Activity, form: ActivityForm) -> None:
    for file in form.attachment.data or []:
        if getattr(file, "filename", ""):
            stored = uploads.store_upload(file)
            ops.add_attachment(activity, stored, current_user, form.attachment_is_receipt.data)


#: the session key of the site where the user last logged an entry (offered first next time)
LAST_SITE = "last_site"


def _adding_a_promise(form: ActivityForm) -> bool:
    """The consultation form's "Add another promise" without JavaScript: the page comes back
    with what was typed and one more empty row, and nothing is saved."""
    if request.form.get("action") != "add_promise" or not hasattr(form, "new_commitments"):
        return False
    if len(form.new_commitments) < form.new_commitments.max_entries:
        form.new_commitments.append_entry()
    return True


def _saved_target(activity: Activity) -> str:
    """The entry's page; the fragment names the draft the page's script may now forget."""
    target = url_for("activities.show_activity", activity_id=activity.id)
    draft = request.form.get("draft", "")
    if re.fullmatch(r"[0-9a-f-]{36}", draft):
        target += f"#saved-{draft}"
    return target


@bp.route("/sites/<int:site_id>/activities/new/<kind>", methods=["GET", "POST"])
@requires("record.write")
def new_activity(site_id: int, kind: str):
    """Record a festival, donation, consultation or training at a site."""
    site = get_site_or_404(site_id)
    activity_kind = _kind_or_404(kind)
    if not can(current_user, "record.write", site):
        abort(403)
    form = _form_for(activity_kind, site)
    if request.method == "GET":
        form.activity_date.data = form.today
        form.currency.data = site.country.currency
    if request.method == "POST" and _adding_a_promise(form):
        pass
    elif form.validate_on_submit():
        activity = ops.create_activity(site, activity_kind, form.activity_data(), current_user)
        _save_attachment(activity, form)
        for promise in getattr(form, "promises", list)():
            commitment_ops.create_commitment(site, promise, current_user, consultation=activity)
        if request.form.get("action") == "submit":
            ops.submit_activity(activity, current_user)
        # Read before the commit expires the objects (no second transaction for the redirect).
        target = _saved_target(activity)
        session[LAST_SITE] = site.id
        message = (
            _("Sent for review.")
            if activity.state.value == "submitted"
            else _("Saved as a draft. Submit it when it is complete.")
        )
        flash(message, "success")
        return redirect(target)
    return render_template(
        "activities/form.html",
        form=form,
        site=site,
        kind=activity_kind,
        kinds=KIND_LABELS,
        activity=None,
    )


@bp.route("/activities/<int:activity_id>")
@requires("record.view")
def show_activity(activity_id: int):
    """One activity with its files, commitments and review actions."""
    return _show(load_activity(activity_id))


def _show(
    activity: Activity,
    return_form: ReturnForm | None = None,
    reopen_form: ReopenForm | None = None,
) -> str:
    """The activity's page; a refused return or reopen form comes back with its message."""
    user = current_user
    can_review = rules.can_review(user, activity)
    return render_template(
        "activities/show.html",
        activity=activity,
        can_edit=rules.can_edit(user, activity),
        can_submit=rules.can_submit(user, activity),
        can_review=can_review,
        # why a reviewer is not offered Approve (the four-eyes rule)
        approval_refusal=rules.approval_refusal(user, activity) if can_review else None,
        can_reopen=rules.can_reopen(user, activity),
        can_delete=rules.can_delete(user, activity),
        return_form=return_form or ReturnForm(),
        reopen_form=reopen_form or ReopenForm(),
        occasion_labels=OCCASION_LABELS,
        donation_form_labels=DONATION_FORM_LABELS,
        valuation_labels=VALUATION_LABELS,
        format_labels=FORMAT_LABELS,
    )


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@requires("record.write")
def edit_activity(activity_id: int):
    """Change an entry; someone else's concurrent change is shown, never overwritten."""
    activity = load_activity(activity_id)
    if not rules.can_edit(current_user, activity):
        abort(403)
    form = _form_for(activity.kind, activity.site, obj=activity)
    conflict = False
    if request.method == "GET":
        form.partner_ids.data = [s.id for s in activity.partners]
        form.version.data = str(activity.version)
    elif _adding_a_promise(form):
        pass
    elif form.validate_on_submit():
        if form.version.data != str(activity.version):
            conflict = True
        else:
            try:
                ops.update_activity(activity, form.activity_data(), current_user)
                _save_attachment(activity, form)
                for promise in getattr(form, "promises", list)():
                    commitment_ops.create_commitment(
                        activity.site, promise, current_user, consultation=activity
                    )
                submitted = request.form.get("action") == "submit"
                if submitted:
                    ops.submit_activity(activity, current_user)
            except WorkflowError as error:  # e.g. "submit" posted for an entry under review
                db.session.rollback()
                activity = load_activity(activity_id)
                flash(str(error), "error")
            else:
                flash(_("Sent for review.") if submitted else _("Saved."), "success")
                return redirect(_saved_target(activity))
    if conflict:
        form.version.data = str(activity.version)
    return (
        render_template(
            "activities/form.html",
            form=form,
            site=activity.site,
            kind=activity.kind,
            kinds=KIND_LABELS,
            activity=activity,
            conflict=conflict,
        ),
        409 if conflict else 200,
    )


def _workflow_step(activity_id: int, step, success: str, *args):
    activity = load_activity(activity_id)
    try:
        step(activity, *args, current_user)
    except WorkflowError as error:
        db.session.rollback()
        flash(str(error), "error")
        return show_activity(activity_id), 403
    flash(success, "success")
    return None


@bp.route("/activities/<int:activity_id>/submit", methods=["POST"])
@requires("record.write")
def submit_activity(activity_id: int):
    """Send an entry to the managers for review."""
    refused = _workflow_step(activity_id, ops.submit_activity, _("Sent for review."))
    return refused or redirect(url_for("activities.show_activity", activity_id=activity_id))


@bp.route("/activities/<int:activity_id>/approve", methods=["POST"])
@requires("record.write")
def approve_activity(activity_id: int):
    """Approve a submitted entry."""
    refused = _workflow_step(activity_id, ops.approve_activity, _("Approved."))
    return refused or redirect(url_for("activities.review_queue"))


@bp.route("/activities/<int:activity_id>/return", methods=["POST"])
@requires("record.write")
def return_activity(activity_id: int):
    """Send a submitted entry back to its author with a comment."""
    form = ReturnForm()
    if not form.validate_on_submit():
        return _show(load_activity(activity_id), return_form=form), 400
    refused = _workflow_step(
        activity_id, ops.return_activity, _("Returned to the author."), form.comment.data
    )
    return refused or redirect(url_for("activities.review_queue"))


@bp.route("/activities/<int:activity_id>/reopen", methods=["POST"])
@requires("record.write")
def reopen_activity(activity_id: int):
    """Unlock an approved entry for correction, giving the reason."""
    form = ReopenForm()
    if not form.validate_on_submit():
        return _show(load_activity(activity_id), reopen_form=form), 400
    refused = _workflow_step(
        activity_id, ops.reopen_activity, _("Reopened for correction."), form.reason.data
    )
    return refused or redirect(url_for("activities.show_activity", activity_id=activity_id))


@bp.route("/activities/<int:activity_id>/delete", methods=["POST"])
@requires("record.write")
def delete_activity(activity_id: int):
    """Remove an entry that is not approved (kept for the audit trail)."""
    refused = _workflow_step(activity_id, ops.delete_activity, _("Entry removed."))
    return refused or redirect(url_for("activities.list_activities"))


@bp.route("/activities/review")
@requires("activity.review")
def review_queue():
    """Entries waiting for this manager's review, oldest first; those they changed themselves
    are marked: they may return them, another reviewer approves them."""
    activities = queries.review_queue(current_user)
    changed = rules.changed_since_authors_submitted(current_user, [a.id for a in activities])
    return render_template("activities/review.html", activities=activities, changed=changed)
