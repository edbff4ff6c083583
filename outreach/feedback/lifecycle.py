"""The grievance lifecycle and its service-level targets, as pure rules on plain values.

received → acknowledged → investigating → resolved → closed, with two branches: a grievance
can be escalated (to senior management or an external body) while it is open, and appealed by
the complainant after resolution or closure; a resolved or closed grievance can be reopened.
"""

from __future__ import annotations

import datetime as dt
import enum

from flask_babel import lazy_gettext as _l

from outreach.core import labels
from outreach.feedback.models import GrievanceStatus as S
from outreach.sites.calendar import WorkCalendar


class SlaState(enum.StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


SLA_LABELS = labels.register(
    SlaState,
    {
        SlaState.ON_TIME: _l("On time"),
        SlaState.DUE_SOON: _l("Due soon"),
        SlaState.OVERDUE: _l("Overdue"),
    },
)


#: action → (the statuses it may start from, the status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[S], S]] = {
    "acknowledge": (frozenset({S.RECEIVED}), S.ACKNOWLEDGED),
    "investigate": (frozenset({S.ACKNOWLEDGED, S.ESCALATED, S.APPEALED}), S.INVESTIGATING),
    "escalate": (frozenset({S.ACKNOWLEDGED, S.INVESTIGATING}), S.ESCALATED),
    "resolve": (frozenset({S.INVESTIGATING, S.ESCALATED, S.APPEALED}), S.RESOLVED),
    "close": (frozenset({S.RESOLVED}), S.CLOSED),
    "appeal": (frozenset({S.RESOLVED, S.CLOSED}), S.APPEALED),
    "reopen": (frozenset({S.RESOLVED, S.CLOSED}), S.INVESTIGATING),
}

#: statuses waiting for acknowledgement, and those waiting for a resolution
AWAITING_ACK = frozenset({S.RECEIVED})
AWAITING_RESOLUTION = frozenset({S.ACKNOWLEDGED, S.INVESTIGATING, S.ESCALATED, S.APPEALED})
OPEN_STATUSES = AWAITING_ACK | AWAITING_RESOLUTION


def allowed_actions(status: S | None) -> list[str]:
    """The lifecycle actions possible from a status, in the order they are offered."""
    return [name for name, (sources, _) in TRANSITIONS.items() if status in sources]


#: Saturday and Sunday off, no holidays: the calendar when a country's is not given
PLAIN_WEEK = WorkCalendar()


def is_working_day(day: dt.date, calendar: WorkCalendar = PLAIN_WEEK) -> bool:
    return calendar.is_working_day(day)


def next_working_day(day: dt.date, calendar: WorkCalendar = PLAIN_WEEK) -> dt.date:
    """The day itself when it is a working day, else the next working day."""
    return calendar.next_working_day(day)


def add_working_days(start: dt.date, days: int, calendar: WorkCalendar = PLAIN_WEEK) -> dt.date:
    """The date ``days`` working days after ``start`` (weekends and holidays skipped)."""
    return calendar.add_working_days(start, days)


def ack_deadline(received: dt.date, ack_days: int, calendar: WorkCalendar = PLAIN_WEEK) -> dt.date:
    """Acknowledge within ``ack_days`` working days of receipt (the country's working days)."""
    return calendar.add_working_days(received, ack_days)


def resolve_deadline(
    start: dt.date, resolve_days: int, calendar: WorkCalendar = PLAIN_WEEK
) -> dt.date:
    """Resolve within ``resolve_days`` calendar days; a deadline on a day off moves to the next
    working day."""
    return calendar.next_working_day(start + dt.timedelta(days=resolve_days))


def due_soon_limit(today: dt.date) -> dt.date:
    """A deadline on or before this day is "due soon": today or the next working day."""
    return add_working_days(today, 1)


def pending_deadline(status: S | None, ack_due: dt.date | None, resolve_due: dt.date | None):
    """The deadline the grievance is running against now, or None when nothing is pending."""
    if status in AWAITING_ACK:
        return ack_due
    if status in AWAITING_RESOLUTION:
        return resolve_due
    return None


def sla_state(
    status: S | None, ack_due: dt.date | None, resolve_due: dt.date | None, today: dt.date
) -> SlaState | None:
    """On time, due soon or overdue for an open grievance; None once resolved or closed."""
    deadline = pending_deadline(status, ack_due, resolve_due)
    if deadline is None:
        return None
    if today > deadline:
        return SlaState.OVERDUE
    if deadline <= due_soon_limit(today):
        return SlaState.DUE_SOON
    return SlaState.ON_TIME
