"""Demo activities and commitments: about two years of field logging at every demo site."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import sqlalchemy as sa

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
from outreach.activities.models import Activity, Commitment
from outreach.auth.models import User
from outreach.demo.rates import BASE
from outreach.extensions import db
from outreach.sites.models import Site
from outreach.stakeholders.queries import stakeholders_at_site

OCCASIONS = {
    "MY": [Occasion.HARI_RAYA, Occasion.LUNAR_NEW_YEAR, Occasion.DEEPAVALI, Occasion.OPEN_HOUSE],
    "ID": [Occasion.HARI_RAYA, Occasion.NATIONAL_DAY, Occasion.SPORTS_DAY],
    "TH": [Occasion.SONGKRAN, Occasion.VESAK, Occasion.SPORTS_DAY],
    "VN": [Occasion.LUNAR_NEW_YEAR, Occasion.NATIONAL_DAY, Occasion.SPORTS_DAY],
    "KH": [Occasion.VESAK, Occasion.NATIONAL_DAY, Occasion.OPEN_HOUSE],
    "LA": [Occasion.VESAK, Occasion.NATIONAL_DAY, Occasion.CHRISTMAS],
}
DONATIONS = [
    ("Textbooks for {s}", Cause.EDUCATION, "Science and maths textbooks"),
    ("Flood relief packs for {s}", Cause.DISASTER_RELIEF, "Rice, oil and hygiene kits"),
    ("Medical supplies for {s}", Cause.HEALTH, "First-aid kits and a blood-pressure monitor"),
    ("Water tank for {s}", Cause.INFRASTRUCTURE, "5,000-litre water tank, installed"),
    ("Seedlings for {s}", Cause.ENVIRONMENT, "Mangrove and fruit-tree seedlings"),
]
TOPICS = [
    ("Blasting schedule and vibration monitoring", Cause.INFRASTRUCTURE),
    ("Dust control on the haul road", Cause.HEALTH),
    ("Local hiring for the next works package", Cause.LIVELIHOODS),
    ("Access to the river landing during works", Cause.LIVELIHOODS),
    ("Relocation of the footpath to the school", Cause.EDUCATION),
]
PROMISES = [
    ("Water the haul road twice a day in the dry season", "HSE officer"),
    ("Publish the blasting timetable at the village hall every Monday", "Community liaison"),
    ("Reserve 30 labourer posts for local residents", "HR manager"),
    ("Build a safe crossing near the school gate", "Site civil engineer"),
    ("Hold a follow-up meeting with the fishers' cooperative", "Community liaison"),
]
TRAININGS = [
    ("Welding (level 1)", Cause.LIVELIHOODS),
    ("Heavy-equipment operation", Cause.LIVELIHOODS),
    ("First aid for village volunteers", Cause.HEALTH),
    ("Small-business bookkeeping", Cause.LIVELIHOODS),
]
RETURN_COMMENTS = [
    "Please attach the signed receipt.",
    "The value looks high for 40 packs; check the amount.",
    "Add how many women took part.",
]


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _money(rng: random.Random, low: int, high: int, currency: str) -> Decimal:
    """A plausible amount in ``currency``: drawn as 10 × [low, high) US dollars, converted at
    the demo rate and rounded to three significant figures (IDR 15,700,000, not IDR 980)."""
    usd = Decimal(rng.randrange(low, high)) * 10
    local = usd / BASE.get(currency, Decimal(1))
    step = Decimal(10) ** max(local.adjusted() - 2, 0)
    return (local / step).quantize(Decimal(1)) * step


def _festival(rng, site, stakeholders):
    occasion = rng.choice(OCCASIONS.get(site.country_code, [Occasion.OPEN_HOUSE]))
    name = occasion.value.replace("_", " ").title()
    return dict(
        title=f"{name} celebration with the {site.district} community",
        cause=Cause.CULTURE,
        motivation=Motivation.COMMUNITY_INVESTMENT,
        occasion=occasion,
        attendance=rng.randrange(80, 900),
        audience=rng.choice(["Villagers and elders", "Families of workers", "Pupils and teachers"]),
        cost_amount=_money(rng, 100, 1500, site.country.currency),
    )


def _donation(rng, site, stakeholders):
    title, cause, goods = rng.choice(DONATIONS)
    beneficiary = rng.choice(stakeholders)
    form = rng.choice(list(DonationForm))
    data = dict(
        title=title.format(s=beneficiary.name),
        cause=cause,
        motivation=rng.choice([Motivation.CHARITABLE_GIFT, Motivation.COMMUNITY_INVESTMENT]),
        donation_form=form,
        beneficiary_id=beneficiary.id,
        beneficiaries=rng.randrange(20, 600),
        cost_amount=_money(rng, 5, 60, site.country.currency),
    )
    if form == DonationForm.CASH:
        data["cash_amount"] = _money(rng, 100, 2000, site.country.currency)
    else:
        data.update(
            in_kind_description=goods,
            quantity=rng.randrange(10, 400),
            in_kind_value=_money(rng, 100, 1500, site.country.currency),
            valuation=rng.choice(list(Valuation)),
        )
    return data


def _consultation(rng, site, stakeholders):
    topic, cause = rng.choice(TOPICS)
    total = rng.randrange(15, 160)
    women = rng.randrange(0, total // 2 + 1)
    return dict(
        title=f"{topic} — meeting in {site.district}",
        cause=cause,
        motivation=Motivation.COMMERCIAL_INITIATIVE,
        consultation_format=rng.choice(list(ConsultationFormat)),
        topic=topic,
        languages=rng.choice(
            ["Local language", "Local language, English", "Local language, Chinese"]
        ),
        participants=total,
        participants_women=women,
        participants_men=total - women,
        participants_youth=rng.randrange(0, total // 3 + 1),
        participants_indigenous=rng.randrange(0, total // 4 + 1),
        information_disclosed="Works programme for the next quarter and the grievance hotline.",
        issues_raised="Dust, night-time noise and jobs for young people.",
        commitments_made="See the commitments register.",
        cost_amount=_money(rng, 10, 80, site.country.currency),
    )


def _training(rng, site, stakeholders):
    programme, cause = rng.choice(TRAININGS)
    trainees = rng.randrange(10, 40)
    completed = rng.randrange(trainees // 2, trainees + 1)
    return dict(
        title=f"{programme} course for {site.district} residents",
        cause=cause,
        motivation=Motivation.COMMUNITY_INVESTMENT,
        programme=programme,
        trainees=trainees,
        completed=completed,
        trainees_women=rng.randrange(0, trainees + 1),
        training_hours=Decimal(rng.choice([16, 24, 40, 80])),
        certificates=completed,
        cost_amount=_money(rng, 100, 900, site.country.currency),
    )


BUILDERS = {
    ActivityKind.FESTIVAL: _festival,
    ActivityKind.DONATION: _donation,
    ActivityKind.CONSULTATION: _consultation,
    ActivityKind.TRAINING: _training,
}
KIND_WEIGHTS = [3, 4, 3, 2]


def _state(rng: random.Random, age_days: int) -> ActivityState:
    if age_days > 75:
        return ActivityState.APPROVED if rng.random() < 0.97 else ActivityState.RETURNED
    return rng.choices(
        [
            ActivityState.APPROVED,
            ActivityState.SUBMITTED,
            ActivityState.RETURNED,
            ActivityState.DRAFT,
        ],
        weights=[5, 3, 1, 1],
    )[0]


def _commitments(rng, site, consultation, today, creator):
    for _ in range(rng.randrange(1, 3)):
        text, owner = rng.choice(PROMISES)
        due = consultation.activity_date + dt.timedelta(days=rng.randrange(30, 180))
        status = CommitmentStatus.OPEN
        if due < today:
            status = rng.choices(list(CommitmentStatus), weights=[2, 2, 6, 1])[0]
        elif rng.random() < 0.3:
            status = CommitmentStatus.IN_PROGRESS
        db.session.add(
            Commitment(
                site_id=site.id,
                consultation_id=consultation.id,
                description=text,
                owner=owner,
                due_date=due,
                status=status,
                evidence="Photos and sign-off sheet in the site file" if status == "done" else "",
                drop_reason="Replaced by a district project" if status == "dropped" else "",
                closed_on=min(due, today) if status in ("done", "dropped") else None,
                created_by_id=creator.id,
                is_deleted=False,
            )
        )


def load_activities(today: dt.date | None = None) -> None:
    """Two years of activities (most approved, some waiting or returned) and commitments."""
    today = today or dt.date.today()
    rng = random.Random(3003)  # noqa: S311 - demo data only
    officer = _user("field@demo.outreach.test")
    manager = _user("manager@demo.outreach.test")
    admin = _user("admin@demo.outreach.test")
    if officer is None or manager is None or admin is None:
        return  # the base demo accounts are missing; nothing to attribute entries to
    officer_sites = {s.id for s in officer.sites}
    for site in db.session.scalars(sa.select(Site).order_by(Site.code)):
        stakeholders = stakeholders_at_site(site.id)
        mine = site.id in officer_sites
        author, reviewer = (officer, manager) if mine else (manager, admin)
        for _ in range(rng.randrange(22, 34)):
            age = rng.randrange(1, 730)
            kind = rng.choices(list(BUILDERS), weights=KIND_WEIGHTS)[0]
            data = BUILDERS[kind](rng, site, stakeholders)
            state = _state(rng, age)
            activity = Activity(
                site_id=site.id,
                kind=kind,
                activity_date=today - dt.timedelta(days=age),
                state=state,
                description=data.pop("description", ""),
                place=site.district,
                currency=site.country.currency,
                staff_hours=Decimal(rng.randrange(2, 60)),
                author_id=author.id,
                times_submitted=0 if state == ActivityState.DRAFT else rng.choice([1, 1, 1, 2]),
                review_comment=rng.choice(RETURN_COMMENTS) if state == "returned" else "",
                is_deleted=False,
                **data,
            )
            if state != ActivityState.DRAFT:
                activity.submitted_at = dt.datetime.combine(
                    activity.activity_date + dt.timedelta(days=1), dt.time(9), dt.UTC
                )
            if state in (ActivityState.APPROVED, ActivityState.RETURNED):
                activity.reviewer_id = reviewer.id
                activity.reviewed_at = activity.submitted_at + dt.timedelta(days=2)
            db.session.add(activity)
            if kind == ActivityKind.CONSULTATION:
                db.session.flush()
                _commitments(rng, site, activity, today, author)
    db.session.flush()
