"""Reads of feedback and grievances, always scoped to the user's sites and always masked.

``feedback_rows`` is the one source of row data for exports and reports: it never carries a
person's name, contact or the person-stakeholder it is linked to, only whether the person is
identified.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from outreach.auth.models import User
from outreach.core.disclosure import Audience, withholds
from outreach.core.pagination import Page, paginate
from outreach.core.permissions import can, in_scope, users_who_may
from outreach.extensions import db
from outreach.feedback import lifecycle
from outreach.feedback.access import has_hidden_identity
from outreach.feedback.lifecycle import AWAITING_RESOLUTION, SlaState
from outreach.feedback.models import (
    Channel,
    Feedback,
    FeedbackCategory,
    GrievanceStatus,
    feedback_category_links,
)

MASK = "[withheld]"


@dataclass
class FeedbackFilters:
    site_id: int | None = None
    category: str = ""
    channel: str = ""
    sentiment: int | None = None
    status: str = ""
    sla: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    grievances_only: bool = False
    unreviewed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def visible_feedback(user: User) -> sa.Select:
    """Feedback at the user's sites; none at all for partners."""
    stmt = sa.select(Feedback).where(Feedback.is_deleted.is_(False))
    return stmt.where(in_scope(user, Feedback.site_id, "record.view"))


def get_visible(user: User, feedback_id: int) -> Feedback | None:
    return db.session.scalar(visible_feedback(user).where(Feedback.id == feedback_id))


def sla_clause(state: str, today: dt.date) -> sa.ColumnElement[bool]:
    """A WHERE clause for grievances in one SLA state on ``today``."""
    limit = lifecycle.due_soon_limit(today)
    ack = sa.and_(Feedback.status == GrievanceStatus.RECEIVED)
    res = Feedback.status.in_(list(AWAITING_RESOLUTION))
    if state == SlaState.OVERDUE:
        return sa.or_(
            sa.and_(ack, Feedback.ack_due < today), sa.and_(res, Feedback.resolve_due < today)
        )
    if state == SlaState.DUE_SOON:
        return sa.or_(
            sa.and_(ack, Feedback.ack_due.between(today, limit)),
            sa.and_(res, Feedback.resolve_due.between(today, limit)),
        )
    if state == SlaState.ON_TIME:
        return sa.or_(
            sa.and_(ack, Feedback.ack_due > limit), sa.and_(res, Feedback.resolve_due > limit)
        )
    return sa.true()


def filtered(user: User, filters: FeedbackFilters, today: dt.date) -> sa.Select:
    stmt = visible_feedback(user)
    if filters.site_id:
        stmt = stmt.where(Feedback.site_id == filters.site_id)
    if filters.category:
        stmt = stmt.where(
            Feedback.id.in_(
                sa.select(feedback_category_links.c.feedback_id)
                .join(FeedbackCategory)
                .where(FeedbackCategory.key == filters.category)
            )
        )
    if filters.channel in {c.value for c in Channel}:
        stmt = stmt.where(Feedback.channel == Channel(filters.channel))
    if filters.sentiment is not None:
        stmt = stmt.where(Feedback.sentiment == filters.sentiment)
    if filters.grievances_only:
        stmt = stmt.where(Feedback.is_grievance.is_(True))
    if filters.status in {s.value for s in GrievanceStatus}:
        stmt = stmt.where(Feedback.status == GrievanceStatus(filters.status))
    if filters.sla in {s.value for s in SlaState}:
        stmt = stmt.where(sla_clause(filters.sla, today))
    if filters.date_from:
        stmt = stmt.where(Feedback.received_on >= filters.date_from)
    if filters.date_to:
        stmt = stmt.where(Feedback.received_on <= filters.date_to)
    if filters.unreviewed:
        stmt = stmt.where(Feedback.reviewed.is_(False))
    return stmt.order_by(Feedback.received_on.desc(), Feedback.id.desc())


def search_feedback(user: User, filters: FeedbackFilters, page: int, today: dt.date) -> Page:
    return paginate(filtered(user, filters, today), page)


def sla_of(feedback: Feedback, today: dt.date) -> SlaState | None:
    return lifecycle.sla_state(feedback.status, feedback.ack_due, feedback.resolve_due, today)


