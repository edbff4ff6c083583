"""Changes to activities and their review; each writes an audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from outreach.activities import data_rules, rules
from outreach.activities.kinds import (
    ActivityKind,
    ActivityState,
)
from outreach.activities.models import Activity, ActivityAttachment, activity_partners
from outreach.activities.rules import WorkflowError
from outreach.auth.models import User
from outreach.core import audit, events
from outreach.core.db import insert_rows, reserve_ids, utcnow
from outreach.core.permissions import can, check
from outreach.core.rules import RuleError, refuse
from outreach.core.uploads import StoredUpload, remove_stored
from outreach.extensions import db
from outreach.sites.models import Site
from outreach.stakeholders.models import Stakeholder, stakeholder_sites

COMMON_FIELDS = [
    "activity_date",
    "title",
    "description",
    "place",
    "latitude",
    "longitude",
    "cost_amount",
    "currency",
    "staff_hours",
    "motivation",
    "cause",
]
KIND_FIELDS = {
    ActivityKind.FESTIVAL: ["occasion", "attendance", "audience"],
    ActivityKind.DONATION: [
        "donation_form",
        "beneficiary_id",
        "cash_amount",
        "in_kind_description",
        "quantity",
        "in_kind_value",
        "valuation",
        "beneficiaries",
    ],
    ActivityKind.CONSULTATION: [
        "consultation_format",
        "topic",
        "languages",
        "participants",
        "participants_women",
        "participants_men",
        "participants_youth",
        "participants_indigenous",
        "participants_vulnerable",
        "information_disclosed",
        "issues_raised",
        "commitments_made",
    ],
    ActivityKind.TRAINING: [
        "programme",
        "trainees",
        "completed",
        "trainees_women",
        "training_hours",
        "certificates",
    ],
}
TEXT_FIELDS = {
    "description",
    "place",
    "audience",
    "in_kind_description",
    "topic",
    "languages",
    "information_disclosed",
    "issues_raised",
    "commitments_made",
    "programme",
}


#: every field an entry of any kind holds
ALL_FIELDS = list(dict.fromkeys([*COMMON_FIELDS, *(f for k in KIND_FIELDS.values() for f in k)]))


def audited_fields(kind: ActivityKind) -> list[str]:
    return [*COMMON_FIELDS, *KIND_FIELDS[kind], "partners", "state"]


def _value(name: str, value: Any) -> Any:
    if name in data_rules.ENUMS:
        return data_rules.ENUMS[name](value) if value else None
    if name in TEXT_FIELDS:
        return value or ""
    return value


def _apply(activity: Activity, data: dict[str, Any]) -> None:
    for name in [*COMMON_FIELDS, *KIND_FIELDS[activity.kind]]:
        if name in data:
            setattr(activity, name, _value(name, data[name]))
    if "partner_ids" in data:
        ids = [int(i) for i in data["partner_ids"] or []]
        activity.partners = (
            list(db.session.scalars(sa.select(Stakeholder).where(Stakeholder.id.in_(ids))))
            if ids
            else []
        )


def _summary(activity: Activity) -> str:
    return f"{activity.kind.value} · {activity.site.code} · {activity.title}"


def _record(action: str, activity: Activity, before: dict, actor: User) -> None:
    after = audit.snapshot(activity, audited_fields(activity.kind))
    audit.record(
        action,
        "activity",
        activity.id,
        summary=_summary(activity),
        changes=audit.diff(before, after),
        user=actor,
    )


def _note_content_change(activity: Activity, actor: User) -> None:
    """Someone other than the author changed what the entry says: the four-eyes rule keeps
    them from approving it until the author sends it for review again."""
    if actor.id != activity.author_id and actor.id not in {u.id for u in activity.correctors}:
        activity.correctors.append(db.session.get(User, actor.id))


def create_activity(site: Site, kind: ActivityKind, data: dict[str, Any], actor: User) -> Activity:
    """Record a festival, donation, consultation or training as a draft; RuleError (nothing
    written) when the entry breaks the rules of its kind."""
    check(actor, "record.write", site)
    refuse(data_rules.check_activity(site, kind, data))
    activity = Activity(
        site=site,
        site_id=site.id,
        kind=kind,
        state=ActivityState.DRAFT,
        author_id=actor.id,
        currency=site.country.currency,
        times_submitted=0,
        review_comment="",
        is_deleted=False,
    )
    _apply(activity, data)
    db.session.add(activity)
    db.session.flush()
    _record("create", activity, {}, actor)
    return activity


#: the version an entry has once created and submitted (each flush of a change adds one)
SUBMITTED_VERSION = 2


def _register(site_ids: set[int]) -> dict[int, set[int]]:
    """The ids of the stakeholders (not removed) of each of these sites, read at once."""
    found: dict[int, set[int]] = {site_id: set() for site_id in site_ids}
    stmt = (
        sa.select(stakeholder_sites.c.site_id, stakeholder_sites.c.stakeholder_id)
        .join(Stakeholder, Stakeholder.id == stakeholder_sites.c.stakeholder_id)
        .where(stakeholder_sites.c.site_id.in_(site_ids), Stakeholder.is_deleted.is_(False))
    )
    for site_id, stakeholder_id in db.session.execute(stmt):
        found[site_id].add(stakeholder_id)
    return found


def create_submitted_activities(
    entries: list[tuple[Site, ActivityKind, dict[str, Any]]], actor: User, approve: bool = False
) -> list[int]:
    """Many entries at once (an import), each as ``create_activity`` then ``submit_activity``
    (then ``approve_imported_activity`` when ``approve``) would leave it: the same permission
    and rules, the same state, version and audit entries, but written with a few statements,
    and one ``activities_added`` event for all. Their ids, in order. Nothing is written when
    one is refused: RuleError, with ``rows`` ({index: errors by field}) saying which."""
    if not entries:
        return []
    sites = {site.id: site for site, _kind, _data in entries}
    for site in sites.values():
        check(actor, "record.write", site)
        if approve and not can(actor, "activity.review", site):
            raise WorkflowError(_("Only a manager of this site can review entries."))
    register = _register(set(sites))
    now = utcnow()
    state = ActivityState.APPROVED if approve else ActivityState.SUBMITTED
    blank = {name: "" if name in TEXT_FIELDS else None for name in ALL_FIELDS}
    rows, partners, refused = [], [], {}
    for index, (site, kind, data) in enumerate(entries):
        errors = data_rules.check_activity(site, kind, data, register=register[site.id])
        if errors:
            refused[index] = errors
            continue
        row = {
            **blank,
            "site_id": site.id,
            "kind": kind,
            "currency": site.country.currency,
            "state": state,
            "author_id": actor.id,
            "submitted_at": now,
            "times_submitted": 1,
            "reviewer_id": actor.id if approve else None,
            "reviewed_at": now if approve else None,
            "review_comment": "",
            "is_deleted": False,
            "version": SUBMITTED_VERSION + approve,
            "created_at": now,
            "updated_at": now,
        }
        for name in [*COMMON_FIELDS, *KIND_FIELDS[kind]]:
            if name in data:
                row[name] = _value(name, data[name])
        rows.append(row)
        partners.append(sorted({int(i) for i in data.get("partner_ids") or []}))
    if refused:
        error = RuleError(next(iter(refused.values())))
        error.rows = refused
        raise error
    ids = reserve_ids(db.session, Activity.__table__, len(rows))
    for activity_id, row in zip(ids, rows, strict=True):
        row["id"] = activity_id
    insert_rows(db.session, Activity.__table__, rows)
    links = [
        {"activity_id": i, "stakeholder_id": s}
        for i, chosen in zip(ids, partners, strict=True)
        for s in chosen
    ]
    if links:
        insert_rows(db.session, activity_partners, links)
    audit.record_many(
        [
            entry
            for activity_id, row, chosen, (site, kind, _data) in zip(
                ids, rows, partners, entries, strict=True
            )
            for entry in _bulk_audit(activity_id, row, chosen, site, kind, approve)
        ],
        user=actor,
    )
    events.activities_added.send(None, places=[(r["site_id"], r["activity_date"]) for r in rows])
    return ids


def _bulk_audit(activity_id, row, chosen, site, kind, approve) -> list[dict]:
    """The audit entries ``create_activity``, ``submit_activity`` (and
    ``approve_imported_activity``) write for one entry."""
    values = {**row, "partners": chosen, "state": ActivityState.DRAFT}
    summary = f"{kind.value} · {site.code} · {row['title']}"
    steps = [("create", audit.created(values, audited_fields(kind)))]
    steps.append(("submit", {"state": ["draft", "submitted"]}))
    if approve:
        steps.append(("approve_import", {"state": ["submitted", "approved"]}))
    return [
        {
            "action": action,
            "object_type": "activity",
            "object_id": activity_id,
            "summary": summary,
            "changes": changes,
        }
        for action, changes in steps
    ]


def update_activity(activity: Activity, data: dict[str, Any], actor: User) -> None:
    """Change an entry that is still open for changes."""
    if not rules.can_edit(actor, activity):
        raise WorkflowError(_("This entry can no longer be changed by you."))
    fields = [*COMMON_FIELDS, *KIND_FIELDS[activity.kind]]
    current = {name: getattr(activity, name) for name in fields if name not in data}
    refuse(
        data_rules.check_activity(
            activity.site,
            activity.kind,
            {**current, **data},
            unchanged=[*current, *([] if "partner_ids" in data else ["partner_ids"])],
        )
    )
    before = audit.snapshot(activity, audited_fields(activity.kind))
    before_place = (activity.site_id, activity.activity_date)
    _apply(activity, data)
    db.session.flush()
    events.activity_changed.send(activity, before=before_place)
    if audit.diff(before, audit.snapshot(activity, audited_fields(activity.kind))):
        _note_content_change(activity, actor)
        _record("update", activity, before, actor)


def _change_state(
    activity: Activity, state: ActivityState, actor: User, action: str, **changes: Any
) -> None:
    before = audit.snapshot(activity, [*audited_fields(activity.kind), "review_comment"])
    activity.state = state
    for name, value in changes.items():
        setattr(activity, name, value)
    db.session.flush()
    events.activity_changed.send(activity)
    after = audit.snapshot(activity, [*audited_fields(activity.kind), "review_comment"])
    audit.record(
        action,
        "activity",
        activity.id,
        summary=_summary(activity),
        changes=audit.diff(before, after),
        user=actor,
    )


def submit_activity(activity: Activity, actor: User) -> None:
    """Send a draft or returned entry to the managers for review."""
    if not rules.can_submit(actor, activity):
        raise WorkflowError(_("Only drafts and returned entries you may edit can be submitted."))
    action = "resubmit" if activity.state == ActivityState.RETURNED else "submit"
    if actor.id == activity.author_id:  # the author takes the corrections as their own
        activity.correctors.clear()
    _change_state(
        activity,
        ActivityState.SUBMITTED,
        actor,
        action,
        submitted_at=utcnow(),
        times_submitted=activity.times_submitted + 1,
    )


def approve_activity(activity: Activity, actor: User) -> None:
    """Approve a submitted entry: it counts from now on and is locked."""
    refusal = rules.approval_refusal(actor, activity)
    if refusal:
        raise WorkflowError(refusal)
    _change_state(
        activity,
        ActivityState.APPROVED,
        actor,
        "approve",
        reviewer_id=actor.id,
        reviewed_at=utcnow(),
        review_comment="",
    )
    events.activity_reviewed.send(activity, action="approve", actor=actor)


def approve_imported_activity(activity: Activity, actor: User) -> None:
    """Approve an entry a manager imports from past records they vouch for (the spreadsheet
    kept before Outreach): the importer is its author, so the four-eyes rule cannot apply; the
    audit entry says it came approved from an import."""
    if not can(actor, "activity.review", activity) or activity.state != ActivityState.SUBMITTED:
        raise WorkflowError(_("Only a manager of this site can review entries."))
    _change_state(
        activity,
        ActivityState.APPROVED,
        actor,
        "approve_import",
        reviewer_id=actor.id,
        reviewed_at=utcnow(),
        review_comment="",
    )


def return_activity(activity: Activity, comment: str, actor: User) -> None:
    """Send a submitted entry back to its author with a comment."""
    refusal = rules.review_refusal(actor, activity) or rules.archived_refusal(activity)
    if refusal:
        raise WorkflowError(refusal)
    if not comment.strip():
        raise WorkflowError(_("Say what needs to change."))
    _change_state(
        activity,
        ActivityState.RETURNED,
        actor,
        "return",
        reviewer_id=actor.id,
        reviewed_at=utcnow(),
        review_comment=comment.strip(),
    )
    events.activity_reviewed.send(activity, action="return", actor=actor)


def reopen_activity(activity: Activity, reason: str, actor: User) -> None:
    """Unlock an approved entry so it can be corrected; it stops counting until re-approved."""
    refusal = rules.archived_refusal(activity)
    if refusal:
        raise WorkflowError(refusal)
    if not rules.can_reopen(actor, activity):
        raise WorkflowError(_("Only a manager of this site can reopen an approved entry."))
    if not reason.strip():
        raise WorkflowError(_("Give the reason for reopening."))
    _change_state(
        activity,
        ActivityState.RETURNED,
        actor,
        "reopen",
        reviewer_id=actor.id,
        reviewed_at=utcnow(),
        review_comment=reason.strip(),
    )


def delete_activity(activity: Activity, actor: User) -> None:
    """Remove an entry that is not approved; it is kept for the audit trail."""
    if not rules.can_delete(actor, activity):
        raise WorkflowError(_("This entry can no longer be removed by you."))
    activity.is_deleted = True
    db.session.flush()
    events.activity_changed.send(activity)
    audit.record(
        "delete",
        "activity",
        activity.id,
        summary=_summary(activity),
        changes={"is_deleted": [False, True]},
        user=actor,
    )


def add_attachment(
    activity: Activity,
    stored: StoredUpload,
    actor: User,
    is_receipt: bool = False,
    caption: str = "",
) -> ActivityAttachment:
    """Attach a stored photo or document to an entry that is open for changes; an entry with no
    position takes the one the photo carried."""
    if not rules.can_edit(actor, activity):
        raise WorkflowError(_("Files can only be added while the entry can be changed."))
    attachment = ActivityAttachment(
        activity_id=activity.id,
        stored_name=stored.stored_name,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        thumbnail_name=stored.thumbnail_name,
        is_receipt=is_receipt,
        caption=caption,
        uploaded_by_id=actor.id,
    )
    db.session.add(attachment)
    _note_content_change(activity, actor)
    changes = {"attachment": [None, f"{stored.original_name} ({stored.sha256[:12]})"]}
    if stored.location and activity.latitude is None and activity.longitude is None:
        # the photo's position, stripped from the file, is kept on the entry instead
        activity.latitude, activity.longitude = stored.location
        changes["latitude"] = [None, str(activity.latitude)]
        changes["longitude"] = [None, str(activity.longitude)]
    db.session.flush()
    audit.record(
        "attach",
        "activity",
        activity.id,
        summary=f"{_summary(activity)} · {stored.original_name}",
        changes=changes,
        user=actor,
    )
    return attachment


def remove_attachment(attachment: ActivityAttachment, actor: User) -> None:
    """Detach a file from an entry that is open for changes. The file is kept, no longer listed
    nor served, until ``purge_removed_attachments`` deletes it after the retention period."""
    activity = attachment.activity
    if not rules.can_edit(actor, activity):
        raise WorkflowError(_("Files can only be removed while the entry can be changed."))
    _note_content_change(activity, actor)
    audit.record(
        "detach",
        "activity",
        activity.id,
        summary=f"{_summary(activity)} · {attachment.original_name}",
        changes={"attachment": [f"{attachment.original_name} ({attachment.sha256[:12]})", None]},
        user=actor,
    )
    attachment.is_deleted = True
    attachment.deleted_at = utcnow()
    db.session.flush()


def purge_removed_attachments(removed_before: dt.datetime) -> list[ActivityAttachment]:
    """Forget the files removed from entries before ``removed_before`` (each audited); their
    files are deleted from storage once this commits."""
    expired = list(
        db.session.scalars(
            sa.select(ActivityAttachment).where(
                ActivityAttachment.is_deleted.is_(True),
                ActivityAttachment.deleted_at < removed_before,
            )
        )
    )
    for attachment in expired:
        audit.record(
            "purge",
            "activity",
            attachment.activity_id,
            summary=f"file removed on {attachment.deleted_at:%Y-%m-%d} deleted",
            changes={
                "attachment": [f"{attachment.original_name} ({attachment.sha256[:12]})", None]
            },
        )
        db.session.delete(attachment)
        remove_stored(attachment)
    db.session.flush()
    return expired
