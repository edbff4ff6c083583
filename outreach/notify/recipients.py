"""Who is told: decided by the permission table alone (``can`` on the record), never by a
second copy of the rule. A role's capability names the candidates; ``can`` on the record keeps
those whose scope holds it; deactivated accounts are never told anything."""

from __future__ import annotations

import sqlalchemy as sa

from outreach.auth.models import User
from outreach.core.permissions import can, users_who_may
from outreach.extensions import db


def candidates(action: str) -> list[User]:
    """The active users whose role holds ``action`` (whatever the target)."""
    return list(
        db.session.scalars(
            sa.select(User).where(users_who_may(action), User.active.is_(True)).order_by(User.id)
        )
    )


def who_may(action: str, target, among: list[User] | None = None) -> list[User]:
    """Every active user who may take ``action`` on ``target`` (a record, a site, a country);
    ``among`` is ``candidates(action)`` when the caller asks for many targets."""
    among = candidates(action) if among is None else among
    return [user for user in among if can(user, action, target)]


def if_allowed(user: User | None, action: str, target) -> list[User]:
    """``[user]`` when that one user is active and may take ``action`` on ``target``."""
    if user is None or not user.active or not can(user, action, target):
        return []
    return [user]