def feedback_rows(user: User, filters: FeedbackFilters, today: dt.date) -> list[dict[str, Any]]:
    """Plain, masked rows for exports and reports: no name, contact or person, ever."""
    rows = []
    stmt = filtered(user, filters, today).options(selectinload(Feedback.stakeholder))
    for f in db.session.scalars(stmt):
        sla = sla_of(f, today)
        rows.append(
            {
                "id": f.id,
                "site": f.site.code,
                "received_on": f.received_on,
                "channel": f.channel.value,
                "language": f.language,
                "categories": ", ".join(c.key for c in f.categories),
                "sentiment": f.sentiment,
                "reviewed": f.reviewed,
                "text": f.text,
                "person": MASK if has_hidden_identity(f) else "",
                "anonymous": f.anonymous,
                "fears_retaliation": f.fears_retaliation,
                "is_grievance": f.is_grievance,
                "status": f.status.value if f.status else "",
                "sla": sla.value if sla else "",
                "ack_due": f.ack_due,
                "acknowledged_on": f.acknowledged_on,
                "resolve_due": f.resolve_due,
                "resolved_on": f.resolved_on,
                "satisfaction": f.satisfaction.value if f.satisfaction else "",
            }
        )
    return rows


@dataclass
class GrievanceQueueFilters:
    """Filters of the overdue list: a site, a category (its key) and who handles it ("me",
    "none" for unassigned, or a user's id)."""

    site_id: int | None = None
    category: str = ""
    assignee: str = ""


def _with_context(stmt: sa.Select) -> sa.Select:
    """Load what a grievance's line in a list shows: site, categories, assignee."""
    return stmt.options(
        selectinload(Feedback.site),
        selectinload(Feedback.categories),
        selectinload(Feedback.assignee),
    )


def overdue_grievances(
    user: User, today: dt.date, filters: GrievanceQueueFilters | None = None
) -> list[Feedback]:
    """Open grievances past their deadline, the longest overdue first."""
    filters = filters or GrievanceQueueFilters()
    stmt = visible_feedback(user).where(
        Feedback.is_grievance.is_(True), sla_clause(SlaState.OVERDUE, today)
    )
    if filters.site_id:
        stmt = stmt.where(Feedback.site_id == filters.site_id)
    if filters.category:
        stmt = stmt.where(Feedback.categories.any(FeedbackCategory.key == filters.category))
    if filters.assignee == "me":
        stmt = stmt.where(Feedback.assignee_id == user.id)
    elif filters.assignee == "none":
        stmt = stmt.where(Feedback.assignee_id.is_(None))
    elif filters.assignee.isdigit():
        stmt = stmt.where(Feedback.assignee_id == int(filters.assignee))
    items = list(db.session.scalars(_with_context(stmt.order_by(Feedback.id))))
    return sorted(items, key=deadline_of)


def deadline_of(feedback: Feedback) -> dt.date | None:
    """The deadline an open grievance is running against, or None when nothing is pending."""
    return lifecycle.pending_deadline(feedback.status, feedback.ack_due, feedback.resolve_due)


def assigned_grievances(user: User) -> list[Feedback]:
    """Open grievances assigned to the user, the nearest deadline first."""
    stmt = visible_feedback(user).where(
        Feedback.is_grievance.is_(True),
        Feedback.assignee_id == user.id,
        Feedback.status.in_(list(lifecycle.OPEN_STATUSES)),
    )
    grievances = list(db.session.scalars(_with_context(stmt.order_by(Feedback.id))))
    return sorted(grievances, key=lambda f: deadline_of(f) or dt.date.max)


def public_status(code: str) -> dict[str, Any] | None:
    """What the public status page may show for a tracking code: never the message nor the
    person; for a grievance, its deadlines and, once resolved, the answer the team wrote for the
    complainant (the resolution; the staff form says the complainant reads it)."""
    if len(code) < 10:
        return None
    f = db.session.scalar(
        sa.select(Feedback).where(Feedback.tracking_code == code, Feedback.is_deleted.is_(False))
    )
    if f is None:
        return None
    return {
        "site_name": f.site.name,
        "received_on": f.received_on,
        "is_grievance": f.is_grievance,
        "status": f.status,
        "reviewed": f.reviewed,
        "acknowledged_on": f.acknowledged_on,
        "resolved_on": f.resolved_on,
        "closed_on": f.closed_on,
        "site_code": f.site.code,
        "ack_due": f.ack_due if f.status in lifecycle.AWAITING_ACK else None,
        "resolve_due": f.resolve_due if f.status in lifecycle.OPEN_STATUSES else None,
        "answer": f.resolution if f.status in ANSWERED else "",
        "may_appeal": f.is_grievance and f.status in ANSWERED,
        "appealed": f.status == GrievanceStatus.APPEALED,
    }


#: a grievance's states in which the complainant has had the team's answer
ANSWERED = frozenset({GrievanceStatus.RESOLVED, GrievanceStatus.CLOSED})


def active_categories() -> list[FeedbackCategory]:
    return list(
        db.session.scalars(
            sa.select(FeedbackCategory)
            .where(FeedbackCategory.active.is_(True))
            .order_by(FeedbackCategory.name)
        )
    )


