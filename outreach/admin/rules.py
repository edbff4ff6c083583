"""What the organisation profile must hold, checked on a plain command (errors keyed by field)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from outreach.core.rules import Errors

NAME_MAX = 200
CONTACT_MAX = 500
LOGO_TYPES = {"image/png", "image/jpeg"}


def check_organisation(data: dict[str, Any]) -> dict[str, list[str]]:
    """A name of at most 200 characters, a short contact, and a logo only as PNG or JPEG."""
    errors = Errors()
    name = (data.get("name") or "").strip()
    if not name:
        errors.add("name", _l("Enter the organisation's name."))
    elif len(name) > NAME_MAX:
        errors.add("name", _l("At most %(n)s characters.", n=NAME_MAX))
    if len(data.get("contact") or "") > CONTACT_MAX:
        errors.add("contact", _l("At most %(n)s characters.", n=CONTACT_MAX))
    if data.get("logo") is not None and data.get("logo_type") not in LOGO_TYPES:
        errors.add("logo", _l("Choose a PNG or JPEG picture."))
    return dict(errors)
