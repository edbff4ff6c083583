"""Changes to the commitments register; each writes an audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _

from outreach.activities.data_rules import check_commitment
from outreach.activities.kinds import ActivityKind, CommitmentStatus
from outreach.activities.models import Activity, Commitment
from outreach.auth.models import User
from outreach.core import audit
from outreach.core.permissions import check
from outreach.core.rules import refuse
from outreach.extensions import db
from outreach.sites.models import Site

FIELDS = ["description", "owner", "due_date", "status", "evidence", "drop_reason", "closed_on"]


class CommitmentError(ValueError):
    """A refused change; the message says why."""


def _apply(commitment: Commitment, data: dict[str, Any], today: dt.date) -> None:
    commitment.description = data["description"]
    commitment.owner = data["owner"]
    commitment.due_date = data["due_date"]
    status = CommitmentStatus(data.get("status") or CommitmentStatus.OPEN)
    evidence = (data.get("evidence") or "").strip()
    reason = (data.get("drop_reason") or "").strip()
    if status in (CommitmentStatus.DONE, CommitmentStatus.DROPPED):
        if commitment.status != status or commitment.closed_on is None:
            commitment.closed_on = today
    else:
        commitment.closed_on = None
    commitment.status = status
    commitment.evidence = evidence
    commitment.drop_reason = reason


def create_commitment(
    site: Site,
    data: dict[str, Any],
    actor: User,
    consultation: Activity | None = None,
    today: dt.date | None = None,
) -> Commitment:
    """Add a promise made to the community, optionally from a consultation."""
    check(actor, "record.write", site)
    refuse(check_commitment(data))
    if consultation is not None and (
        consultation.kind != ActivityKind.CONSULTATION or consultation.site_id != site.id
    ):
        raise CommitmentError(_("A commitment links only to a consultation at the same site."))
    commitment = Commitment(
        site_id=site.id,
        site=site,
        consultation_id=consultation.id if consultation else None,
        created_by_id=actor.id,
        status=CommitmentStatus.OPEN,
        is_deleted=False,
    )
    _apply(commitment, data, today or dt.date.today())
    db.session.add(commitment)
    db.session.flush()
    audit.record(
        "create",
        "commitment",
        commitment.id,
        summary=f"{site.code} · {commitment}",
        changes=audit.diff({}, audit.snapshot(commitment, [*FIELDS, "consultation_id"])),
        user=actor,
    )
    return commitment


def update_commitment(
    commitment: Commitment, data: dict[str, Any], actor: User, today: dt.date | None = None
) -> None:
    """Change a commitment or its status (done needs evidence, dropped a reason)."""
    check(actor, "record.write", commitment)
    refuse(check_commitment(data))
    before = audit.snapshot(commitment, FIELDS)
    _apply(commitment, data, today or dt.date.today())
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(commitment, FIELDS))
    if changes:
        action = (
            "status"
            if set(changes) <= {"status", "evidence", "drop_reason", "closed_on"}
            else "update"
        )
        audit.record(
            action,
            "commitment",
            commitment.id,
            summary=f"{commitment.site.code} · {commitment}",
            changes=changes,
            user=actor,
        )


def delete_commitment(commitment: Commitment, actor: User) -> None:
    """Remove a commitment recorded by mistake (kept for the audit trail)."""
    check(actor, "record.delete", commitment)
    commitment.is_deleted = True
    db.session.flush()
    audit.record(
        "delete",
        "commitment",
        commitment.id,
        summary=f"{commitment.site.code} · {commitment}",
        changes={"is_deleted": [False, True]},
        user=actor,
    )
