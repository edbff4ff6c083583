"""Countries and the project sites in them."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.core import labels
from outreach.core.db import TimestampMixin, VersionedMixin, enum_column
from outreach.core.labels import label
from outreach.extensions import db


class Country(db.Model):
    __tablename__ = "countries"

    #: ISO 3166-1 alpha-2 code, e.g. "MY"
    code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    #: English short name
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    #: ISO 4217 code of the local currency, e.g. "MYR"
    currency: Mapped[str] = mapped_column(sa.String(3), nullable=False)
    #: languages spoken, as comma-separated codes, the main one first ("ms,en,zh")
    languages: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="en")
    #: date of the next national election, for the political-risk view
    next_election: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: grievances must be acknowledged within this many working days (weekends skipped)
    grievance_ack_days: Mapped[int] = mapped_column(
        sa.Integer, nullable=False, default=2, server_default="2"
    )
    #: grievances must be resolved within this many days (a weekend deadline moves to Monday)
    grievance_resolve_days: Mapped[int] = mapped_column(
        sa.Integer, nullable=False, default=30, server_default="30"
    )

    #: the days of the week nobody works, as ``date.weekday()`` numbers (Monday = 0): "5,6"
    weekend_days: Mapped[str] = mapped_column(
        sa.String(20), nullable=False, default="5,6", server_default="5,6"
    )
    #: the country's main time zone (IANA name), the clock of its sites unless they set one
    time_zone: Mapped[str] = mapped_column(
        sa.String(64), nullable=False, default="UTC", server_default="UTC"
    )

    #: value of one hour of staff time (B4SI time input), in the country's currency
    staff_hour_rate: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))

    sites = relationship("Site", back_populates="country", order_by="Site.code")
    holidays = relationship("CountryHoliday", order_by="CountryHoliday.day", viewonly=True)

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    def __str__(self) -> str:
        return self.name


class CountryHoliday(db.Model):
    """A public holiday: no working day in that country (grievance deadlines skip it)."""

    __tablename__ = "country_holidays"

    #: the country
    country_code: Mapped[str] = mapped_column(
        sa.ForeignKey("countries.code", ondelete="CASCADE"), primary_key=True
    )
    #: the day off
    day: Mapped[dt.date] = mapped_column(sa.Date, primary_key=True)
    #: its name, e.g. "Hari Raya Aidilfitri"
    name: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")


class SiteKind(enum.StrEnum):
    RAIL = "rail"
    PORT = "port"
    POWER = "power"
    INDUSTRIAL_PARK = "industrial_park"
    ROAD = "road"
    OTHER = "other"


class SiteStatus(enum.StrEnum):
    PLANNED = "planned"
    CONSTRUCTION = "construction"
    OPERATION = "operation"
    CLOSED = "closed"


SITE_KIND_LABELS = labels.register(
    SiteKind,
    {
        SiteKind.RAIL: _l("Railway"),
        SiteKind.PORT: _l("Port"),
        SiteKind.POWER: _l("Power plant"),
        SiteKind.INDUSTRIAL_PARK: _l("Industrial park"),
        SiteKind.ROAD: _l("Road"),
        SiteKind.OTHER: _l("Other"),
    },
)

SITE_STATUS_LABELS = labels.register(
    SiteStatus,
    {
        SiteStatus.PLANNED: _l("Planned"),
        SiteStatus.CONSTRUCTION: _l("Under construction"),
        SiteStatus.OPERATION: _l("In operation"),
        SiteStatus.CLOSED: _l("Closed"),
    },
)


class Site(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: short unique code used in reports and URLs, e.g. "MY-ECRL-01"
    code: Mapped[str] = mapped_column(sa.String(20), unique=True, nullable=False)
    #: the site's name
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: host country
    country_code: Mapped[str] = mapped_column(
        sa.ForeignKey("countries.code"), nullable=False, index=True
    )
    #: province, state or region
    province: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    #: district or municipality
    district: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    #: railway, port, power plant…
    kind: Mapped[SiteKind] = mapped_column(enum_column(SiteKind), nullable=False)
    #: the state-owned enterprise operating the site
    operator: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    #: officially earmarked as a Belt and Road project
    bri_designated: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: the reference of the BRI designation (agreement or list entry)
    bri_reference: Mapped[str] = mapped_column(sa.String(100), nullable=False, default="")
    #: planned, under construction, in operation, closed
    status: Mapped[SiteStatus] = mapped_column(enum_column(SiteStatus), nullable=False)
    #: GPS latitude in decimal degrees
    latitude: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    #: GPS longitude in decimal degrees
    longitude: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    #: when work at the site started
    start_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: the site's clock (IANA name such as "Asia/Vientiane"); empty: the country's
    time_zone: Mapped[str | None] = mapped_column(sa.String(64))
    #: archived sites stay in reports but take no new entries
    archived: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    # What GRI 413-1 asks of each operation and Outreach cannot see in its own records
    #: date of the latest social impact assessment (including gender impact), if any
    social_assessment_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: date of the latest environmental impact assessment (with its monitoring), if any
    environmental_assessment_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: where the public can read the assessments' results; empty when they are not public
    assessment_disclosure_url: Mapped[str] = mapped_column(
        sa.String(500), nullable=False, default="", server_default=""
    )
    #: a stakeholder engagement plan based on stakeholder mapping is in force
    engagement_plan: Mapped[bool] = mapped_column(
        sa.Boolean, nullable=False, default=False, server_default=sa.false()
    )
    #: a local community consultation committee (with vulnerable groups) meets
    consultation_committee: Mapped[bool] = mapped_column(
        sa.Boolean, nullable=False, default=False, server_default=sa.false()
    )
    #: a works council, health-and-safety committee or other worker body deals with impacts
    works_council: Mapped[bool] = mapped_column(
        sa.Boolean, nullable=False, default=False, server_default=sa.false()
    )

    country = relationship("Country", back_populates="sites", lazy="joined")

    @property
    def clock(self) -> str:
        """The time zone the site's days are counted in."""
        return self.time_zone or self.country.time_zone

    @property
    def kind_label(self) -> str:
        return label(self.kind)

    @property
    def status_label(self) -> str:
        return label(self.status)

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"
