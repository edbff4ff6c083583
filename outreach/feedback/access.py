"""Who may see a complainant's identity and who may move a grievance along.

A grievance complainant's name and contact are hidden from everyone except the assignee and
managers who reveal them with a stated reason. Each reveal is audited: a manager's with their
reason, an assignee's once, when the grievance is assigned to them ("assigned to handle the
grievance"). Partners never see
personal data nor the text of feedback.
"""

from __future__ import annotations

from outreach.auth.models import Role, User
from outreach.core.permissions import PERSONAL_DATA_ROLES, can_view_site, can_write_at
from outreach.feedback.models import Feedback

#: what an assignee who is not a manager may do with a grievance assigned to them
ASSIGNEE_ACTIONS = frozenset({"acknowledge", "investigate", "resolve"})
MANAGING_ROLES = (Role.ADMIN, Role.MANAGER)


def can_see_identity(user: User, feedback: Feedback, revealed: bool = False) -> bool:
    """May the user read the person's name and contact on this page?"""
    if user.role not in PERSONAL_DATA_ROLES or not can_view_site(user, feedback.site):
        return False
    if not feedback.is_grievance:
        return True
    if feedback.assignee_id == user.id:
        return True
    return revealed and may_reveal(user, feedback)


def may_reveal(user: User, feedback: Feedback) -> bool:
    """Managers may reveal a grievance complainant's identity, stating a reason."""
    return (
        feedback.is_grievance
        and feedback.has_identity
        and user.role == Role.MANAGER
        and can_view_site(user, feedback.site)
    )


def may_manage(user: User, feedback: Feedback) -> bool:
    """Assign, escalate, close, reopen: managers (and admins) of the site."""
    return user.role in MANAGING_ROLES and can_view_site(user, feedback.site)


def may_act(user: User, feedback: Feedback, action: str) -> bool:
    """May the user take this lifecycle action on the grievance?"""
    if may_manage(user, feedback):
        return True
    return (
        feedback.assignee_id == user.id
        and action in ASSIGNEE_ACTIONS
        and can_view_site(user, feedback.site)
    )


def may_review(user: User, feedback: Feedback) -> bool:
    """Categorise and score feedback: staff who may record feedback at the site."""
    return can_write_at(user, feedback.site)
