"""What the community says: feedback, grievances and their timeline, perception survey rounds."""

from __future__ import annotations

import datetime as dt
import enum
import json
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach.core import labels
from outreach.core.db import TimestampMixin, UTCDateTime, VersionedMixin, enum_column, utcnow
from outreach.core.i18n import N_, Names
from outreach.core.labels import label
from outreach.extensions import db
from outreach.feedback.indices import perception_index


class Channel(enum.StrEnum):
    MEETING = "meeting"
    HOTLINE = "hotline"
    MESSAGING = "messaging"
    SUGGESTION_BOX = "suggestion_box"
    SOCIAL_MEDIA = "social_media"
    WALK_IN = "walk_in"
    SURVEY = "survey"
    LETTER = "letter"
    PUBLIC_PAGE = "public_page"
    #: nobody noted how it reached the team
    NOT_RECORDED = "not_recorded"


#: the label of a classification nobody could tell (channel, sentiment)
NOT_RECORDED = _l("Not recorded")

CHANNEL_LABELS = labels.register(
    Channel,
    {
        Channel.MEETING: _l("Meeting"),
        Channel.HOTLINE: _l("Hotline"),
        Channel.MESSAGING: _l("Messaging app"),
        Channel.SUGGESTION_BOX: _l("Suggestion box"),
        Channel.SOCIAL_MEDIA: _l("Social media"),
        Channel.WALK_IN: _l("Walk-in"),
        Channel.SURVEY: _l("Survey"),
        Channel.LETTER: _l("Letter"),
        Channel.PUBLIC_PAGE: _l("Public page (QR poster)"),
        Channel.NOT_RECORDED: NOT_RECORDED,
    },
)


class GrievanceStatus(enum.StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CLOSED = "closed"
    APPEALED = "appealed"


STATUS_LABELS = labels.register(
    GrievanceStatus,
    {
        GrievanceStatus.RECEIVED: _l("Received"),
        GrievanceStatus.ACKNOWLEDGED: _l("Acknowledged"),
        GrievanceStatus.INVESTIGATING: _l("Being investigated"),
        GrievanceStatus.ESCALATED: _l("Escalated"),
        GrievanceStatus.RESOLVED: _l("Resolved"),
        GrievanceStatus.CLOSED: _l("Closed"),
        GrievanceStatus.APPEALED: _l("Appealed"),
    },
)


class Satisfaction(enum.StrEnum):
    SATISFIED = "satisfied"
    PARTLY = "partly"
    NOT_SATISFIED = "not_satisfied"
    UNKNOWN = "unknown"


SATISFACTION_LABELS = labels.register(
    Satisfaction,
    {
        Satisfaction.SATISFIED: _l("Satisfied"),
        Satisfaction.PARTLY: _l("Partly satisfied"),
        Satisfaction.NOT_SATISFIED: _l("Not satisfied"),
        Satisfaction.UNKNOWN: _l("Unknown"),
    },
)

SENTIMENT_LABELS = {
    -2: _l("Very negative"),
    -1: _l("Negative"),
    0: _l("Neutral"),
    1: _l("Positive"),
    2: _l("Very positive"),
}

#: the categories every installation starts with; admins may add, rename or retire them (a
#: report prints a name still in a catalog in the report's language)
DEFAULT_CATEGORIES = [
    ("noise", N_("Noise")),
    ("dust", N_("Dust")),
    ("traffic", N_("Traffic")),
    ("land", N_("Land")),
    ("compensation", N_("Compensation")),
    ("employment", N_("Employment")),
    ("safety", N_("Safety")),
    ("environment", N_("Environment")),
    ("culture", N_("Culture")),
    ("praise", N_("Praise")),
    ("request", N_("Request")),
    ("other", N_("Other")),
]


class FeedbackCategory(db.Model):
    __tablename__ = "feedback_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable short key used in exports and filters, e.g. "noise"
    key: Mapped[str] = mapped_column(sa.String(40), unique=True, nullable=False)
    #: the name as recorded, in English (the default categories' names are in the catalogs)
    name: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    #: the name in other languages as admins wrote it, JSON {language code: name}; a language
    #: without one shows the catalog's translation of ``name``, else ``name``
    other_names: Mapped[str] = mapped_column(
        sa.Text, nullable=False, default="{}", server_default="{}"
    )
    #: retired categories stay on old feedback but are no longer offered
    active: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)

    @property
    def names(self) -> Names:
        """The name in every language (``str()`` gives the current one)."""
        return Names(self.name, json.loads(self.other_names or "{}"))

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        return str(self.names)

    def __str__(self) -> str:
        return self.label


