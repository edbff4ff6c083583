"""Activities (festivals, donations, consultations, trainings), their files and commitments.

One ``activities`` table holds every kind: the shared columns are always filled, the columns of
other kinds stay empty. Dashboards then aggregate one table by site, month, kind and cause.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.activities.kinds import (
    ActivityKind,
    ActivityState,
    Cause,
    CommitmentStatus,
    ConsultationFormat,
    DonationForm,
    Motivation,
    Occasion,
    Valuation,
)
from outreach.core.db import TimestampMixin, UTCDateTime, VersionedMixin, enum_column, utcnow
from outreach.core.labels import label
from outreach.core.uploads import StoredFileMixin
from outreach.extensions import db

MONEY = sa.Numeric(14, 2)

activity_partners = sa.Table(
    "activity_partners",
    db.metadata,
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "stakeholder_id", sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), primary_key=True
    ),
)

#: who, other than its author, changed what an entry says since the author last sent it for
#: review: the four-eyes rule lets none of them approve it (cleared when the author submits)
activity_correctors = sa.Table(
    "activity_correctors",
    db.metadata,
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Activity(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "activities"
    __table_args__ = (
        # Activities of some sites in a state and period: the dashboards' and reports' figures
        # (vulnerable groups, completed trainings, organisations supported) and the review
        # queue's count shown on every manager's page are read from this index alone.
        sa.Index(
            "ix_activities_state_site_date",
            "state",
            "site_id",
            "activity_date",
            "is_deleted",
            "kind",
            "beneficiary_id",
            "completed",
            "participants_youth",
            "participants_indigenous",
            "participants_vulnerable",
            "author_id",
        ),
        # Exact conversion of a month whose exchange rate changes mid-month: the approved
        # activities of a run of days, read from this index alone (every column it sums).
        sa.Index(
            "ix_activities_money",
            "state",
            "activity_date",
            "is_deleted",
            "currency",
            "site_id",
            "cause",
            "motivation",
            "cash_amount",
            "in_kind_value",
            "cost_amount",
            "staff_hours",
        ),
        # A client mirroring the activities through the API's updated_since, page by page.
        sa.Index("ix_activities_updated", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the site the activity belongs to
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id"), nullable=False, index=True)
    #: festival or community event, donation, consultation, training
    kind: Mapped[ActivityKind] = mapped_column(
        enum_column(ActivityKind), nullable=False, index=True
    )
    #: the day it took place
    activity_date: Mapped[dt.date] = mapped_column(sa.Date, nullable=False, index=True)
    #: draft, waiting for review, approved, returned for changes
    state: Mapped[ActivityState] = mapped_column(enum_column(ActivityState), nullable=False)
    #: a short title
    title: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    #: what happened
    description: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: village, address or landmark where it took place
    place: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    #: GPS latitude of the place, if taken
    latitude: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    #: GPS longitude of the place, if taken
    longitude: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    #: what it cost the company (B4SI management and delivery costs), in ``currency``
    cost_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    #: ISO 4217 currency of every amount of this activity
    currency: Mapped[str] = mapped_column(sa.String(3), nullable=False)
    #: staff time spent, in hours (B4SI time input)
    staff_hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(8, 1))
    #: B4SI motivation: charitable gift, community investment, commercial initiative
    motivation: Mapped[Motivation] = mapped_column(enum_column(Motivation), nullable=False)
    #: the cause it serves (education, health…)
    cause: Mapped[Cause] = mapped_column(enum_column(Cause), nullable=False, index=True)

    # festival / community event
    #: the festive occasion
    occasion: Mapped[Occasion | None] = mapped_column(enum_column(Occasion))
    #: how many people came
    attendance: Mapped[int | None] = mapped_column(sa.Integer)
    #: who the audience was (villagers, pupils, elders…)
    audience: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")

    # donation
    #: cash, in kind or charity handout
    donation_form: Mapped[DonationForm | None] = mapped_column(enum_column(DonationForm))
    #: the stakeholder who received the donation
    beneficiary_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stakeholders.id"), index=True)
    #: cash given, in ``currency`` (B4SI cash input)
    cash_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    #: what was given in kind
    in_kind_description: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    #: how many items were given
    quantity: Mapped[int | None] = mapped_column(sa.Integer)
    #: value of the goods or services given, in ``currency`` (B4SI in-kind input)
    in_kind_value: Mapped[Decimal | None] = mapped_column(MONEY)
    #: how the in-kind value was established
    valuation: Mapped[Valuation | None] = mapped_column(enum_column(Valuation))
    #: how many people benefit
    beneficiaries: Mapped[int | None] = mapped_column(sa.Integer)

    # consultation
    #: town hall, focus group, door to door, FPIC meeting, workshop
    consultation_format: Mapped[ConsultationFormat | None] = mapped_column(
        enum_column(ConsultationFormat)
    )
    #: what was consulted on
    topic: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    #: languages used, e.g. "Malay, Chinese"
    languages: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    #: everyone who took part
    participants: Mapped[int | None] = mapped_column(sa.Integer)
    #: of whom women
    participants_women: Mapped[int | None] = mapped_column(sa.Integer)
    #: of whom men
    participants_men: Mapped[int | None] = mapped_column(sa.Integer)
    #: of whom young people (15–24)
    participants_youth: Mapped[int | None] = mapped_column(sa.Integer)
    #: of whom indigenous people
    participants_indigenous: Mapped[int | None] = mapped_column(sa.Integer)
    #: of whom from other vulnerable groups
    participants_vulnerable: Mapped[int | None] = mapped_column(sa.Integer)
    #: what the company disclosed (plans, impacts, mitigation)
    information_disclosed: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: what the community raised
    issues_raised: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: the promises made, in words (each is also tracked in the commitments register)
    commitments_made: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")

    # training
    #: the programme or skill taught
    programme: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    #: people who started the training
    trainees: Mapped[int | None] = mapped_column(sa.Integer)
    #: of whom completed it
    completed: Mapped[int | None] = mapped_column(sa.Integer)
    #: of whom women
    trainees_women: Mapped[int | None] = mapped_column(sa.Integer)
    #: length of the training in hours
    training_hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(8, 1))
    #: certificates awarded
    certificates: Mapped[int | None] = mapped_column(sa.Integer)

    # review
    #: who recorded it
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), nullable=False, index=True)
    #: when it was last sent for review
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: how many times it was sent for review (more than one: resubmitted)
    times_submitted: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    #: the manager who last approved, returned or reopened it
    reviewer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: when that happened
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the manager's comment when returning or reopening
    review_comment: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: removed, but kept for the audit trail
    is_deleted: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    site = relationship("Site", lazy="joined")
    author = relationship("User", foreign_keys=[author_id], lazy="joined")
    reviewer = relationship("User", foreign_keys=[reviewer_id])
    beneficiary = relationship("Stakeholder", foreign_keys=[beneficiary_id])
    partners = relationship(
        "Stakeholder", secondary=activity_partners, order_by="Stakeholder.name", lazy="selectin"
    )
    #: see ``activity_correctors``
    correctors = relationship("User", secondary=activity_correctors, lazy="selectin")
    #: the files attached and not removed
    attachments = relationship(
        "ActivityAttachment",
        back_populates="activity",
        primaryjoin="and_(Activity.id == ActivityAttachment.activity_id, "
        "ActivityAttachment.is_deleted.is_(False))",
        order_by="ActivityAttachment.id",
        cascade="all, delete-orphan",
    )
    commitments = relationship(
        "Commitment", back_populates="consultation", order_by="Commitment.due_date"
    )

    @property
    def kind_label(self) -> str:
        return label(self.kind)

    @property
    def state_label(self) -> str:
        return label(self.state)

    @property
    def cause_label(self) -> str:
        return label(self.cause)

    @property
    def motivation_label(self) -> str:
        return label(self.motivation)

    @property
    def is_resubmission(self) -> bool:
        return self.state == ActivityState.SUBMITTED and self.times_submitted > 1

    def __str__(self) -> str:
        return self.title


class ActivityAttachment(StoredFileMixin, db.Model):
    __tablename__ = "activity_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the activity the file documents
    activity_id: Mapped[int] = mapped_column(
        sa.ForeignKey("activities.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: what the photo or document shows, in a few words (given through the API)
    caption: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    #: this file is the donation's signed receipt
    is_receipt: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: who attached it
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: when it was attached (UTC)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: removed from the entry; the file is kept until the retention period is over
    is_deleted: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: when it was removed (UTC); the purge deletes the file that long after
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    activity = relationship("Activity", back_populates="attachments")


class Commitment(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "commitments"
    __table_args__ = (
        sa.Index("ix_commitments_status_due", "status", "due_date"),
        # The dashboards' commitments open now, per site (covering).
        sa.Index("ix_commitments_open_site", "status", "site_id", "is_deleted", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the site where the promise was made
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id"), nullable=False, index=True)
    #: the consultation where it was made, if any
    consultation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("activities.id"), index=True)
    #: what was promised
    description: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: who is responsible for keeping it (a person or team)
    owner: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    #: when it is to be kept
    due_date: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    #: open, in progress, done, dropped
    status: Mapped[CommitmentStatus] = mapped_column(enum_column(CommitmentStatus), nullable=False)
    #: how we know it was kept (required when done)
    evidence: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: why it was dropped (required when dropped)
    drop_reason: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: when it was marked done or dropped
    closed_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: who recorded it
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: removed, but kept for the audit trail
    is_deleted: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    site = relationship("Site", lazy="joined")
    consultation = relationship("Activity", back_populates="commitments")

    @property
    def status_label(self) -> str:
        return label(self.status)

    @property
    def is_open(self) -> bool:
        return self.status in (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.is_open and self.due_date < (today or dt.date.today())

    def __str__(self) -> str:
        return self.description[:80]
