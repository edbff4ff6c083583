"""Demo community voice: two years of feedback, grievances in every state, survey rounds.

All people, words and numbers are invented; deterministic (seeded random).
"""

from __future__ import annotations

import datetime as dt
import random

import sqlalchemy as sa

from outreach.auth.models import Role, User
from outreach.extensions import db
from outreach.feedback import lifecycle
from outreach.feedback.models import (
    SURVEY_ITEMS,
    Channel,
    Feedback,
    FeedbackCategory,
    GrievanceEvent,
    GrievanceStatus,
    Satisfaction,
    SurveyAnswerCounts,
    SurveyMethod,
    SurveyRound,
)
from outreach.feedback.operations import CODE_ALPHABET, CODE_LENGTH, ensure_default_categories
from outreach.sites.models import Site

# (category, sentiment, text)
COMMENTS = [
    ("noise", -2, "Piling at night keeps the children awake; please stop after 22:00."),
    ("noise", -1, "The generator near the school is loud during exam week."),
    ("dust", -2, "Trucks raise dust on the village road; laundry and rice get dirty."),
    ("dust", -1, "Please water the access road more often in the dry season."),
    ("traffic", -1, "Heavy trucks use the market road in the morning rush."),
    ("traffic", -2, "A lorry nearly hit a motorbike at the junction by the mosque."),
    ("land", -2, "The boundary survey went into my orchard without asking."),
    ("compensation", -2, "Compensation for the rubber trees has not been paid yet."),
    ("compensation", -1, "The compensation rate for fruit trees is lower than the market."),
    ("employment", -1, "Few local young people are hired; the jobs go to outsiders."),
    ("employment", 1, "My son got a job as a driver on the project, thank you."),
    ("safety", -1, "The fence near the river crossing is broken; children play there."),
    ("environment", -1, "The stream looks muddy since the clearing upstream."),
    ("environment", 0, "Will the mangrove replanting continue next year?"),
    ("culture", 1, "Thank you for supporting the temple festival."),
    ("culture", 0, "Please avoid blasting during Friday prayers."),
    ("praise", 2, "The free health check at the community hall was very helpful."),
    ("praise", 2, "The new bus shelter and lights make the road safer at night."),
    ("praise", 1, "Staff explained the works schedule clearly at the meeting."),
    ("request", 0, "Could the project help repair the surau roof?"),
    ("request", 1, "We would like more vocational training places for women."),
    ("other", 0, "When will the next community meeting be held?"),
]
NAMES = ["Siti Aminah (demo)", "Nguyen Van An (demo)", "Somchai K. (demo)", "Dewi Lestari (demo)"]
STAFF_CHANNELS = [c for c in Channel if c is not Channel.PUBLIC_PAGE]


def _code(rng: random.Random) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _counts(rng: random.Random, mood: float, sample: int) -> list[int]:
    """Answer counts 1..5 around a mean ``mood`` (1..5)."""
    weights = [max(0.05, 1.5 - abs(k - mood)) for k in range(1, 6)]
    answers = [0] * 5
    for _ in range(sample):
        answers[rng.choices(range(5), weights)[0]] += 1
    return answers


def _handle(g: Feedback, status: GrievanceStatus, staff: User, rng: random.Random) -> None:
    """Walk a grievance along the lifecycle up to ``status``, with a timeline."""
    day = g.received_on
    path = {
        GrievanceStatus.RECEIVED: [],
        GrievanceStatus.ACKNOWLEDGED: ["acknowledge"],
        GrievanceStatus.INVESTIGATING: ["acknowledge", "investigate"],
        GrievanceStatus.ESCALATED: ["acknowledge", "investigate", "escalate"],
        GrievanceStatus.RESOLVED: ["acknowledge", "investigate", "resolve"],
        GrievanceStatus.CLOSED: ["acknowledge", "investigate", "resolve", "close"],
        GrievanceStatus.APPEALED: ["acknowledge", "investigate", "resolve", "close", "appeal"],
    }[status]
    g.events.append(GrievanceEvent(action="receive", to_status="received", note=""))
    if path:
        g.assignee_id = staff.id
    current = GrievanceStatus.RECEIVED
    for action in path:
        day += dt.timedelta(
            days=rng.choice([1, 1, 2, 3]) if action == "acknowledge" else rng.randint(2, 12)
        )
        target = lifecycle.TRANSITIONS[action][1]
        note = ""
        if action == "acknowledge":
            g.acknowledged_on = day
            note = "Called the complainant and explained the next steps."
        elif action == "investigate":
            note = "Site visit with the contractor's foreman."
        elif action == "resolve":
            g.resolved_on = day
            g.resolution = "Works rescheduled and the contractor instructed; follow-up visit made."
        elif action == "close":
            g.closed_on = day
            g.satisfaction = rng.choice(list(Satisfaction))
        elif action == "appeal":
            note = "The complainant does not accept the outcome."
            g.resolve_due = lifecycle.resolve_deadline(day, 30)
        g.events.append(
            GrievanceEvent(
                action=action,
                user_id=staff.id,
                from_status=current.value,
                to_status=target.value,
                note=note,
            )
        )
        current = target
    g.status = status


