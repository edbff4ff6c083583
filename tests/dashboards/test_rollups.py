"""The maintained rollups always equal the raw aggregates, whatever the operations did."""

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.activities import operations as acts
from outreach.activities.kinds import ActivityKind
from outreach.feedback import operations as fb
from outreach.stats import rollups
from outreach.stats.models import (
    activity_rollups,
    feedback_rollups,
    grievance_rollups,
    resolve_day_rollups,
)
from tests import factories
from tests.conftest import DATABASE_EXAMPLES

PAIRS = [
    (activity_rollups, rollups.activity_select),
    (feedback_rollups, rollups.feedback_select),
    (resolve_day_rollups, rollups.resolve_days_select),
    (grievance_rollups, rollups.grievance_select),
]


def assert_rollups_equal_raw(db):
    db.session.flush()
    for table, make_select in PAIRS:
        stored = {tuple(r) for r in db.session.execute(sa.select(table))}
        raw = {tuple(r) for r in db.session.execute(make_select())}
        assert stored == raw, table.name


DAYS = st.dates(dt.date(2024, 1, 1), dt.date(2024, 4, 30))
ACTIVITY_STEP = st.tuples(
    st.sampled_from(["create", "edit", "submit", "approve", "return", "reopen", "delete"]),
    st.integers(0, 5),
    DAYS,
    st.decimals(0, 5000, places=2),
    st.integers(0, 1),
)
FEEDBACK_STEP = st.tuples(
    st.sampled_from(["record", "grievance", "review", "acknowledge", "investigate", "resolve"]),
    st.integers(0, 5),
    DAYS,
    st.integers(-2, 2),
    st.integers(0, 1),
)


@settings(DATABASE_EXAMPLES, max_examples=12)
@given(steps=st.lists(ACTIVITY_STEP, min_size=1, max_size=14))
def test_activity_operations_keep_rollups_equal_to_raw(db, steps):
    country = factories.country("MY")
    sites = [factories.site("MY"), factories.site("MY")]
    author = factories.user("field", sites=sites)
    manager = factories.user("manager", countries=[country])
    receivers = [factories.stakeholder(sites=[site]) for site in sites]
    made = []
    for action, pick, day, amount, site_pick in steps:
        target = made[pick % len(made)] if made else None
        try:
            if action == "create" or target is None:
                kind = [ActivityKind.DONATION, ActivityKind.FESTIVAL][site_pick]
                data = {
                    "activity_date": day,
                    "title": "t",
                    "motivation": "charitable_gift",
                    "cause": "health",
                    "cost_amount": amount,
                    "staff_hours": Decimal("2.5"),
                    "donation_form": "cash",
                    "cash_amount": amount,
                    "beneficiary_id": receivers[site_pick].id,
                    "beneficiaries": 12,
                    "attendance": 30,
                }
                made.append(acts.create_activity(sites[site_pick], kind, data, author))
            elif action == "edit":
                acts.update_activity(target, {"activity_date": day, "cost_amount": amount}, author)
            elif action == "submit":
                acts.submit_activity(target, author)
            elif action in ("approve", "return"):
                if action == "approve":
                    acts.approve_activity(target, manager)
                else:
                    acts.return_activity(target, "fix", manager)
            elif action == "reopen":
                acts.reopen_activity(target, "correct the date", manager)
            elif action == "delete":
                acts.delete_activity(target, author)
        except acts.WorkflowError:
            pass
        assert_rollups_equal_raw(db)
    db.session.rollback()


@settings(DATABASE_EXAMPLES, max_examples=12)
@given(steps=st.lists(FEEDBACK_STEP, min_size=1, max_size=14))
def test_feedback_operations_keep_rollups_equal_to_raw(db, steps):
    sites = [factories.site("MY"), factories.site("MY")]
    manager = factories.user("manager", countries=[factories.country("MY")])
    made = []
    for action, pick, day, sentiment, site_pick in steps:
        target = made[pick % len(made)] if made else None
        try:
            if action in ("record", "grievance") or target is None:
                data = {
                    "received_on": day,
                    "channel": "meeting",
                    "text": "dust",
                    "sentiment": sentiment,
                    "is_grievance": action == "grievance",
                }
                made.append(fb.record_feedback(sites[site_pick], data, manager))
            elif action == "review":
                fb.review_feedback(
                    target,
                    {"channel": "hotline", "sentiment": sentiment, "is_grievance": True},
                    manager,
                )
            else:
                fb.transition(
                    target, action, manager, resolution="fixed", today=day + dt.timedelta(days=pick)
                )
        except fb.LifecycleError:
            pass
        assert_rollups_equal_raw(db)
    db.session.rollback()


def test_rebuild_equals_raw_and_the_demo_keeps_them(db):
    from outreach.demo import load_demo

    load_demo()
    assert_rollups_equal_raw(db)
    counts = rollups.rebuild()
    assert counts["activity_rollups"] > 0 and counts["feedback_rollups"] > 0
    assert_rollups_equal_raw(db)
