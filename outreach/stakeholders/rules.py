"""What a stakeholder's record must hold, checked on a plain command (errors keyed by field),
asked by the form and enforced by the operations. Which sites a user may link is the
permission table's to say."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l

from outreach.core.rules import NOT_EMAIL, NOT_IN_LIST, Errors, is_email_address
from outreach.stakeholders.models import StakeholderCategory

PHONE = re.compile(r"^\+?[0-9 ()-]{6,40}$")


def check_stakeholder(data: dict[str, Any]) -> dict[str, list[str]]:
    """A name, a category, at least one site, a phone number and an e-mail address that can be
    one, and contact details only with consent."""
    errors = Errors()
    if not (data.get("name") or "").strip():
        errors.add("name", _l("Enter the name."))
    if data.get("category") not in {c.value for c in StakeholderCategory}:
        errors.add("category", NOT_IN_LIST)
    if not data.get("site_ids"):
        errors.add("site_ids", _l("Choose at least one site."))
    phone = data.get("contact_phone") or ""
    if phone and not PHONE.match(phone):
        errors.add("contact_phone", _l("Digits, spaces and + only, e.g. +60 12 345 6789."))
    email = data.get("contact_email") or ""
    if email and not is_email_address(email):
        errors.add("contact_email", NOT_EMAIL)
    has_contact = any(data.get(f) for f in ("contact_name", "contact_phone", "contact_email"))
    if has_contact and not data.get("consent_personal_data"):
        errors.add(
            "consent_personal_data",
            _l("Personal contact details may only be kept with the person's consent."),
        )
    return dict(errors)
