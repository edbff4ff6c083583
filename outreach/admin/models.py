"""The organisation that issues the reports: its name, logo and contact, set by an admin."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from outreach.core.db import TimestampMixin
from outreach.extensions import db

#: the one row of ``organisation_profile``
PROFILE_ID = 1


class OrganisationProfile(TimestampMixin, db.Model):
    """One row: who speaks in the reports (cover and footer) and on the verification page."""

    __tablename__ = "organisation_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the organisation's name as printed on the cover and in the footer
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: how a reader reaches it: address, e-mail, telephone (a few lines)
    contact: Mapped[str] = mapped_column(sa.Text, nullable=False, default="", server_default="")
    #: the logo, a PNG or JPEG re-encoded at print size; None for none
    logo: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    #: the logo's media type ("image/png")
    logo_type: Mapped[str] = mapped_column(
        sa.String(40), nullable=False, default="", server_default=""
    )
