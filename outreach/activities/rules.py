"""Who may do what with an activity: the review workflow's rules, asked by views and enforced
by operations. What an entry must hold is ``data_rules``'s to say."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from outreach.activities.kinds import ActivityState
from outreach.activities.models import Activity, activity_correctors
from outreach.auth.models import User
from outreach.core.permissions import can
from outreach.extensions import db

EDITABLE_BY_AUTHOR = (ActivityState.DRAFT, ActivityState.RETURNED)


class WorkflowError(PermissionError):
    """A refused step of the review workflow; the message says why, for the user."""


def can_edit(user: User, activity: Activity) -> bool:
    """Authors edit their drafts and returned entries; reviewers any entry not yet approved."""
    if activity.is_deleted or activity.state == ActivityState.APPROVED:
        return False
    if not can(user, "record.write", activity):
        return False
    if can(user, "activity.review", activity):
        return True
    return activity.author_id == user.id and activity.state in EDITABLE_BY_AUTHOR


def can_submit(user: User, activity: Activity) -> bool:
    return activity.state in EDITABLE_BY_AUTHOR and can_edit(user, activity)


def can_delete(user: User, activity: Activity) -> bool:
    return can_edit(user, activity)


def review_refusal(user: User, activity: Activity) -> str | None:
    """Why ``user`` may not approve or return this entry, or None when they may."""
    if not can(user, "activity.review", activity):
        return str(_l("Only a manager of this site can review entries."))
    if activity.author_id == user.id:
        return str(_l("Nobody approves their own entry; another manager must review it."))
    if activity.state != ActivityState.SUBMITTED or activity.is_deleted:
        return str(_l("Only entries waiting for review can be approved or returned."))
    return None


def changed_since_author_submitted(user: User, activity: Activity) -> bool:
    """Has ``user`` changed the entry's content since its author last sent it for review?"""
    return user.id in {u.id for u in activity.correctors}


def changed_since_authors_submitted(user: User, activity_ids: list[int]) -> set[int]:
    """Which of these entries ``user`` changed since their authors last sent them for review
    (a reviewer's correction stays theirs until the author submits the entry again)."""
    if not activity_ids:
        return set()
    stmt = sa.select(activity_correctors.c.activity_id).where(
        activity_correctors.c.user_id == user.id,
        activity_correctors.c.activity_id.in_(activity_ids),
    )
    return set(db.session.scalars(stmt))


def approval_refusal(user: User, activity: Activity) -> str | None:
    """Why ``user`` may not approve this entry, or None when they may: four eyes see what counts,
    so nobody approves content they wrote or changed themselves."""
    refusal = review_refusal(user, activity)
    if refusal is None and changed_since_author_submitted(user, activity):
        refusal = str(
            _l(
                "You changed this entry since its author submitted it: another manager of the "
                "country or an admin must approve it."
            )
        )
    return refusal


def archived_refusal(activity: Activity) -> str | None:
    """Why an entry may not be sent back for changes: at an archived site nobody could make
    them, and a reopened entry would drop out of the figures for good."""
    if activity.site.archived:
        return str(_l("This site is archived: its entries can no longer be changed."))
    return None


def can_review(user: User, activity: Activity) -> bool:
    return review_refusal(user, activity) is None


def can_reopen(user: User, activity: Activity) -> bool:
    return (
        can(user, "activity.review", activity)
        and activity.state == ActivityState.APPROVED
        and not activity.is_deleted
        and archived_refusal(activity) is None
    )
