"""The vocabularies of field logging: activity kinds, review states, causes, B4SI motivation."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from outreach.core import labels


class ActivityKind(enum.StrEnum):
    FESTIVAL = "festival"
    DONATION = "donation"
    CONSULTATION = "consultation"
    TRAINING = "training"


class ActivityState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class Motivation(enum.StrEnum):
    """B4SI (formerly LBG) motivation of a community contribution."""

    CHARITABLE_GIFT = "charitable_gift"
    COMMUNITY_INVESTMENT = "community_investment"
    COMMERCIAL_INITIATIVE = "commercial_initiative"
    #: nobody knows why the contribution was made; shown as such, never counted as another
    NOT_RECORDED = "not_recorded"


class Cause(enum.StrEnum):
    EDUCATION = "education"
    HEALTH = "health"
    DISASTER_RELIEF = "disaster_relief"
    CULTURE = "culture"
    INFRASTRUCTURE = "infrastructure"
    LIVELIHOODS = "livelihoods"
    ENVIRONMENT = "environment"
    OTHER = "other"


class Occasion(enum.StrEnum):
    HARI_RAYA = "hari_raya"
    LUNAR_NEW_YEAR = "lunar_new_year"
    SONGKRAN = "songkran"
    DEEPAVALI = "deepavali"
    VESAK = "vesak"
    CHRISTMAS = "christmas"
    NATIONAL_DAY = "national_day"
    SPORTS_DAY = "sports_day"
    OPEN_HOUSE = "open_house"
    OTHER = "other"


class DonationForm(enum.StrEnum):
    CASH = "cash"
    IN_KIND = "in_kind"
    HANDOUT = "handout"


class Valuation(enum.StrEnum):
    """How an in-kind gift was valued (B4SI asks for the cost to the company)."""

    PURCHASE_PRICE = "purchase_price"
    MARKET_VALUE = "market_value"
    ESTIMATE = "estimate"


class ConsultationFormat(enum.StrEnum):
    TOWN_HALL = "town_hall"
    FOCUS_GROUP = "focus_group"
    DOOR_TO_DOOR = "door_to_door"
    FPIC_MEETING = "fpic_meeting"
    WORKSHOP = "workshop"


class CommitmentStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


KIND_LABELS = labels.register(
    ActivityKind,
    {
        ActivityKind.FESTIVAL: _l("Festival or community event"),
        ActivityKind.DONATION: _l("Donation"),
        ActivityKind.CONSULTATION: _l("Consultation"),
        ActivityKind.TRAINING: _l("Training"),
    },
)

STATE_LABELS = labels.register(
    ActivityState,
    {
        ActivityState.DRAFT: _l("Draft"),
        ActivityState.SUBMITTED: _l("Waiting for review"),
        ActivityState.APPROVED: _l("Approved"),
        ActivityState.RETURNED: _l("Returned for changes"),
    },
)

MOTIVATION_LABELS = labels.register(
    Motivation,
    {
        Motivation.CHARITABLE_GIFT: _l("Charitable gift"),
        Motivation.COMMUNITY_INVESTMENT: _l("Community investment"),
        Motivation.COMMERCIAL_INITIATIVE: _l("Commercial initiative in the community"),
        Motivation.NOT_RECORDED: _l("Not recorded"),
    },
)

CAUSE_LABELS = labels.register(
    Cause,
    {
        Cause.EDUCATION: _l("Education"),
        Cause.HEALTH: _l("Health"),
        Cause.DISASTER_RELIEF: _l("Disaster relief"),
        Cause.CULTURE: _l("Culture"),
        Cause.INFRASTRUCTURE: _l("Infrastructure"),
        Cause.LIVELIHOODS: _l("Livelihoods"),
        Cause.ENVIRONMENT: _l("Environment"),
        Cause.OTHER: _l("Other"),
    },
)

OCCASION_LABELS = labels.register(
    Occasion,
    {
        Occasion.HARI_RAYA: _l("Hari Raya"),
        Occasion.LUNAR_NEW_YEAR: _l("Lunar New Year"),
        Occasion.SONGKRAN: _l("Songkran"),
        Occasion.DEEPAVALI: _l("Deepavali"),
        Occasion.VESAK: _l("Vesak"),
        Occasion.CHRISTMAS: _l("Christmas"),
        Occasion.NATIONAL_DAY: _l("National day"),
        Occasion.SPORTS_DAY: _l("Sports day"),
        Occasion.OPEN_HOUSE: _l("Open house"),
        Occasion.OTHER: _l("Other"),
    },
)

DONATION_FORM_LABELS = labels.register(
    DonationForm,
    {
        DonationForm.CASH: _l("Cash"),
        DonationForm.IN_KIND: _l("In kind (goods or services)"),
        DonationForm.HANDOUT: _l("Charity handout"),
    },
)

VALUATION_LABELS = labels.register(
    Valuation,
    {
        Valuation.PURCHASE_PRICE: _l("What we paid for it"),
        Valuation.MARKET_VALUE: _l("Market value"),
        Valuation.ESTIMATE: _l("Our estimate"),
    },
)

FORMAT_LABELS = labels.register(
    ConsultationFormat,
    {
        ConsultationFormat.TOWN_HALL: _l("Town hall"),
        ConsultationFormat.FOCUS_GROUP: _l("Focus group"),
        ConsultationFormat.DOOR_TO_DOOR: _l("Door to door"),
        ConsultationFormat.FPIC_MEETING: _l("FPIC meeting (free, prior and informed consent)"),
        ConsultationFormat.WORKSHOP: _l("Workshop"),
    },
)

COMMITMENT_STATUS_LABELS = labels.register(
    CommitmentStatus,
    {
        CommitmentStatus.OPEN: _l("Open"),
        CommitmentStatus.IN_PROGRESS: _l("In progress"),
        CommitmentStatus.DONE: _l("Done"),
        CommitmentStatus.DROPPED: _l("Dropped"),
    },
)


def choices(labels: dict) -> list[tuple[str, str]]:
    """(value, label) pairs for a SelectField."""
    return [(key.value, label) for key, label in labels.items()]
