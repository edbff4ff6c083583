"""The organisation that issues the reports, as plain data for the print template: the profile
an admin set (``outreach.admin``), or the configured ``ORGANISATION_NAME`` before one is set."""

from __future__ import annotations

import base64

from flask import current_app

from outreach.admin.queries import organisation_profile
from outreach.reports.data import Organisation


def organisation() -> Organisation:
    profile = organisation_profile()
    if profile is None:
        return Organisation(current_app.config["ORGANISATION_NAME"])
    logo = ""
    if profile.logo and profile.logo_type:
        logo = f"data:{profile.logo_type};base64,{base64.b64encode(profile.logo).decode('ascii')}"
    return Organisation(profile.name, profile.contact, logo)
