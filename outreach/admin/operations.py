"""Administrative writes that belong to no other feature: exchange rates and the organisation
profile printed on reports."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from PIL import Image

from outreach.admin.models import PROFILE_ID, OrganisationProfile
from outreach.admin.rules import check_organisation, check_rate
from outreach.auth.models import User
from outreach.core import audit
from outreach.core.money import ExchangeRate
from outreach.core.permissions import check
from outreach.core.rules import refuse
from outreach.extensions import db

RATE_FIELDS = ["currency", "reporting_currency", "rate", "valid_from"]


def add_rate(
    currency: str, reporting_currency: str, rate: Decimal, valid_from: dt.date, actor: User
) -> ExchangeRate:
    """Record the rate of a currency into the reporting currency from a given day."""
    check(actor, "rates.manage")
    refuse(
        check_rate(
            {
                "currency": currency,
                "reporting_currency": reporting_currency,
                "rate": rate,
                "valid_from": valid_from,
            }
        )
    )
    entry = ExchangeRate(
        currency=currency, reporting_currency=reporting_currency, rate=rate, valid_from=valid_from
    )
    db.session.add(entry)
    db.session.flush()
    audit.record(
        "create",
        "exchange_rate",
        entry.id,
        summary=f"{currency}→{reporting_currency} {rate} from {valid_from}",
        changes=audit.diff({}, audit.snapshot(entry, RATE_FIELDS)),
        user=actor,
    )
    return entry


def delete_rate(entry: ExchangeRate, actor: User) -> None:
    """Remove a rate entered by mistake; the audit log keeps its values."""
    check(actor, "rates.manage")
    audit.record(
        "delete",
        "exchange_rate",
        entry.id,
        summary=f"{entry.currency}→{entry.reporting_currency} {entry.rate}",
        changes=audit.diff(audit.snapshot(entry, RATE_FIELDS), dict.fromkeys(RATE_FIELDS)),
        user=actor,
    )
    db.session.delete(entry)
    db.session.flush()


LOGO_MAX_PX = 600
ORGANISATION_FIELDS = ["name", "contact", "logo_type"]


def _print_logo(content: bytes) -> tuple[bytes, str] | None:
    """The logo re-encoded as a PNG of at most 600 px (a damaged picture gives None)."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            image.thumbnail((LOGO_MAX_PX, LOGO_MAX_PX))
            out = io.BytesIO()
            image.convert("RGBA").save(out, "PNG", optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return out.getvalue(), "image/png"


def save_organisation(command: dict, actor: User) -> OrganisationProfile:
    """Set the organisation's name, contact and (when given) logo, or remove the logo."""
    check(actor, "organisation.manage")
    logo = command.get("logo")
    if logo is not None:
        printed = _print_logo(logo)
        command = {**command, "logo_type": printed[1] if printed else "unreadable"}
        logo = printed[0] if printed else None
    refuse(check_organisation(command))
    profile = db.session.get(OrganisationProfile, PROFILE_ID)
    before = audit.snapshot(profile, ORGANISATION_FIELDS) if profile else {}
    if profile is None:
        profile = OrganisationProfile(id=PROFILE_ID, name="")
        db.session.add(profile)
    profile.name = command["name"].strip()
    profile.contact = (command.get("contact") or "").strip()
    if logo is not None:
        profile.logo, profile.logo_type = logo, command["logo_type"]
    elif command.get("remove_logo"):
        profile.logo, profile.logo_type = None, ""
    db.session.flush()
    audit.record(
        "update",
        "organisation",
        profile.id,
        summary=profile.name,
        changes=audit.diff(before, audit.snapshot(profile, ORGANISATION_FIELDS)),
        user=actor,
    )
    return profile
