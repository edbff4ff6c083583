"""What a site's record must hold, checked on a plain command (errors keyed by field); asked by
the import and enforced by the operations. The site form asks the same questions of its
fields."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from outreach.core.rules import NOT_IN_LIST, Errors, number
from outreach.extensions import db
from outreach.sites.models import Country, Site, SiteKind, SiteStatus

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")


def check_site(data: dict[str, Any], site: Site | None = None) -> dict[str, list[str]]:
    """A unique code, a name, a known country, kind and status; a BRI designation has its
    reference; a position has both coordinates, within range."""
    errors = Errors()
    code = data.get("code") or ""
    if not code:
        errors.add("code", _l("Enter a short code."))
    elif not CODE.match(code) or len(code) > 20:
        errors.add("code", _l("Use capital letters, digits and dashes, e.g. MY-ECRL-01."))
    else:
        taken = db.session.scalar(sa.select(Site.id).where(Site.code == code))
        if taken is not None and (site is None or taken != site.id):
            errors.add("code", _l("Another site already uses this code."))
    if not (data.get("name") or "").strip():
        errors.add("name", _l("Enter the site's name."))
    if not data.get("country_code") or db.session.get(Country, data["country_code"]) is None:
        errors.add("country_code", _l("Choose a country from the list."))
    if data.get("kind") not in {k.value for k in SiteKind}:
        errors.add("kind", NOT_IN_LIST)
    if data.get("status") not in {s.value for s in SiteStatus}:
        errors.add("status", NOT_IN_LIST)
    if data.get("bri_designated") and not data.get("bri_reference"):
        errors.add("bri_reference", _l("Give the reference of the BRI designation."))
    latitude, longitude = number(data.get("latitude")), number(data.get("longitude"))
    if latitude is not None and not -90 <= latitude <= 90:
        errors.add("latitude", _l("Latitude lies between -90 and 90."))
    if longitude is not None and not -180 <= longitude <= 180:
        errors.add("longitude", _l("Longitude lies between -180 and 180."))
    if (latitude is None) != (longitude is None):
        errors.add("longitude", _l("Give both latitude and longitude, or neither."))
    return dict(errors)
