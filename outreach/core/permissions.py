"""Who may see and change what: the one capability table, ``can`` and the scope filters.

Every view, template, operation and list query asks this module; nothing else compares roles.
Scopes (DESIGN.md): admins see everything; managers and partners the sites of their countries;
field officers their assigned sites. Partners only read aggregates and issued reports.
A record outside a user's scope answers 404, so its existence is not revealed.

A feature's workflow conditions (an entry's state, its author, a grievance's assignee) stay in
the feature's rules; the "who" part of each of them asks ``can``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

import sqlalchemy as sa
from flask import Flask, abort
from flask_login import current_user, login_required
from werkzeug.exceptions import Forbidden

from outreach.auth.models import SCOPE_OF_ROLE, Role, Scope, User, user_countries, user_sites
from outreach.extensions import db
from outreach.sites.models import Country, Site


@dataclass(frozen=True)
class Capability:
    roles: frozenset[Role]
    #: a target must also be in the user's scope (any capability without a target: the role)
    scoped: bool = True
    #: a target's site must be open (not archived): a write
    open_site: bool = False


STAFF = frozenset({Role.ADMIN, Role.MANAGER, Role.FIELD})
MANAGERS = frozenset({Role.ADMIN, Role.MANAGER})
ADMIN = frozenset({Role.ADMIN})

#: action → who may take it. Changing a line here changes who sees what: the table test
#: (tests/security/test_permission_table.py) lists every role × action on purpose.
CAPABILITIES: dict[str, Capability] = {
    # sites and countries
    "site.view": Capability(frozenset(Role)),
    "site.manage": Capability(ADMIN),
    # activities, commitments, feedback, surveys and stakeholders at a site
    "record.view": Capability(STAFF),
    "record.write": Capability(STAFF, open_site=True),
    "record.delete": Capability(MANAGERS, open_site=True),
    "personal_data.view": Capability(STAFF),
    "activity.review": Capability(MANAGERS),
    # grievances: manage (assign, escalate, close), be assigned one, reveal an identity
    "grievance.manage": Capability(MANAGERS),
    "grievance.handle": Capability(frozenset({Role.MANAGER, Role.FIELD})),
    "identity.reveal": Capability(frozenset({Role.MANAGER})),
    # figures
    "dashboard.view": Capability(STAFF),
    "dashboard.partner": Capability(frozenset({Role.PARTNER})),
    #: figures built from fewer items than the disclosure threshold
    "figures.small_counts": Capability(STAFF),
    #: what works: a stored estimate of a country (or, for a scope of every country, the
    #: portfolio); partners only their country's, under the disclosure rule
    "whatworks.view": Capability(frozenset({Role.ADMIN, Role.MANAGER, Role.PARTNER})),
    #: what works among a site's peers (the sites of its kind in its country)
    "whatworks.peers": Capability(MANAGERS),
    "report.view": Capability(frozenset({Role.ADMIN, Role.MANAGER, Role.PARTNER})),
    "report.issue": Capability(MANAGERS),
    # the start page with what to log and what waits on the user
    "start.logging": Capability(frozenset({Role.FIELD})),
    # who is told (notifications), for records in their scope: a grievance's missed deadline
    # and an overdue commitment escalate to the site's managers; managers get the daily list
    # of entries waiting for review; staff of a site hear of new public feedback there;
    # partners of a country hear of a report issued for it
    "notify.escalation": Capability(frozenset({Role.MANAGER})),
    "notify.review": Capability(frozenset({Role.MANAGER})),
    "notify.public_feedback": Capability(frozenset({Role.MANAGER, Role.FIELD})),
    "notify.report_issued": Capability(frozenset({Role.PARTNER})),
    # bringing existing records in (each row is also checked like a form)
    "import.run": Capability(MANAGERS, scoped=False),
    # administration
    "users.manage": Capability(ADMIN, scoped=False),
    "webhooks.manage": Capability(ADMIN, scoped=False),
    "rates.manage": Capability(ADMIN, scoped=False),
    "audit.view": Capability(ADMIN, scoped=False),
    "categories.manage": Capability(ADMIN, scoped=False),
    #: the background jobs that failed every attempt, and retrying them
    "jobs.manage": Capability(ADMIN, scoped=False),
    #: the e-mails not delivered (refused, or left "sending"), and sending one again
    "mail.manage": Capability(ADMIN, scoped=False),
    #: the organisation's name, logo and contact printed on reports
    "organisation.manage": Capability(ADMIN, scoped=False),
    #: must confirm each sign-in with a second factor
    "sign_in.second_factor": Capability(MANAGERS, scoped=False),
}


class Refused(PermissionError):
    """An operation asked by someone who may not take it; answered 403."""


def roles_with(action: str) -> frozenset[Role]:
    """The roles that hold a capability."""
    return CAPABILITIES[action].roles


def role_may(role: Role, action: str) -> bool:
    """Does the role hold the capability (whatever the target)?"""
    return role in CAPABILITIES[action].roles


def scope_of(role: Role) -> Scope:
    """What the scope of an account with this role is made of."""
    return SCOPE_OF_ROLE[role]


def _site_in_scope(user: User, site: Site) -> bool:
    scope = scope_of(user.role)
    if scope == Scope.ALL:
        return True
    if scope == Scope.SITES:
        return any(s.id == site.id for s in user.sites)
    return any(c.code == site.country_code for c in user.countries)


def _country_in_scope(user: User, code: str | None) -> bool:
    """A country (None or "": the whole portfolio). Field officers' scope is sites, never a
    whole country."""
    scope = scope_of(user.role)
    if scope == Scope.ALL:
        return True
    return scope == Scope.COUNTRIES and bool(code) and code in {c.code for c in user.countries}


def _sites_of(target) -> list[Site] | None:
    """The sites a target belongs to, or None when it is about a country or the portfolio."""
    if isinstance(target, Site):
        return [target]
    if isinstance(target, Country):
        return None
    if isinstance(getattr(target, "site", None), Site):
        return [target.site]
    if getattr(target, "site_id", None) is not None:
        site = db.session.get(Site, target.site_id)
        return [site] if site is not None else []
    if hasattr(target, "sites"):  # a stakeholder shared by several sites
        return list(target.sites)
    return None


def can(user, action: str, target=None) -> bool:
    """May ``user`` take ``action`` (on ``target``: a Site, a Country, a record with ``.site``,
    ``.site_id`` or ``.sites``, or something about a country with ``.country_code`` — empty for
    the whole portfolio)? With no target, the capability alone. Anonymous users may nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    capability = CAPABILITIES[action]
    if user.role not in capability.roles:
        return False
    if target is None or not capability.scoped:
        return True
    sites = _sites_of(target)
    if sites is None:
        code = target.code if isinstance(target, Country) else target.country_code
        return _country_in_scope(user, code)
    return any(
        _site_in_scope(user, site) and not (capability.open_site and site.archived)
        for site in sites
    )


