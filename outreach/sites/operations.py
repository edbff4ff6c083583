"""Changes to sites and countries; each writes an audit event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from outreach.core import audit
from outreach.core.permissions import check
from outreach.core.rules import refuse
from outreach.extensions import db
from outreach.sites.models import Country, CountryHoliday, Site
from outreach.sites.rules import check_site

if TYPE_CHECKING:
    from outreach.auth.models import User

SITE_FIELDS = [
    "code",
    "name",
    "country_code",
    "province",
    "district",
    "kind",
    "operator",
    "bri_designated",
    "bri_reference",
    "status",
    "latitude",
    "longitude",
    "start_date",
    # what GRI 413-1 asks and Outreach cannot see in its own records
    "social_assessment_on",
    "environmental_assessment_on",
    "assessment_disclosure_url",
    "engagement_plan",
    "consultation_committee",
    "works_council",
]
COUNTRY_FIELDS = [
    "name",
    "currency",
    "languages",
    "next_election",
    "staff_hour_rate",
    "time_zone",
    "weekend_days",
]


def _assign(obj: Any, data: dict[str, Any], fields: list[str]) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


def _replace_holidays(country: Country, holidays: list[tuple]) -> None:
    """The country's public holidays become exactly ``holidays`` [(day, name), …]."""
    db.session.execute(sa.delete(CountryHoliday).where(CountryHoliday.country_code == country.code))
    for day, name in dict(holidays).items():
        db.session.add(CountryHoliday(country_code=country.code, day=day, name=name))


def create_site(data: dict[str, Any], actor: User) -> Site:
    """Register a new project site."""
    check(actor, "site.manage")
    refuse(check_site(data))
    site = Site(archived=False)
    _assign(site, data, SITE_FIELDS)
    if not site.bri_designated:
        site.bri_reference = ""
    db.session.add(site)
    db.session.flush()
    audit.record(
        "create",
        "site",
        site.id,
        summary=str(site),
        changes=audit.diff({}, audit.snapshot(site, SITE_FIELDS)),
        user=actor,
    )
    return site


def update_site(site: Site, data: dict[str, Any], actor: User) -> None:
    """Change a site's details."""
    check(actor, "site.manage", site)
    refuse(check_site({**{name: getattr(site, name) for name in SITE_FIELDS}, **data}, site))
    before = audit.snapshot(site, SITE_FIELDS)
    _assign(site, data, SITE_FIELDS)
    if not site.bri_designated:
        site.bri_reference = ""
    db.session.flush()
    changes = audit.diff(before, audit.snapshot(site, SITE_FIELDS))
    if changes:
        audit.record("update", "site", site.id, summary=str(site), changes=changes, user=actor)


def set_archived(site: Site, archived: bool, actor: User) -> None:
    """Archive a site (it stays in reports, takes no new entries) or bring it back."""
    check(actor, "site.manage", site)
    if site.archived == archived:
        return
    site.archived = archived
    db.session.flush()
    audit.record(
        "archive" if archived else "unarchive",
        "site",
        site.id,
        summary=str(site),
        changes={"archived": [not archived, archived]},
        user=actor,
    )


def update_country(country: Country, data: dict[str, Any], actor: User) -> None:
    """Change a country's currency, languages or next election date."""
    check(actor, "site.manage", country)
    before = audit.snapshot(country, COUNTRY_FIELDS)
    holidays_before = [f"{h.day} {h.name}" for h in country.holidays]
    _assign(country, data, COUNTRY_FIELDS)
    country.languages = ",".join(c.strip() for c in country.languages.split(",") if c.strip())
    if "holidays" in data:
        _replace_holidays(country, data["holidays"])
    db.session.flush()
    db.session.expire(country, ["holidays"])
    changes = audit.diff(before, audit.snapshot(country, COUNTRY_FIELDS))
    holidays_after = [f"{h.day} {h.name}" for h in country.holidays]
    if holidays_after != holidays_before:
        changes["holidays"] = [holidays_before, holidays_after]
    if changes:
        audit.record(
            "update", "country", country.code, summary=country.name, changes=changes, user=actor
        )
