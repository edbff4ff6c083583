"""Photos and documents of an activity: attach, download, preview, remove."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.activities import operations as ops
from outreach.activities import rules
from outreach.activities.blueprint import bp
from outreach.activities.forms import AttachmentForm
from outreach.activities.models import ActivityAttachment
from outreach.activities.views import load_activity
from outreach.core import uploads
from outreach.core.permissions import requires
from outreach.extensions import db


def _load(activity_id: int, attachment_id: int) -> ActivityAttachment:
    activity = load_activity(activity_id)
    attachment = db.session.get(ActivityAttachment, attachment_id)
    if attachment is None or attachment.activity_id != activity.id or attachment.is_deleted:
        abort(404)
    return attachment


@bp.route("/activities/<int:activity_id>/attachments", methods=["GET", "POST"])
@requires("record.write")
def add_attachment(activity_id: int):
    """Attach a photo or document to an entry that can still be changed."""
    activity = load_activity(activity_id)
    if not rules.can_edit(current_user, activity):
        abort(403)
    form = AttachmentForm()
    if form.validate_on_submit():
        stored = uploads.store_upload(form.file.data)
        ops.add_attachment(activity, stored, current_user, form.is_receipt.data)
        flash(_("File attached."), "success")
        return redirect(url_for("activities.show_activity", activity_id=activity.id))
    return render_template("activities/attach.html", form=form, activity=activity)


@bp.route("/activities/<int:activity_id>/attachments/<int:attachment_id>")
@requires("record.view")
def download_attachment(activity_id: int, attachment_id: int):
    """The file itself, as a download."""
    attachment = _load(activity_id, attachment_id)
    try:
        return uploads.send_stored(attachment)
    except FileNotFoundError:
        abort(404)


@bp.route("/activities/<int:activity_id>/attachments/<int:attachment_id>/preview")
@requires("record.view")
def preview_attachment(activity_id: int, attachment_id: int):
    """A small preview of a photo, without its metadata."""
    attachment = _load(activity_id, attachment_id)
    try:
        return uploads.send_stored(attachment, thumbnail=True)
    except FileNotFoundError:
        abort(404)


@bp.route("/activities/<int:activity_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@requires("record.write")
def delete_attachment(activity_id: int, attachment_id: int):
    """Remove a file from an entry that can still be changed."""
    attachment = _load(activity_id, attachment_id)
    if not rules.can_edit(current_user, attachment.activity):
        abort(403)
    ops.remove_attachment(attachment, current_user)
    flash(_("File removed."), "success")
    return redirect(url_for("activities.show_activity", activity_id=activity_id))