def check(user, action: str, target=None) -> None:
    """Refuse (Refused, a 403) an operation the user may not take: operations check again
    what their views checked."""
    if not can(user, action, target):
        raise Refused(action)


def requires(action: str) -> Callable:
    """Sign-in required, and 403 for a user without the capability (the page is no secret)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not can(current_user, action):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def scope_site_ids(user: User) -> sa.Select | None:
    """A SELECT of the site ids in the user's scope, or None when every site is in scope."""
    scope = scope_of(user.role)
    if scope == Scope.ALL:
        return None
    if scope == Scope.SITES:
        return sa.select(user_sites.c.site_id).where(user_sites.c.user_id == user.id)
    return (
        sa.select(Site.id)
        .join(user_countries, user_countries.c.country_code == Site.country_code)
        .where(user_countries.c.user_id == user.id)
    )


def in_scope(user: User, site_id_column, action: str = "site.view") -> sa.ColumnElement[bool]:
    """A WHERE clause keeping rows whose site is in the user's scope (none at all for a user
    without the capability)."""
    if not role_may(user.role, action):
        return sa.false()
    ids = scope_site_ids(user)
    return sa.true() if ids is None else site_id_column.in_(ids)


def in_country_scope(user: User, country_code_column, action: str) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping rows about a country of the user's scope; rows about the whole
    portfolio (no country) only for those whose scope is everything."""
    if not role_may(user.role, action):
        return sa.false()
    scope = scope_of(user.role)
    if scope == Scope.ALL:
        return sa.true()
    if scope == Scope.SITES:
        return sa.false()
    codes = sa.select(user_countries.c.country_code).where(user_countries.c.user_id == user.id)
    return country_code_column.in_(codes)


def users_who_may(action: str) -> sa.ColumnElement[bool]:
    """A WHERE clause on users keeping those whose role holds the capability."""
    return User.role.in_(sorted(roles_with(action)))


def visible_sites(user: User, include_archived: bool = True) -> sa.Select:
    """The sites the user may see, ordered by code."""
    stmt = sa.select(Site).where(in_scope(user, Site.id)).order_by(Site.code)
    if not include_archived:
        stmt = stmt.where(Site.archived.is_(False))
    return stmt


def writable_sites(user: User) -> list[Site]:
    """The open sites where the user may record things, ordered by code."""
    if not can(user, "record.write"):
        return []
    # visible_sites is already limited to the user's scope and to open sites.
    return list(db.session.scalars(visible_sites(user, include_archived=False)))


def get_site_or_404(site_id: int, user: User | None = None) -> Site:
    """Load a site the user may see, or answer 404 whether it exists or not."""
    user = user or current_user
    site = db.session.get(Site, site_id)
    if site is None or not can(user, "site.view", site):
        abort(404)
    return site


def init_app(app: Flask) -> None:
    """Templates ask ``can(action, target)`` for the signed-in user; an operation's refusal
    that reaches the app answers 403 like a refused page."""
    app.jinja_env.globals["can"] = lambda action, target=None: can(current_user, action, target)

    def refused(error: PermissionError):
        return app.handle_http_exception(Forbidden())

    app.register_error_handler(PermissionError, refused)
