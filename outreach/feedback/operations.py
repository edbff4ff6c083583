"""Changes to feedback and grievances; each writes an audit event and never commits.

Personal data (name, contact) never goes into the audit log: only whether it is present.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from typing import Any

import sqlalchemy as sa

from outreach.auth.models import User
from outreach.core import audit, events
from outreach.core.db import utcnow
from outreach.core.permissions import Refused, can, check
from outreach.core.rules import refuse
from outreach.extensions import db
from outreach.feedback import access, lifecycle, rules
from outreach.feedback.models import (
    Channel,
    Feedback,
    FeedbackCategory,
    GrievanceEvent,
    GrievanceStatus,
    Satisfaction,
    SurveyAnswerCounts,
    SurveyMethod,
    SurveyRound,
)
from outreach.sites.calendar import calendar_of
from outreach.sites.models import Site

log = logging.getLogger(__name__)

FIELDS = [
    "site_id",
    "received_on",
    "channel",
    "language",
    "text",
    "sentiment",
    "reviewed",
    "anonymous",
    "fears_retaliation",
    "has_identity",
    "consent_personal_data",
    "stakeholder_id",
    "categories",
    "is_grievance",
    "status",
    "assignee_id",
    "resolution",
    "satisfaction",
]

#: tracking codes: no 0/O or 1/I/L to misread; 12 characters give 60 random bits
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
#: the audited reason why a grievance's assignee sees the complainant's identity
ASSIGNEE_REVEAL_REASON = "assigned to handle the grievance"


class LifecycleError(ValueError):
    """A grievance action that its current status does not allow."""


def new_tracking_code() -> str:
    """An unguessable code the person uses to check the status later."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(sa.select(Feedback.id).where(Feedback.tracking_code == code)) is None:
            return code