feedback_category_links = sa.Table(
    "feedback_category_links",
    db.metadata,
    sa.Column("feedback_id", sa.ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "category_id", sa.ForeignKey("feedback_categories.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Feedback(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "feedback"
    __table_args__ = (
        sa.Index("ix_feedback_grievance_status", "is_grievance", "status"),
        # The dashboards' grievances open now, per site, with their deadlines (covering).
        sa.Index(
            "ix_feedback_open_grievances",
            "is_grievance",
            "status",
            "site_id",
            "is_deleted",
            "ack_due",
            "resolve_due",
        ),
        # Feedback of some sites in a period; the reports' categories raised and satisfaction
        # at closure are read from this index alone.
        sa.Index(
            "ix_feedback_site_received",
            "site_id",
            "received_on",
            "is_deleted",
            "is_grievance",
            "closed_on",
            "satisfaction",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the site the feedback is about
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id"), nullable=False, index=True)
    #: the day the feedback reached us
    received_on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False, index=True)
    #: how it reached us: meeting, hotline, public page…
    channel: Mapped[Channel] = mapped_column(enum_column(Channel), nullable=False)
    #: the language it was given in (a code such as "ms")
    language: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="en")
    #: what the person said, in their words
    text: Mapped[str] = mapped_column(sa.Text, nullable=False)
    #: -2 very negative … +2 very positive, as judged by staff; empty until reviewed
    sentiment: Mapped[int | None] = mapped_column(sa.SmallInteger, index=True)
    #: staff have categorised and scored it (public submissions arrive unreviewed)
    reviewed: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=True)
    #: the person asked not to be identified; no name or contact is kept
    anonymous: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: the person fears retaliation for speaking up
    fears_retaliation: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: the person's name (personal data: kept only with consent)
    person_name: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    #: phone, e-mail or address to reply to (personal data: kept only with consent)
    person_contact: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    #: the person agreed that their name and contact may be kept
    consent_personal_data: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: when that consent was recorded
    consent_recorded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the e-mail address the person gave to hear of the acknowledgement and the closure (kept
    #: only with that consent, used for nothing else, shown to nobody)
    reply_email: Mapped[str | None] = mapped_column(sa.String(254))
    #: when the person agreed to receive those e-mails (or text messages)
    reply_consent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the mobile number ("+60123456789") the person gave to hear of their complaint's status
    #: by text message (personal data: kept only with that consent, part of the person's
    #: identity: shown only to whoever may see it)
    reply_phone: Mapped[str | None] = mapped_column(sa.String(20))
    #: the community or stakeholder the feedback comes from
    stakeholder_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="SET NULL")
    )
    #: code given to the person to check the status on the public page
    tracking_code: Mapped[str] = mapped_column(sa.String(20), unique=True, nullable=False)
    #: who recorded it; empty for public submissions
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: a complaint handled through the grievance mechanism
    is_grievance: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)
    #: where the grievance stands; empty for other feedback
    status: Mapped[GrievanceStatus | None] = mapped_column(enum_column(GrievanceStatus))
    #: the staff member handling the grievance
    assignee_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: acknowledge by this day (working days from receipt)
    ack_due: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: resolve by this day
    resolve_due: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: the day the grievance was acknowledged
    acknowledged_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: the day it was (last) resolved
    resolved_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: the day it was closed
    closed_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    #: the answer written for the complainant: what was done about it, shown to them on the
    #: public status page once resolved (internal findings go in the timeline's notes)
    resolution: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: the complainant's satisfaction at closure
    satisfaction: Mapped[Satisfaction | None] = mapped_column(enum_column(Satisfaction))
    #: removed by a manager but kept for the audit trail
    is_deleted: Mapped[bool] = mapped_column(sa.Boolean, nullable=False, default=False)

    site = relationship("Site", lazy="joined")
    stakeholder = relationship("Stakeholder")
    assignee = relationship("User", foreign_keys=[assignee_id])
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    categories = relationship(
        "FeedbackCategory",
        secondary=feedback_category_links,
        order_by="FeedbackCategory.name",
        lazy="selectin",
    )
    events = relationship(
        "GrievanceEvent",
        back_populates="feedback",
        order_by="GrievanceEvent.id",
        cascade="all, delete-orphan",
    )

    @property
    def channel_label(self) -> str:
        return label(self.channel)

    @property
    def status_label(self) -> str:
        return label(self.status) if self.status else ""

    @property
    def sentiment_label(self) -> str:
        if self.sentiment is None:  # not reviewed yet, or nobody could tell
            return str(NOT_RECORDED) if self.reviewed else "—"
        return str(SENTIMENT_LABELS[self.sentiment])

    @property
    def has_identity(self) -> bool:
        return bool(self.person_name or self.person_contact or self.reply_phone)


