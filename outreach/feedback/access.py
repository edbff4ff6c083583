"""Who may see a complainant's identity and who may move a grievance along.

The identity of a confidential item (a grievance, anonymous feedback, or feedback from someone
who fears retaliation) is the person's name and contact and, when the item is linked to a
stakeholder who is a person, that link: it names them as surely as their name. It is hidden
from everyone except a grievance's assignee and managers who reveal it with a stated reason, in
pages, lists and exports alike. Each reveal is audited: a manager's with their
reason, an assignee's once, when the grievance is assigned to them ("assigned to handle the
grievance"). Partners never see
personal data nor the text of feedback.
"""

from __future__ import annotations

from outreach.auth.models import User
from outreach.core.permissions import can
from outreach.feedback.models import Feedback
from outreach.stakeholders.models import StakeholderCategory

#: what an assignee who is not a manager may do with a grievance assigned to them
ASSIGNEE_ACTIONS = frozenset({"acknowledge", "investigate", "resolve"})


def is_confidential(feedback: Feedback) -> bool:
    """A grievance, anonymous feedback or a person fearing retaliation: identity hidden."""
    return feedback.is_grievance or feedback.anonymous or feedback.fears_retaliation


def names_a_person(feedback: Feedback) -> bool:
    """The feedback is linked to a stakeholder who is a person (not a community or a body)."""
    stakeholder = feedback.stakeholder
    return stakeholder is not None and stakeholder.category == StakeholderCategory.PERSON


def has_hidden_identity(feedback: Feedback) -> bool:
    """Something about the feedback tells who gave it: a name, a contact or a linked person."""
    return feedback.has_identity or names_a_person(feedback)


def can_see_identity(user: User, feedback: Feedback, revealed: bool = False) -> bool:
    """May the user read the person's name and contact, and the person it is linked to?"""
    if not can(user, "personal_data.view", feedback):
        return False
    if not is_confidential(feedback):
        return True
    if feedback.is_grievance and feedback.assignee_id == user.id:
        return True
    return revealed and may_reveal(user, feedback)


def shows_source(user: User, feedback: Feedback, revealed: bool = False) -> bool:
    """May the user see which stakeholder the feedback comes from? A community or a body always;
    a person only with the rest of the identity."""
    return not names_a_person(feedback) or can_see_identity(user, feedback, revealed)


def may_reveal(user: User, feedback: Feedback) -> bool:
    """Managers may reveal a confidential item's identity, stating a reason."""
    return (
        is_confidential(feedback)
        and has_hidden_identity(feedback)
        and can(user, "identity.reveal", feedback)
    )


def may_manage(user: User, feedback: Feedback) -> bool:
    """Assign, escalate, close, reopen: managers (and admins) of the site."""
    return can(user, "grievance.manage", feedback)


def may_act(user: User, feedback: Feedback, action: str) -> bool:
    """May the user take this lifecycle action on the grievance?"""
    if may_manage(user, feedback):
        return True
    return action in ASSIGNEE_ACTIONS and is_assignee(user, feedback)


def is_assignee(user: User, feedback: Feedback) -> bool:
    """The grievance is assigned to the user, who may still handle grievances at its site."""
    return feedback.assignee_id == user.id and can(user, "grievance.handle", feedback)


def may_note(user: User, feedback: Feedback) -> bool:
    """Write an action or finding into a grievance's timeline: its managers and assignee."""
    return feedback.is_grievance and (may_manage(user, feedback) or is_assignee(user, feedback))


def may_review(user: User, feedback: Feedback) -> bool:
    """Categorise and score feedback: staff who may record feedback at the site."""
    return can(user, "record.write", feedback)
