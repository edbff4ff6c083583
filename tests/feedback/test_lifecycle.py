"""The grievance lifecycle: every allowed transition, the refused ones, and SLA states."""

import datetime as dt

import pytest

from outreach.core.audit import AuditEvent
from outreach.core.rules import RuleError
from outreach.feedback import lifecycle
from outreach.feedback import operations as ops
from outreach.feedback.lifecycle import SlaState
from outreach.feedback.models import GrievanceStatus as S
from outreach.feedback.operations import LifecycleError
from tests import factories

ALL = list(S)
#: (action, from, to) — every transition the mechanism allows, written out by hand
ALLOWED = [
    ("acknowledge", S.RECEIVED, S.ACKNOWLEDGED),
    ("investigate", S.ACKNOWLEDGED, S.INVESTIGATING),
    ("investigate", S.ESCALATED, S.INVESTIGATING),
    ("investigate", S.APPEALED, S.INVESTIGATING),
    ("escalate", S.ACKNOWLEDGED, S.ESCALATED),
    ("escalate", S.INVESTIGATING, S.ESCALATED),
    ("resolve", S.INVESTIGATING, S.RESOLVED),
    ("resolve", S.ESCALATED, S.RESOLVED),
    ("resolve", S.APPEALED, S.RESOLVED),
    ("close", S.RESOLVED, S.CLOSED),
    ("appeal", S.RESOLVED, S.APPEALED),
    ("appeal", S.CLOSED, S.APPEALED),
    ("reopen", S.RESOLVED, S.INVESTIGATING),
    ("reopen", S.CLOSED, S.INVESTIGATING),
]
REFUSED = [
    (action, status)
    for action in lifecycle.TRANSITIONS
    for status in ALL
    if (action, status) not in {(a, f) for a, f, _ in ALLOWED}
]


def _grievance(status, **kwargs):
    site = factories.site()
    return factories.feedback(site, is_grievance=True, status=status, **kwargs)


@pytest.mark.parametrize("action,source,target", ALLOWED)
def test_allowed_transition_moves_the_grievance_and_leaves_a_trace(db, action, source, target):
    grievance = _grievance(source)
    manager = factories.user(role="manager", countries=["MY"])
    ops.transition(
        grievance,
        action,
        manager,
        note="visited the complainant",
        resolution="Piling stopped after 22:00",
        satisfaction="satisfied",
        today=dt.date(2025, 3, 10),
    )
    db.session.commit()
    assert grievance.status == target
    assert grievance.events[-1].from_status == source.value
    assert grievance.events[-1].to_status == target.value
    assert grievance.events[-1].note == "visited the complainant"
    event = db.session.query(AuditEvent).filter_by(action=action, object_type="feedback").one()
    assert event.changes["status"] == [source.value, target.value]


@pytest.mark.parametrize("action,source", REFUSED)
def test_refused_transition_changes_nothing(db, action, source):
    grievance = _grievance(source)
    manager = factories.user(role="manager", countries=["MY"])
    with pytest.raises(LifecycleError):
        ops.transition(grievance, action, manager, resolution="x", satisfaction="partly")
    assert grievance.status == source


def test_feedback_that_is_not_a_grievance_has_no_lifecycle(db):
    feedback = factories.feedback(factories.site())
    with pytest.raises(LifecycleError):
        ops.transition(feedback, "acknowledge", factories.user(role="manager"))


def test_resolving_needs_a_resolution_and_closing_a_satisfaction(db):
    manager = factories.user(role="manager", countries=["MY"])
    grievance = _grievance(S.INVESTIGATING)
    with pytest.raises(RuleError) as refused:
        ops.transition(grievance, "resolve", manager, resolution="  ")
    assert refused.value.errors == {"resolution": ["Describe what was done to resolve it."]}
    assert grievance.status == S.INVESTIGATING
    ops.transition(grievance, "resolve", manager, resolution="Night piling stopped")
    with pytest.raises(RuleError) as refused:
        ops.transition(grievance, "close", manager)
    assert refused.value.errors == {"satisfaction": ["Record how satisfied the complainant is."]}
    ops.transition(grievance, "close", manager, satisfaction="partly", today=dt.date(2025, 4, 1))
    assert grievance.status == S.CLOSED
    assert grievance.satisfaction.value == "partly"
    assert grievance.closed_on == dt.date(2025, 4, 1)