class GrievanceEvent(db.Model):
    """One entry in a grievance's timeline: a change of status, an assignment or a note."""

    __tablename__ = "grievance_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the grievance
    feedback_id: Mapped[int] = mapped_column(
        sa.ForeignKey("feedback.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: when it happened (UTC)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: who did it; empty for the public
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: what was done: acknowledge, investigate, note, assign…
    action: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    #: status before
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    #: status after
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    #: what the person wrote about it
    note: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")

    feedback = relationship("Feedback", back_populates="events")
    user = relationship("User", lazy="joined")

    @property
    def step_label(self) -> str:
        """What happened, in the reader's language: the change of status, or the kind of entry."""
        if self.to_status:
            steps = [s for s in (self.from_status, self.to_status) if s]
            return " → ".join(label(GrievanceStatus(s)) for s in steps)
        return str(EVENT_LABELS.get(self.action, self.action))


#: timeline entries that do not change the status
EVENT_LABELS = {"assign": _l("Handled by"), "note": _l("Action or finding")}


class SurveyMethod(enum.StrEnum):
    PAPER = "paper"
    FACE_TO_FACE = "face_to_face"
    PHONE = "phone"
    ONLINE = "online"


SURVEY_METHOD_LABELS = labels.register(
    SurveyMethod,
    {
        SurveyMethod.PAPER: _l("Paper questionnaire"),
        SurveyMethod.FACE_TO_FACE: _l("Face-to-face interviews"),
        SurveyMethod.PHONE: _l("Phone interviews"),
        SurveyMethod.ONLINE: _l("Online"),
    },
)

#: the standard instrument: five five-point items (1 = very low … 5 = very high)
SURVEY_ITEMS = {
    "trust": _l("Trust in the company"),
    "benefits": _l("Perceived benefits"),
    "fairness": _l("Fairness"),
    "communication": _l("Communication"),
    "acceptance": _l("Overall acceptance of the project"),
}


class SurveyRound(TimestampMixin, db.Model):
    __tablename__ = "survey_rounds"
    __table_args__ = (sa.Index("ix_survey_rounds_site_date", "site_id", "conducted_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the site whose neighbours were surveyed
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id"), nullable=False)
    #: the day the survey ended
    conducted_on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False)
    #: how many people answered
    sample_size: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    #: paper, face-to-face, phone, online
    method: Mapped[SurveyMethod] = mapped_column(enum_column(SurveyMethod), nullable=False)
    #: remarks on the sample or the conditions
    notes: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: who entered the results
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: the round's perception index 0..100 (None without answers), worked out from its answers
    #: whenever it is saved, so the dashboards read one number instead of every answer
    perception: Mapped[Decimal | None] = mapped_column(sa.Numeric(4, 1))

    site = relationship("Site", lazy="joined")
    answers = relationship(
        "SurveyAnswerCounts",
        order_by="SurveyAnswerCounts.item",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    def counts(self) -> dict[str, list[int]]:
        """{item: [n1, n2, n3, n4, n5]} for the perception index."""
        return {a.item: a.as_list() for a in self.answers}


@sa.event.listens_for(SurveyRound, "before_insert")
@sa.event.listens_for(SurveyRound, "before_update")
def _keep_perception(_mapper, _connection, survey: SurveyRound) -> None:
    index = perception_index(survey.counts())
    survey.perception = None if index is None else Decimal(str(index))


class SurveyAnswerCounts(db.Model):
    """How many respondents gave each answer 1..5 to one item of a survey round."""

    __tablename__ = "survey_answer_counts"

    #: the survey round
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    #: the item: trust, benefits, fairness, communication, acceptance
    item: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    #: answers "1 – very low"
    n1: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    #: answers "2 – low"
    n2: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    #: answers "3 – neither"
    n3: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    #: answers "4 – high"
    n4: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    #: answers "5 – very high"
    n5: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)

    def as_list(self) -> list[int]:
        return [self.n1, self.n2, self.n3, self.n4, self.n5]
