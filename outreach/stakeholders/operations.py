"""Changes to the stakeholder register; each writes an audit event."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from outreach.auth.models import User
from outreach.core import audit
from outreach.core.db import utcnow
from outreach.core.permissions import check
from outreach.core.rules import refuse
from outreach.extensions import db
from outreach.sites.models import Site
from outreach.stakeholders.models import Stakeholder, StakeholderCategory
from outreach.stakeholders.rules import check_stakeholder

FIELDS = [
    "name",
    "category",
    "location",
    "vulnerable_groups",
    "contact_name",
    "contact_phone",
    "contact_email",
    "consent_personal_data",
    "notes",
    "sites",
]


def _apply(stakeholder: Stakeholder, data: dict[str, Any], keep_sites: list[Site]) -> None:
    stakeholder.name = data["name"]
    stakeholder.category = StakeholderCategory(data["category"])
    stakeholder.location = data.get("location") or ""
    stakeholder.vulnerable_groups = ",".join(sorted(set(data.get("vulnerable_groups") or [])))
    consent = bool(data.get("consent_personal_data"))
    if consent and not stakeholder.consent_personal_data:
        stakeholder.consent_recorded_at = utcnow()
    stakeholder.consent_personal_data = consent
    # Without consent no personal contact data is kept at all.
    stakeholder.contact_name = (data.get("contact_name") or "") if consent else ""
    stakeholder.contact_phone = (data.get("contact_phone") or "") if consent else ""
    stakeholder.contact_email = (data.get("contact_email") or "").lower() if consent else ""
    stakeholder.notes = data.get("notes") or ""
    chosen = list(db.session.scalars(sa.select(Site).where(Site.id.in_(data["site_ids"]))))
    stakeholder.sites = sorted({*keep_sites, *chosen}, key=lambda s: s.code)


def _check_sites(actor: User, sites: list[Site]) -> None:
    """Every site the actor links the stakeholder to is one where they may record things."""
    for site in sites:
        check(actor, "record.write", site)


def create_stakeholder(data: dict[str, Any], actor: User) -> Stakeholder:
    """Add a community, institution or person to the register."""
    refuse(check_stakeholder(data))
    stakeholder = Stakeholder(is_deleted=False)
    _apply(stakeholder, data, keep_sites=[])
    _check_sites(actor, stakeholder.sites)
    db.session.add(stakeholder)
    db.session.flush()
    audit.record(
        "create",
        "stakeholder",
        stakeholder.id,
        summary=stakeholder.name,
        changes=audit.diff({}, audit.snapshot(stakeholder, FIELDS)),
        user=actor,
    )
    return stakeholder


def update_stakeholder(
    stakeholder: Stakeholder, data: dict[str, Any], actor: User, hidden_sites: list[Site]
) -> None:
    """Change a stakeholder; links to sites the actor cannot see are kept as they were."""
    check(actor, "record.write", stakeholder)
    refuse(check_stakeholder(data))
    before = audit.snapshot(stakeholder, FIELDS)
    _apply(stakeholder, data, keep_sites=hidden_sites)
    _check_sites(actor, [s for s in stakeholder.sites if s not in hidden_sites])
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(stakeholder, FIELDS))
    if changes:
        audit.record(
            "update",
            "stakeholder",
            stakeholder.id,
            summary=stakeholder.name,
            changes=changes,
            user=actor,
        )


def delete_stakeholder(stakeholder: Stakeholder, actor: User, hidden_sites: list[Site]) -> bool:
    """Remove from the register of the actor's sites. Links to sites the actor cannot change are
    kept, as on editing: the stakeholder then stays in those sites' registers, and is deleted
    (kept for the audit trail) only when no such link remains. True when it was deleted."""
    check(actor, "record.delete", stakeholder)
    if hidden_sites:
        before = audit.snapshot(stakeholder, ["sites"])
        stakeholder.sites = sorted(hidden_sites, key=lambda s: s.code)
        action, changes = "update", audit.diff(before, audit.snapshot(stakeholder, ["sites"]))
    else:
        stakeholder.is_deleted = True
        action, changes = "delete", {"is_deleted": [False, True]}
    db.session.flush()
    audit.record(
        action, "stakeholder", stakeholder.id, summary=stakeholder.name, changes=changes, user=actor
    )
    return stakeholder.is_deleted
