"""What the offline client needs: who am I and where may I record (``GET /me``), record an
activity of any kind with the promises of a consultation (``POST /activities``), and attach a
photo or document to it (``POST /activities/<id>/attachments``), and send it for review
(``POST /activities/<id>/submit``, in ``action_views``). They accept the signed-in
session with the CSRF token in ``X-CSRFToken`` as well as a token."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from outreach.activities import commitment_operations as commitment_ops
from outreach.activities import data_rules, rules
from outreach.activities import operations as ops
from outreach.activities.kinds import ActivityKind
from outreach.api import activity_input as inputs
from outreach.api import activity_schemas as schemas
from outreach.api.access import session_allowed
from outreach.api.blueprint import bp
from outreach.api.loading import activity_or_404, recording_site, requires
from outreach.api.payloads import refuse_together
from outreach.api.responses import json_body, json_response
from outreach.api.serialize import activity_json, attachment_json, etag
from outreach.api.spec import operation
from outreach.core import uploads
from outreach.core.idempotency import idempotent
from outreach.core.permissions import can, writable_sites
from outreach.core.problems import problem
from outreach.core.rules import Errors, RuleError
from outreach.extensions import db


@bp.get("/me")
@session_allowed
@operation(tags=("me",), ok={"HTTP_200": schemas.Me})
def me():
    """The signed-in user, the open sites where they may record, and the kinds they may log."""
    user = current_user
    sites = writable_sites(user)
    return json_response(
        {
            "id": user.id,
            "name": user.name,
            "email": user.email,
            "role": user.role.value,
            "language": user.language,
            "sites": [
                {
                    "id": s.id,
                    "code": s.code,
                    "name": s.name,
                    "country_code": s.country_code,
                    "currency": s.country.currency,
                    "archived": s.archived,
                }
                for s in sites
            ],
            "kinds": [k.value for k in ActivityKind] if can(user, "record.write") else [],
        }
    )


def _check_everything(site, kind, command, promises, errors: Errors) -> None:
    """Every field's errors together, as the form shows them: what could not be read, then what
    the rules refuse."""
    found = data_rules.check_activity(site, kind, command)
    for n, promise in enumerate(promises):
        for field, messages in data_rules.check_commitment(promise).items():
            found.setdefault(f"commitments.{n}.{field}", messages)
    refuse_together(errors, found)


@bp.post("/activities")
@session_allowed
@operation(tags=("activities",), json=schemas.ActivityIn, ok={"HTTP_201": schemas.ActivityOut})
@requires("record.write")
@idempotent
def create_activity():
    """Record an activity as a draft (``"submit": true`` sends it for review at once)."""
    body = json_body()
    errors = Errors()
    kind = inputs.kind_of(body, errors)
    site = recording_site(body, errors)
    if kind is None or site is None:
        raise RuleError(dict(errors))
    command = inputs.activity_command(kind, body, errors)
    promises = inputs.commitment_commands(kind, body, errors)
    _check_everything(site, kind, command, promises, errors)
    activity = ops.create_activity(site, kind, command, current_user)
    for promise in promises:
        commitment_ops.create_commitment(site, promise, current_user, consultation=activity)
    if body.get("submit") is True:
        ops.submit_activity(activity, current_user)
    db.session.flush()
    data = activity_json(activity)
    data["commitment_ids"] = [c.id for c in activity.commitments]
    location = url_for("api.get_activity", activity_id=activity.id)
    return json_response(data, 201, {"Location": location, "ETag": etag(activity)})


@bp.post("/activities/<int:activity_id>/attachments")
@session_allowed
@operation(tags=("activities",), form=schemas.AttachmentIn, ok={"HTTP_201": schemas.AttachmentOut})
@requires("record.write")
@idempotent
def add_attachment(activity_id: int):
    """Attach a photo or document (multipart field ``file``, optional ``caption`` and
    ``is_receipt``) to an entry that can still be changed."""
    activity = activity_or_404(activity_id)
    if activity.site.archived:
        return problem(409, _("This site is archived: nothing more can be recorded there."))
    if not rules.can_edit(current_user, activity):
        return problem(403, _("Files can only be added while the entry can be changed."))
    file = request.files.get("file")
    if file is None or not file.filename:
        raise RuleError({"file": [_("Choose a file.")]})
    caption = request.form.get("caption", "").strip()
    if len(caption) > 200:
        raise RuleError({"caption": [_("At most %(max)d characters.", max=200)]})
    is_receipt = request.form.get("is_receipt", "").lower() in ("1", "true", "on", "yes")
    stored = uploads.store_upload(file)
    attachment = ops.add_attachment(activity, stored, current_user, is_receipt, caption)
    location = url_for(
        "activities.download_attachment", activity_id=activity.id, attachment_id=attachment.id
    )
    return json_response(attachment_json(attachment), 201, {"Location": location})
