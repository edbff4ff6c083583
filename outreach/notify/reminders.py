"""The periodic reminders: grievance deadlines near or missed, commitments due or overdue, and
the daily list of entries waiting for review.

Days are the country's working days (its weekend and holidays), counted on the site's clock.
Each reminder has one key per deadline and recipient, so running a pass again (a retried or
overlapping job) tells nobody twice. The caller commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from outreach.activities.kinds import CommitmentStatus
from outreach.activities.models import Commitment
from outreach.activities.queries import review_queue
from outreach.auth.models import User
from outreach.core import events
from outreach.core.db import utcnow
from outreach.extensions import db
from outreach.feedback import lifecycle
from outreach.feedback.models import Feedback
from outreach.notify.operations import Batch, notify
from outreach.notify.recipients import candidates, if_allowed, who_may
from outreach.sites.calendar import WorkCalendar, calendar_of, local_today
from outreach.sites.models import Site


@dataclass
class Pass:
    """What one pass of the reminders did."""

    checked: int = 0
    notified: int = 0


class _Clock:
    """Each country's calendar and each site's today, loaded once per pass."""

    def __init__(self, now: dt.datetime):
        self.now = now
        self._calendars: dict[str, WorkCalendar] = {}
        self._today: dict[int, dt.date] = {}

    def calendar(self, site: Site) -> WorkCalendar:
        code = site.country_code
        if code not in self._calendars:
            self._calendars[code] = calendar_of(site.country)
        return self._calendars[code]

    def today(self, site: Site) -> dt.date:
        if site.id not in self._today:
            self._today[site.id] = local_today(site.clock, self.now)
        return self._today[site.id]

    def days_left(self, site: Site, deadline: dt.date) -> int:
        return self.calendar(site).working_days_until(self.today(site), deadline)


def warning_days() -> int:
    """N: how many working days before a deadline its reminder goes out."""
    return int(current_app.config.get("NOTIFY_DEADLINE_WARNING_DAYS", 2))


def _batches(stmt, size: int = 1000):
    last = 0
    entity = stmt.column_descriptions[0]["entity"]
    while True:
        rows = list(
            db.session.scalars(stmt.where(entity.id > last).order_by(entity.id).limit(size))
        )
        if not rows:
            return
        yield rows
        last = rows[-1].id


def grievance_deadlines(now: dt.datetime | None = None) -> Pass:
    """Tell a grievance's assignee (or, unassigned, the site's managers) that a deadline is N
    working days away; tell the assignee and the site's managers that one was missed."""
    clock, result, n = _Clock(now or utcnow()), Pass(), warning_days()
    managers = candidates("notify.escalation")
    stmt = (
        sa.select(Feedback)
        .where(
            Feedback.is_grievance.is_(True),
            Feedback.is_deleted.is_(False),
            Feedback.status.in_(sorted(lifecycle.OPEN_STATUSES)),
        )
        .options(selectinload(Feedback.assignee))
    )
    for batch in _batches(stmt):
        planned = []
        for fb in batch:
            result.checked += 1
            deadline = lifecycle.pending_deadline(fb.status, fb.ack_due, fb.resolve_due)
            if deadline is None:
                continue
            which = "ack" if fb.status in lifecycle.AWAITING_ACK else "resolve"
            left = clock.days_left(fb.site, deadline)
            params = {"id": fb.id, "site": fb.site.code, "which": which, "due": str(deadline)}
            handler = if_allowed(fb.assignee, "grievance.handle", fb)
            if left < 0:
                events.deadline_missed.send(fb, which=which, due=deadline)
                users = handler + who_may("notify.escalation", fb, managers)
                planned.append(
                    (fb, users, "deadline_missed", f"missed:{fb.id}:{which}:{deadline}", params)
                )
            elif left <= n:
                users = handler or who_may("notify.escalation", fb, managers)
                key = f"near:{fb.id}:{which}:{deadline}"
                planned.append((fb, users, "deadline_near", key, dict(params, days=left)))
        result.notified += _tell(planned, "feedback.show_feedback", "feedback_id")
    return result


def commitments(now: dt.datetime | None = None) -> Pass:
    """Tell whoever recorded an open commitment that it is due within N working days; once it
    is overdue, tell them and the site's managers."""
    clock, result, n = _Clock(now or utcnow()), Pass(), warning_days()
    managers = candidates("notify.escalation")
    stmt = sa.select(Commitment).where(
        Commitment.is_deleted.is_(False),
        Commitment.status.in_([CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS]),
    )
    for batch in _batches(stmt):
        planned = []
        for c in batch:
            result.checked += 1
            left = clock.days_left(c.site, c.due_date)
            params = {
                "id": c.id,
                "site": c.site.code,
                "due": str(c.due_date),
                "text": c.description[:80],
            }
            author = db.session.get(User, c.created_by_id) if c.created_by_id else None
            creator = if_allowed(author, "record.view", c)
            if left < 0:
                users = creator + who_may("notify.escalation", c, managers)
                planned.append(
                    (c, users, "commitment_overdue", f"overdue:{c.id}:{c.due_date}", params)
                )
            elif left <= n:
                planned.append((c, creator, "commitment_due", f"due:{c.id}:{c.due_date}", params))
        result.notified += _tell(planned, "activities.show_commitment", "commitment_id")
    return result


def _tell(planned: list, endpoint: str, id_name: str) -> int:
    batch = Batch.for_keys(f"{key}:u{u.id}" for _, users, _, key, _ in planned for u in users)
    told = 0
    with db.session.no_autoflush:
        for record, users, kind, key, params in planned:
            values = {id_name: record.id}
            told += len(notify(users, kind, key, params, endpoint, values, batch=batch))
    batch.finish()
    return told


def review_waiting(now: dt.datetime | None = None) -> Pass:
    """Once a day, tell each manager how many entries wait for their review (digest)."""
    day = (now or utcnow()).date().isoformat()
    result = Pass()
    for user in candidates("notify.review"):
        result.checked += 1
        count = len(review_queue(user))
        if count:
            result.notified += len(
                notify(
                    [user],
                    "review_waiting",
                    f"review:{day}",
                    {"count": count},
                    "activities.review_queue",
                    digest_only=True,
                )
            )
    return result


def run_all(now: dt.datetime | None = None) -> Pass:
    """Every reminder pass; what the periodic job runs."""
    total = Pass()
    for one in (grievance_deadlines, commitments, review_waiting):
        done = one(now)
        total.checked += done.checked
        total.notified += done.notified
    return total