def test_reopening_gives_a_fresh_resolution_deadline(db):
    grievance = _grievance(S.CLOSED, satisfaction="not_satisfied")
    ops.transition(
        grievance,
        "reopen",
        factories.user(role="manager", countries=["MY"]),
        today=dt.date(2025, 6, 2),
    )
    assert grievance.status == S.INVESTIGATING
    assert grievance.resolve_due == dt.date(2025, 7, 2)
    assert grievance.satisfaction is None


# SLA: acknowledge within 2 working days, resolve within 30 days (weekend deadline → Monday)


def test_ack_deadline_skips_the_weekend():
    friday = dt.date(2025, 3, 7)
    assert lifecycle.ack_deadline(friday, 2) == dt.date(2025, 3, 11)  # Tuesday
    saturday = dt.date(2025, 3, 8)
    assert lifecycle.ack_deadline(saturday, 2) == dt.date(2025, 3, 11)
    assert lifecycle.ack_deadline(dt.date(2025, 3, 3), 2) == dt.date(2025, 3, 5)  # Mon → Wed


def test_ack_deadline_across_a_month_end():
    # Thursday 30 January 2025 + 2 working days: Friday 31, Monday 3 February
    assert lifecycle.ack_deadline(dt.date(2025, 1, 30), 2) == dt.date(2025, 2, 3)


def test_resolve_deadline_on_a_weekend_moves_to_monday_across_month_end():
    # 1 February 2025 + 30 days = Monday 3 March; 31 January + 30 days = Sunday 2 March → 3 March
    assert lifecycle.resolve_deadline(dt.date(2025, 1, 31), 30) == dt.date(2025, 3, 3)
    assert lifecycle.resolve_deadline(dt.date(2025, 2, 3), 30) == dt.date(2025, 3, 5)


@pytest.mark.parametrize(
    "today,expected",
    [
        (dt.date(2025, 3, 7), SlaState.ON_TIME),  # Friday, received today, due Tuesday
        (dt.date(2025, 3, 10), SlaState.DUE_SOON),  # Monday: due tomorrow
        (dt.date(2025, 3, 11), SlaState.DUE_SOON),  # Tuesday: due today
        (dt.date(2025, 3, 12), SlaState.OVERDUE),
    ],
)
def test_sla_of_unacknowledged_grievance_over_a_weekend(today, expected):
    ack_due = lifecycle.ack_deadline(dt.date(2025, 3, 7), 2)
    assert lifecycle.sla_state(S.RECEIVED, ack_due, dt.date(2025, 4, 7), today) == expected


def test_friday_before_a_monday_deadline_is_due_soon():
    # The next working day after Friday 28 February is Monday 3 March, the deadline.
    state = lifecycle.sla_state(
        S.INVESTIGATING, dt.date(2025, 2, 3), dt.date(2025, 3, 3), dt.date(2025, 2, 28)
    )
    assert state == SlaState.DUE_SOON
    state = lifecycle.sla_state(
        S.INVESTIGATING, dt.date(2025, 2, 3), dt.date(2025, 3, 3), dt.date(2025, 2, 27)
    )
    assert state == SlaState.ON_TIME


def test_resolved_and_closed_grievances_have_no_running_clock():
    for status in (S.RESOLVED, S.CLOSED):
        assert (
            lifecycle.sla_state(status, dt.date(2020, 1, 1), dt.date(2020, 1, 1), dt.date.today())
            is None
        )


def test_country_targets_are_used_when_a_grievance_is_recorded(db):
    factories.country("MY", grievance_ack_days=5, grievance_resolve_days=14)
    site = factories.site()
    officer = factories.user(role="field", sites=[site])
    grievance = ops.record_feedback(
        site,
        {
            "received_on": dt.date(2025, 3, 7),
            "channel": "hotline",
            "text": "Night piling",
            "sentiment": -2,
            "is_grievance": True,
        },
        officer,
    )
    assert grievance.status == S.RECEIVED
    assert grievance.ack_due == dt.date(2025, 3, 14)
    assert grievance.resolve_due == dt.date(2025, 3, 21)
