"""The admins' page of messages not delivered (left "sending" or "failed"), with a button to
send one again."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.core.pagination import page_number, paginate
from outreach.core.permissions import requires
from outreach.extensions import db
from outreach.mail import operations
from outreach.mail.blueprint import bp
from outreach.mail.models import SentMail


@bp.route("/undelivered")
@requires("mail.manage")
def undelivered():
    """Messages handed to the mail server without confirmation, or not sent at all."""
    page = paginate(operations.undelivered(), page_number(request.args.get("page")))
    return render_template("mail/undelivered.html", page=page)


@bp.route("/<int:mail_id>/retry", methods=["POST"])
@requires("mail.manage")
def retry(mail_id: int):
    """Send an undelivered message again (once the request commits, by the delivery job)."""
    mail = db.session.scalar(operations.undelivered().where(SentMail.id == mail_id))
    if mail is None:
        abort(404)
    operations.retry(mail, current_user)
    flash(_("The message will be sent again shortly."), "success")
    return redirect(url_for("mail.undelivered"))
