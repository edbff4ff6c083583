"""An import's bulk write leaves each entry as creating and submitting it one by one does: the
same columns, partners, state, version and audit trail, on either database."""

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from outreach.activities import operations as ops
from outreach.activities.kinds import ActivityKind
from outreach.activities.models import Activity
from outreach.core.audit import AuditEvent
from outreach.core.rules import RuleError
from tests import factories
from tests.activities.helpers import KIND_DETAILS

COMMON = dict(
    activity_date=dt.date(2026, 3, 1),
    # what COPY's text format must escape, and scripts beyond Latin
    description="Handed over at the gate\tby the head\\teacher\nโรงเรียนบ้านดอนหนูน 学校 \\N",
    place="Kampung Baru",
    latitude=Decimal("3.807123"),
    longitude=Decimal("103.326456"),
    cost_amount=Decimal("120.50"),
    currency="MYR",
    staff_hours=Decimal("6.5"),
    motivation="community_investment",
    cause="education",
)
EXTRA = {ActivityKind(kind): details for kind, details in KIND_DETAILS.items()}
#: what differs between two entries made a moment apart
LEFT_OUT = {"id", "created_at", "updated_at", "submitted_at", "reviewed_at"}


@pytest.fixture
def place(db):
    site = factories.site()
    school = factories.stakeholder(sites=[site], name="SK Kampung Baru")
    clinic = factories.stakeholder(sites=[site], name="Klinik Desa")
    manager = factories.user("manager", countries=["MY"])
    db.session.commit()
    return site, school, clinic, manager


def _entries(site, school, clinic, prefix):
    entries = []
    for kind, extra in EXTRA.items():
        data = {**COMMON, **extra, "title": f"{prefix} {kind.value}"}
        data["partner_ids"] = [clinic.id, school.id] if kind != ActivityKind.TRAINING else []
        if kind == ActivityKind.DONATION:
            data["beneficiary_id"] = school.id
        entries.append((site, kind, data))
    return entries


def _what_stays(db, activity_id):
    activity = db.session.get(Activity, activity_id)
    columns = {
        c.key: getattr(activity, c.key) for c in Activity.__table__.c if c.key not in LEFT_OUT
    }
    columns["title"] = columns["title"].split(" ", 1)[1]
    trail = [
        (e.action, e.object_type, e.summary.replace("One", "Each"), e.changes, e.user_id)
        for e in db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.object_type == "activity", AuditEvent.object_id == str(activity_id))
            .order_by(AuditEvent.id)
        )
    ]
    for _action, _type, _summary, changes, _user in trail:
        if changes and "title" in changes:
            changes["title"][1] = changes["title"][1].split(" ", 1)[1]
    return columns, sorted(p.id for p in activity.partners), trail


@pytest.mark.parametrize("approve", [False, True], ids=["submitted", "approved"])
def test_a_bulk_write_leaves_what_creating_and_submitting_each_leaves(db, place, approve):
    site, school, clinic, manager = place
    one_by_one = []
    for site_, kind, data in _entries(site, school, clinic, "One"):
        activity = ops.create_activity(site_, kind, data, manager)
        ops.submit_activity(activity, manager)
        if approve:
            ops.approve_imported_activity(activity, manager)
        one_by_one.append(activity.id)
    bulk = ops.create_submitted_activities(
        _entries(site, school, clinic, "Each"), manager, approve=approve
    )
    db.session.commit()
    db.session.expire_all()

    assert len(bulk) == 4 and min(bulk) > max(one_by_one)
    for single, many in zip(one_by_one, bulk, strict=True):
        expected, got = _what_stays(db, single), _what_stays(db, many)
        assert got == expected
        assert got[2], "the entry has its audit trail"
    donation = db.session.get(Activity, bulk[1])
    assert donation.in_kind_value == Decimal("5000.00") and donation.latitude == Decimal("3.807123")
    assert donation.created_at.tzinfo is not None


def test_a_bulk_write_with_one_entry_refused_writes_none(db, place):
    site, school, clinic, manager = place
    entries = _entries(site, school, clinic, "Each")
    entries[2][2]["participants_women"] = 70  # more women than participants
    with pytest.raises(RuleError) as refused:
        ops.create_submitted_activities(entries, manager)
    assert list(refused.value.rows) == [2]
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 0
