"""The list of notifications (/notifications) and the e-mail settings under My account."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from outreach.core.pagination import page_number, paginate
from outreach.notify import messages, operations, queries
from outreach.notify.blueprint import bp
from outreach.notify.delivery import email_mode
from outreach.notify.forms import SettingsForm
from outreach.notify.models import EmailMode


@bp.route("/notifications")
@login_required
def list_notifications():
    page = paginate(queries.notifications_of(current_user), page_number(request.args.get("page")))
    return render_template("notify/list.html", page=page, messages=messages)


@bp.route("/notifications/<int:notification_id>/open", methods=["POST"])
@login_required
def open_notification(notification_id: int):
    """Open the page a notification is about, marking it read."""
    notification = queries.own_notification_or_none(current_user, notification_id)
    if notification is None:
        abort(404)
    operations.mark_read(current_user, notification.id)
    return redirect(url_for(notification.endpoint, **notification.endpoint_values))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def mark_all_read():
    operations.mark_read(current_user)
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notify.list_notifications"))


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(email=email_mode(current_user.id).value)
    if form.validate_on_submit():
        operations.set_email_mode(current_user, EmailMode(form.email.data))
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notify.settings"))
    return render_template("notify/settings.html", form=form)