def normalise_code(raw: str) -> str:
    """Accept a code typed with spaces, dashes or small letters."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:20]


def _categories(keys_or_ids: list[Any]) -> list[FeedbackCategory]:
    if not keys_or_ids:
        return []
    ids = [int(v) for v in keys_or_ids]
    return list(db.session.scalars(sa.select(FeedbackCategory).where(FeedbackCategory.id.in_(ids))))


def _apply_identity(feedback: Feedback, data: dict[str, Any]) -> None:
    """Name and contact are kept only with consent and never for an anonymous person."""
    anonymous = bool(data.get("anonymous"))
    consent = bool(data.get("consent_personal_data")) and not anonymous
    feedback.anonymous = anonymous
    feedback.consent_personal_data = consent
    feedback.consent_recorded_at = utcnow() if consent else None
    feedback.person_name = (data.get("person_name") or "").strip()[:120] if consent else ""
    feedback.person_contact = (data.get("person_contact") or "").strip()[:200] if consent else ""


def _apply_reply_email(feedback: Feedback, data: dict[str, Any]) -> None:
    """An address (or a mobile number) for news of the message is kept only with the person's
    consent to it; the number only for a complaint, the only thing texts are sent about (the
    page promises that only the staff who handle the complaint see it)."""
    address = (data.get("reply_email") or "").strip()[:254]
    consent = bool(data.get("reply_consent")) and bool(address)
    feedback.reply_email = address if consent else None
    phone = rules.phone_number(data.get("reply_phone") or "")
    texts = bool(data.get("reply_sms")) and bool(phone) and bool(data.get("is_complaint"))
    feedback.reply_phone = phone if texts else None
    feedback.reply_consent_at = utcnow() if consent or texts else None


def _open_grievance(feedback: Feedback, site: Site) -> None:
    country = site.country
    calendar = calendar_of(country)
    feedback.is_grievance = True
    feedback.status = GrievanceStatus.RECEIVED
    feedback.ack_due = lifecycle.ack_deadline(
        feedback.received_on, country.grievance_ack_days, calendar
    )
    feedback.resolve_due = lifecycle.resolve_deadline(
        feedback.received_on, country.grievance_resolve_days, calendar
    )


def _event(feedback: Feedback, action: str, actor: User | None, note: str = "", **status) -> None:
    feedback.events.append(
        GrievanceEvent(
            action=action,
            user_id=getattr(actor, "id", None),
            note=note,
            from_status=status.get("before"),
            to_status=status.get("after"),
        )
    )


def _record(action: str, feedback: Feedback, before: dict, actor: User | None) -> None:
    changes = audit.diff(before, audit.snapshot(feedback, FIELDS))
    audit.record(
        action,
        "feedback",
        feedback.id,
        summary=f"{feedback.site.code} feedback {feedback.id}",
        changes=changes,
        user=actor,
    )


def record_feedback(site: Site, data: dict[str, Any], actor: User) -> Feedback:
    """Record what a community member said, as heard by staff; RuleError (nothing written)
    when it breaks the feedback rules."""
    check(actor, "record.write", site)
    refuse(rules.check_feedback(site, data))
    feedback = Feedback(
        site=site,
        received_on=data["received_on"],
        channel=Channel(data["channel"]),
        language=data.get("language") or "en",
        text=data["text"],
        sentiment=data.get("sentiment"),
        reviewed=True,
        fears_retaliation=bool(data.get("fears_retaliation")),
        stakeholder_id=data.get("stakeholder_id") or None,
        tracking_code=new_tracking_code(),
        recorded_by_id=actor.id,
        is_grievance=False,
        is_deleted=False,
        resolution="",
    )
    _apply_identity(feedback, data)
    feedback.categories = _categories(data.get("category_ids") or [])
    if data.get("is_grievance"):
        _open_grievance(feedback, site)
        _event(feedback, "receive", actor, after=GrievanceStatus.RECEIVED.value)
    db.session.add(feedback)
    db.session.flush()
    events.feedback_recorded.send(feedback)
    if feedback.is_grievance:
        events.grievance_stepped.send(feedback, action="receive", actor=actor)
    _record("create", feedback, {}, actor)
    return feedback


def submit_public_feedback(site: Site, data: dict[str, Any], today: dt.date) -> Feedback:
    """A submission from the public page: unreviewed, anonymous if the person wishes."""
    refuse(rules.check_public_reply(data))
    feedback = Feedback(
        site=site,
        received_on=today,
        channel=Channel.PUBLIC_PAGE,
        language=data.get("language") or "en",
        text=data["text"],
        sentiment=None,
        reviewed=False,
        fears_retaliation=bool(data.get("fears_retaliation")),
        tracking_code=new_tracking_code(),
        is_grievance=False,
        is_deleted=False,
        resolution="",
    )
    _apply_identity(feedback, data)
    _apply_reply_email(feedback, data)
    if data.get("is_complaint"):
        _open_grievance(feedback, site)
        _event(feedback, "receive", None, after=GrievanceStatus.RECEIVED.value)
    db.session.add(feedback)
    db.session.flush()
    events.feedback_recorded.send(feedback)
    if feedback.is_grievance:
        events.grievance_stepped.send(feedback, action="receive", actor=None)
    _record("submit", feedback, {}, None)
    log.info("public feedback %s received for site %s", feedback.id, site.code)
    return feedback


def review_feedback(feedback: Feedback, data: dict[str, Any], actor: User) -> None:
    """Categorise and score feedback; a complaint may be taken into the grievance mechanism."""
    if not access.may_review(actor, feedback):
        raise Refused("review")
    refuse(rules.check_review(feedback.site, data))
    before = audit.snapshot(feedback, FIELDS)
    feedback.channel = Channel(data["channel"])
    feedback.language = data.get("language") or feedback.language
    feedback.sentiment = data.get("sentiment")
    feedback.fears_retaliation = bool(data.get("fears_retaliation"))
    if "stakeholder_id" in data:  # a reviewer who may not see a confidential link keeps it
        feedback.stakeholder_id = data["stakeholder_id"] or None
    feedback.categories = _categories(data.get("category_ids") or [])
    feedback.reviewed = True
    opened = bool(data.get("is_grievance")) and not feedback.is_grievance
    if opened:
        _open_grievance(feedback, feedback.site)
        _event(feedback, "receive", actor, after=GrievanceStatus.RECEIVED.value)
    db.session.flush()
    events.feedback_changed.send(feedback)
    if opened:
        events.grievance_stepped.send(feedback, action="receive", actor=actor)
    _record("review", feedback, before, actor)


def transition(
    feedback: Feedback,
    action: str,
    actor: User,
    *,
    note: str = "",
    resolution: str = "",
    satisfaction: Satisfaction | str | None = None,
    today: dt.date | None = None,
) -> None:
    """Move a grievance along its lifecycle; an action its status does not allow is refused."""
    if not feedback.is_grievance or action not in lifecycle.TRANSITIONS:
        raise LifecycleError(action)
    if not access.may_act(actor, feedback, action):
        raise Refused(action)
    sources, target = lifecycle.TRANSITIONS[action]
    if feedback.status not in sources:
        raise LifecycleError(action)
    refuse(rules.check_step(action, resolution, satisfaction))
    today = today or dt.date.today()
    before = audit.snapshot(feedback, FIELDS)
    old = feedback.status
    if action == "acknowledge":
        feedback.acknowledged_on = today
    elif action == "resolve":
        feedback.resolution = resolution.strip()
        feedback.resolved_on = today
    elif action == "close":
        feedback.satisfaction = Satisfaction(satisfaction)
        feedback.closed_on = today
    elif action in ("reopen", "appeal"):
        # A reopened or appealed grievance gets a fresh resolution deadline.
        country = feedback.site.country
        feedback.resolve_due = lifecycle.resolve_deadline(
            today, country.grievance_resolve_days, calendar_of(country)
        )
        feedback.resolved_on = None
        feedback.closed_on = None
        feedback.satisfaction = None
    feedback.status = target
    _event(feedback, action, actor, note.strip(), before=old.value, after=target.value)
    db.session.flush()
    events.feedback_changed.send(feedback)
    events.grievance_stepped.send(feedback, action=action, actor=actor)
    _record(action, feedback, before, actor)


def assign(feedback: Feedback, assignee: User | None, actor: User) -> None:
    """Give the grievance to a staff member who will handle it.

    The assignee sees the complainant's identity from now on (they must be able to call them
    back), so the assignment is also audited as a reveal to them, once, with that reason.
    """
    if not access.may_manage(actor, feedback) or (
        assignee is not None and not can(assignee, "grievance.handle", feedback)
    ):
        raise Refused("assign")
    before = audit.snapshot(feedback, FIELDS)
    newly_assigned = assignee is not None and assignee.id != feedback.assignee_id
    feedback.assignee_id = assignee.id if assignee else None
    name = assignee.name if assignee else "nobody"
    _event(feedback, "assign", actor, f"→ {name}")
    db.session.flush()
    if newly_assigned:
        events.grievance_stepped.send(feedback, action="assign", actor=actor, assignee=assignee)
    _record("assign", feedback, before, actor)
    if newly_assigned and feedback.has_identity:
        _audit_reveal(feedback, ASSIGNEE_REVEAL_REASON, actor, viewer=assignee)


def add_note(feedback: Feedback, note: str, actor: User) -> None:
    """Write an action or finding into the grievance's timeline."""
    if not access.may_note(actor, feedback):
        raise Refused("note")
    _event(feedback, "note", actor, note.strip())
    db.session.flush()
    audit.record(
        "note", "feedback", feedback.id, summary=f"note on feedback {feedback.id}", user=actor
    )


