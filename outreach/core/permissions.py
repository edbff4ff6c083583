"""Who may see and change what. Every view and every list query asks this module.

Scopes (DESIGN.md): admins see everything; managers and partners the sites of their countries;
field officers their assigned sites. Partners only read aggregates and issued reports.
A record outside a user's scope answers 404, so its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

from outreach.auth.models import Role, User, user_countries, user_sites
from outreach.extensions import db
from outreach.sites.models import Site

#: roles that may record activities, feedback and stakeholders
WRITER_ROLES = (Role.ADMIN, Role.MANAGER, Role.FIELD)
#: roles that may see personal data of community members
PERSONAL_DATA_ROLES = (Role.ADMIN, Role.MANAGER, Role.FIELD)


def scope_site_ids(user: User) -> sa.Select | None:
    """A SELECT of the site ids in the user's scope, or None when every site is in scope."""
    if user.role == Role.ADMIN:
        return None
    if user.role == Role.FIELD:
        return sa.select(user_sites.c.site_id).where(user_sites.c.user_id == user.id)
    return (
        sa.select(Site.id)
        .join(user_countries, user_countries.c.country_code == Site.country_code)
        .where(user_countries.c.user_id == user.id)
    )


def in_scope(user: User, site_id_column) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping rows whose site is in the user's scope."""
    ids = scope_site_ids(user)
    return sa.true() if ids is None else site_id_column.in_(ids)


def visible_sites(user: User, include_archived: bool = True) -> sa.Select:
    """The sites the user may see, ordered by code."""
    stmt = sa.select(Site).where(in_scope(user, Site.id)).order_by(Site.code)
    if not include_archived:
        stmt = stmt.where(Site.archived.is_(False))
    return stmt


def can_view_site(user: User, site: Site) -> bool:
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.FIELD:
        return any(s.id == site.id for s in user.sites)
    return any(c.code == site.country_code for c in user.countries)


def can_write_at(user: User, site: Site) -> bool:
    """May the user record activities, feedback or stakeholders at this site?"""
    return user.role in WRITER_ROLES and can_view_site(user, site) and not site.archived


def writable_sites(user: User) -> list[Site]:
    """The open sites where the user may record things, ordered by code."""
    if user.role not in WRITER_ROLES:
        return []
    # visible_sites is already limited to the user's scope and to open sites.
    return list(db.session.scalars(visible_sites(user, include_archived=False)))


def get_site_or_404(site_id: int, user: User | None = None) -> Site:
    """Load a site the user may see, or answer 404 whether it exists or not."""
    user = user or current_user
    site = db.session.get(Site, site_id)
    if site is None or not can_view_site(user, site):
        abort(404)
    return site


def roles_required(*roles: Role) -> Callable:
    """Sign-in required, and 403 for any other role (the page itself is no secret)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
