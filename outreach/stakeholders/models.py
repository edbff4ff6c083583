"""The stakeholder register: communities, institutions and people around the sites."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.core import labels
from outreach.core.db import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from outreach.core.labels import label
from outreach.extensions import db


class StakeholderCategory(enum.StrEnum):
    COMMUNITY = "community"
    VILLAGE = "village"
    SCHOOL = "school"
    RELIGIOUS = "religious"
    NGO = "ngo"
    GOVERNMENT = "government"
    BUSINESS = "business"
    PERSON = "person"
    OTHER = "other"


CATEGORY_LABELS = labels.register(
    StakeholderCategory,
    {
        StakeholderCategory.COMMUNITY: _l("Community"),
        StakeholderCategory.VILLAGE: _l("Village"),
        StakeholderCategory.SCHOOL: _l("School"),
        StakeholderCategory.RELIGIOUS: _l("Temple, mosque or church"),
        StakeholderCategory.NGO: _l("NGO"),
        StakeholderCategory.GOVERNMENT: _l("Government office"),
        StakeholderCategory.BUSINESS: _l("Business"),
        StakeholderCategory.PERSON: _l("Person"),
        StakeholderCategory.OTHER: _l("Other"),
    },
)

#: vulnerable groups a stakeholder represents or belongs to (IFC PS1 / PS7)
VULNERABLE_GROUPS = {
    "indigenous": _l("Indigenous peoples"),
    "women": _l("Women-led"),
    "elderly": _l("Elderly"),
    "disability": _l("People with disabilities"),
    "low_income": _l("Low income"),
    "youth": _l("Youth"),
    "minority": _l("Ethnic or religious minority"),
}

stakeholder_sites = sa.Table(
    "stakeholder_sites",
    db.metadata,
    sa.Column(
        "stakeholder_id", sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("site_id", sa.ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True),
)


class Stakeholder(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "stakeholders"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: name of the community, institution or person
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False, index=True)
    #: community, village, school, religious body, NGO…
    category: Mapped[StakeholderCategory] = mapped_column(
        enum_column(StakeholderCategory), nullable=False
    )
    #: contact person (personal data: kept only with consent)
    contact_name: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    #: phone number (personal data: kept only with consent)
    contact_phone: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="")
    #: e-mail address (personal data: kept only with consent)
    contact_email: Mapped[str] = mapped_column(sa.String(254), nullable=False, default="")
    #: village, address or landmark
    location: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    #: comma-separated keys of VULNERABLE_GROUPS
    vulnerable_groups: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    #: the contact agreed that their personal data may be kept
    consent_personal_data: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: when that consent was recorded
    consent_recorded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: free notes
    notes: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: removed from the register but kept for the audit trail
    is_deleted: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    sites = relationship("Site", secondary=stakeholder_sites, order_by="Site.code", lazy="selectin")

    @property
    def category_label(self) -> str:
        return label(self.category)

    @property
    def vulnerable_list(self) -> list[str]:
        return [g for g in self.vulnerable_groups.split(",") if g]

    @property
    def vulnerable_labels(self) -> list[str]:
        return [str(VULNERABLE_GROUPS[g]) for g in self.vulnerable_list if g in VULNERABLE_GROUPS]

    def __str__(self) -> str:
        return self.name