def all_categories() -> list[FeedbackCategory]:
    return list(db.session.scalars(sa.select(FeedbackCategory).order_by(FeedbackCategory.name)))


def possible_assignees(feedback: Feedback) -> list[User]:
    """Active staff who can see the grievance's site (partners excluded)."""
    users = db.session.scalars(
        sa.select(User)
        .options(selectinload(User.sites), selectinload(User.countries))
        .where(User.active.is_(True), users_who_may("grievance.handle"))
        .order_by(User.name)
    )
    return [u for u in users if can(u, "grievance.handle", feedback)]


@dataclass(frozen=True)
class RoundSummary:
    id: int
    site_id: int
    site_code: str
    conducted_on: dt.date
    sample_size: int
    method: str
    item_scores: dict[str, float | None]
    index: float | None
    #: change of the index since the site's previous round
    change: float | None
    #: the scores, index and change are left out: a question was answered by too few people
    withheld: bool = False


def survey_rounds(user: User, audience: Audience, site_id: int | None = None) -> list[RoundSummary]:
    """Survey rounds at the user's sites (partners included: numbers only), newest first, each
    with its perception index and the change since the previous round at the same site.

    A round with a question answered by fewer people than ``audience`` may see scores of
    (``core.disclosure``) shows no scores, and the next round no change against it."""
    from outreach.feedback.indices import item_score, perception_index
    from outreach.feedback.models import SurveyRound

    stmt = sa.select(SurveyRound).where(in_scope(user, SurveyRound.site_id))
    if site_id:
        stmt = stmt.where(SurveyRound.site_id == site_id)
    stmt = stmt.order_by(SurveyRound.site_id, SurveyRound.conducted_on, SurveyRound.id)
    result, previous = [], {}
    for r in db.session.scalars(stmt):
        counts = r.counts()
        index = perception_index(counts)
        before = previous.get(r.site_id)
        change = round(index - before, 1) if index is not None and before is not None else None
        withheld = any(withholds(audience, sum(c)) for c in counts.values() if sum(c))
        if index is not None:
            previous[r.site_id] = None if withheld else index
        if withheld:
            counts, index, change = {}, None, None
        result.append(
            RoundSummary(
                id=r.id,
                site_id=r.site_id,
                site_code=r.site.code,
                conducted_on=r.conducted_on,
                sample_size=r.sample_size,
                method=r.method.value,
                item_scores={item: item_score(c) for item, c in counts.items()},
                index=index,
                change=change,
                withheld=withheld,
            )
        )
    return sorted(result, key=lambda s: (s.conducted_on, s.id), reverse=True)


@dataclass(frozen=True)
class SurveyTotals:
    """The answers of every survey round of some sites within a period, pooled per item."""

    rounds: int
    respondents: int
    #: {item: [n1, n2, n3, n4, n5]}
    answers: dict[str, list[int]]

    def answered(self, item: str) -> int:
        """How many respondents answered an item: what its share is built from."""
        return sum(self.answers.get(item, ()))

    def agree_share(self, item: str) -> float | None:
        """Percentage answering 4 or 5 ("high" or "very high") to an item."""
        counts = self.answers.get(item)
        if not counts or not sum(counts):
            return None
        return round((counts[3] + counts[4]) * 100 / sum(counts), 1)


def survey_totals(site_ids, start: dt.date, end: dt.date) -> SurveyTotals:
    """Survey rounds conducted between ``start`` and ``end`` at the sites (a list or a SELECT of
    ids), their respondents and their answers per item; numbers only, no person."""
    from outreach.feedback.models import SurveyAnswerCounts, SurveyRound

    site_ids = site_ids if isinstance(site_ids, sa.Select) else list(site_ids)
    in_period = [SurveyRound.site_id.in_(site_ids), SurveyRound.conducted_on.between(start, end)]
    rounds, respondents = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(SurveyRound.sample_size), 0)).where(
            *in_period
        )
    ).one()
    a = SurveyAnswerCounts
    rows = db.session.execute(
        sa.select(a.item, *[sa.func.sum(c) for c in (a.n1, a.n2, a.n3, a.n4, a.n5)])
        .join(SurveyRound, SurveyRound.id == a.round_id)
        .where(*in_period)
        .group_by(a.item)
    ).all()
    answers = {item: [int(n or 0) for n in ns] for item, *ns in rows}
    return SurveyTotals(int(rounds), int(respondents), answers)


def days_left(feedback: Feedback, today: dt.date) -> int | None:
    """Days until the pending deadline (negative: overdue by that many), None when none."""
    deadline = deadline_of(feedback)
    return None if deadline is None else (deadline - today).days