def load_feedback(sites: list[Site], today: dt.date | None = None) -> None:
    """About two years of feedback, grievances and survey rounds for every demo site."""
    today = today or dt.date.today()
    ensure_default_categories()
    categories = {c.key: c for c in db.session.scalars(sa.select(FeedbackCategory))}
    manager = db.session.scalar(sa.select(User).where(User.role == Role.MANAGER))
    field = db.session.scalar(sa.select(User).where(User.role == Role.FIELD))
    rng = random.Random(4)  # noqa: S311 - demo data only
    start = today - dt.timedelta(days=730)
    for site in sites:
        staff = field if field and site in field.sites else manager
        language = (site.country.language_list or ["en"])[0]
        mood = rng.uniform(-0.6, 0.6)
        grievances = []
        day = start
        while day <= today:
            category, sentiment, text = rng.choice(COMMENTS)
            sentiment = max(-2, min(2, sentiment + (1 if rng.random() < mood / 2 else 0)))
            named = rng.random() < 0.2
            public = rng.random() < 0.12
            f = Feedback(
                site_id=site.id,
                received_on=day,
                channel=Channel.PUBLIC_PAGE if public else rng.choice(STAFF_CHANNELS),
                language=language if rng.random() < 0.6 else "en",
                text=text,
                sentiment=None if public and day > today - dt.timedelta(days=20) else sentiment,
                reviewed=not (public and day > today - dt.timedelta(days=20)),
                anonymous=not named and rng.random() < 0.5,
                fears_retaliation=rng.random() < 0.05,
                person_name=rng.choice(NAMES) if named else "",
                person_contact="+00 0000 0000 (demo)" if named else "",
                consent_personal_data=named,
                tracking_code=_code(rng),
                recorded_by_id=None if public else staff.id,
                is_grievance=False,
                is_deleted=False,
                resolution="",
            )
            if f.reviewed:
                f.categories = [categories[category]]
            if sentiment <= -1 and rng.random() < 0.45:
                f.is_grievance = True
                f.ack_due = lifecycle.ack_deadline(day, site.country.grievance_ack_days)
                f.resolve_due = lifecycle.resolve_deadline(day, site.country.grievance_resolve_days)
                grievances.append(f)
            db.session.add(f)
            day += dt.timedelta(days=rng.randint(2, 9))
        # Older grievances are closed; the most recent cover every state, some overdue.
        recent = list(GrievanceStatus)
        for i, g in enumerate(reversed(grievances)):
            status = recent[i] if i < len(recent) else GrievanceStatus.CLOSED
            _handle(g, status, staff, rng)
        for months_ago in (24, 18, 12, 6, 1):
            conducted = today - dt.timedelta(days=30 * months_ago)
            if conducted < start:
                continue
            sample = rng.randint(60, 160)
            drift = mood + (24 - months_ago) / 24 * rng.uniform(-0.4, 0.8)
            survey = SurveyRound(
                site_id=site.id,
                conducted_on=conducted,
                sample_size=sample,
                method=rng.choice(list(SurveyMethod)),
                notes="Households within 2 km of the site (demo).",
                recorded_by_id=staff.id,
            )
            survey.answers = [
                SurveyAnswerCounts(
                    item=item,
                    **dict(
                        zip(
                            ["n1", "n2", "n3", "n4", "n5"],
                            _counts(rng, 3 + drift, sample),
                            strict=True,
                        )
                    ),
                )
                for item in SURVEY_ITEMS
            ]
            db.session.add(survey)
    db.session.flush()