def reveal_identity(feedback: Feedback, reason: str, actor: User) -> None:
    """A manager reveals a complainant's identity to themselves: the audit log says why."""
    if not access.may_reveal(actor, feedback):
        raise Refused("reveal")
    _audit_reveal(feedback, reason, actor)


def _audit_reveal(feedback: Feedback, reason: str, actor: User, viewer: User | None = None) -> None:
    """Note in the audit log that a complainant's identity was shown, to whom, and why.

    ``viewer`` is who sees it when that is not the actor (a manager assigning a colleague).
    """
    viewer = viewer or actor
    audit.record(
        "reveal",
        "feedback",
        feedback.id,
        summary=(
            f"identity revealed: {reason.strip()}"
            if viewer.id == actor.id
            else f"identity revealed to {viewer.name}: {reason.strip()}"
        )[:300],
        changes={"revealed_to": [None, viewer.id]},
        user=actor,
    )
    db.session.flush()


def save_category(category: FeedbackCategory | None, data: dict[str, Any], actor: User):
    """Add a feedback category, or rename or retire one; ``other_names`` ({language: name}),
    when given, are its names in other languages."""
    check(actor, "categories.manage")
    created = category is None
    if created:
        category = FeedbackCategory(key=data["key"])
        db.session.add(category)
    audited = ["name", "other_names", "active"]
    before = {} if created else audit.snapshot(category, audited)
    category.name = data["name"]
    if "other_names" in data:
        names = {code: name.strip() for code, name in data["other_names"].items() if name.strip()}
        category.other_names = json.dumps(names, ensure_ascii=False, sort_keys=True)
    category.active = bool(data.get("active", True))
    db.session.flush()
    audit.record(
        "create" if created else "update",
        "feedback_category",
        category.id,
        summary=category.name,
        changes=audit.diff(before, audit.snapshot(category, audited)),
        user=actor,
    )
    return category


def ensure_default_categories() -> int:
    """Add the default categories that are missing; returns how many were added."""
    from outreach.feedback.models import DEFAULT_CATEGORIES

    existing = set(db.session.scalars(sa.select(FeedbackCategory.key)))
    added = 0
    for key, name in DEFAULT_CATEGORIES:
        if key not in existing:
            db.session.add(FeedbackCategory(key=key, name=name, active=True))
            added += 1
    db.session.flush()
    return added


def record_survey_round(site: Site, data: dict[str, Any], actor: User) -> SurveyRound:
    """Enter a perception survey round: {item: [n1..n5]} answer counts per item."""
    check(actor, "record.write", site)
    survey = SurveyRound(
        site=site,
        conducted_on=data["conducted_on"],
        sample_size=data["sample_size"],
        method=SurveyMethod(data["method"]),
        notes=data.get("notes") or "",
        recorded_by_id=actor.id,
    )
    survey.answers = [
        SurveyAnswerCounts(item=item, **{f"n{i + 1}": int(n) for i, n in enumerate(counts)})
        for item, counts in data["counts"].items()
    ]
    db.session.add(survey)
    db.session.flush()
    audit.record(
        "create",
        "survey_round",
        survey.id,
        summary=f"{site.code} survey {survey.conducted_on.isoformat()}",
        changes={"counts": [None, data["counts"]], "sample_size": [None, survey.sample_size]},
        user=actor,
    )
    return survey
