"""Operations: each kind recorded, every workflow step, commitments; all audited."""

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from outreach.activities import commitment_operations as commitment_ops
from outreach.activities import operations as ops
from outreach.activities.kinds import ActivityKind, ActivityState, CommitmentStatus
from outreach.activities.rules import WorkflowError
from outreach.core.audit import AuditEvent
from outreach.core.rules import RuleError
from tests import factories
from tests.activities.helpers import KIND_DETAILS

COMMON = dict(
    activity_date=dt.date(2026, 3, 1),
    title="Textbooks for SK Kampung Baru",
    description="",
    place="Kampung Baru",
    latitude=None,
    longitude=None,
    cost_amount=Decimal("120.50"),
    currency="MYR",
    staff_hours=Decimal("6.0"),
    motivation="community_investment",
    cause="education",
    partner_ids=[],
)


def _events(db, object_type="activity"):
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.object_type == object_type)
            .order_by(AuditEvent.id)
        )
    )


@pytest.fixture
def people(db):
    site = factories.site()
    return dict(
        site=site,
        officer=factories.user("field", sites=[site]),
        manager=factories.user("manager", countries=["MY"]),
        other_manager=factories.user("manager", countries=["MY"]),
        school=factories.stakeholder(sites=[site], name="SK Kampung Baru"),
    )


@pytest.mark.parametrize(
    "kind, check",
    [
        ("festival", ("attendance", 300)),
        ("donation", ("in_kind_value", Decimal("5000.00"))),
        ("consultation", ("participants_women", 25)),
        ("training", ("completed", 18)),
    ],
)
def test_each_kind_is_recorded_as_an_audited_draft(db, people, kind, check):
    data = {**COMMON, **KIND_DETAILS[kind], "partner_ids": [people["school"].id]}
    if kind == "donation":
        data["beneficiary_id"] = people["school"].id
    activity = ops.create_activity(people["site"], ActivityKind(kind), data, people["officer"])
    db.session.commit()
    assert activity.state == ActivityState.DRAFT
    assert getattr(activity, check[0]) == check[1]
    assert activity.cost_amount == Decimal("120.50") and isinstance(activity.cost_amount, Decimal)
    assert [p.name for p in activity.partners] == ["SK Kampung Baru"]
    (event,) = _events(db)
    assert event.action == "create" and event.changes[check[0]][1] == (
        str(check[1]) if isinstance(check[1], Decimal) else check[1]
    )


def test_currency_defaults_to_the_site_countrys(db, people):
    data = {k: v for k, v in COMMON.items() if k != "currency"}
    data.update(occasion="open_house", attendance=10)
    activity = ops.create_activity(people["site"], ActivityKind.FESTIVAL, data, people["officer"])
    assert activity.currency == "MYR"


def test_full_workflow_submit_return_resubmit_approve_reopen(db, people):
    officer, manager = people["officer"], people["manager"]
    activity = factories.activity(people["site"], officer)
    ops.submit_activity(activity, officer)
    assert activity.state == ActivityState.SUBMITTED
    ops.return_activity(activity, "Attach the signed receipt", manager)
    assert activity.state == ActivityState.RETURNED
    assert activity.review_comment == "Attach the signed receipt"
    ops.update_activity(activity, {"title": "Corrected"}, officer)
    ops.submit_activity(activity, officer)
    assert activity.is_resubmission
    ops.approve_activity(activity, manager)
    assert activity.state == ActivityState.APPROVED
    ops.reopen_activity(activity, "Amount was in USD, not MYR", manager)
    assert activity.state == ActivityState.RETURNED
    db.session.commit()
    actions = [e.action for e in _events(db)]
    assert actions == ["submit", "return", "update", "resubmit", "approve", "reopen"]
    assert _events(db)[4].changes["state"] == ["submitted", "approved"]


def test_field_officer_cannot_approve(db, people):
    activity = factories.activity(people["site"], people["manager"], state=ActivityState.SUBMITTED)
    with pytest.raises(WorkflowError, match="manager"):
        ops.approve_activity(activity, people["officer"])
    assert activity.state == ActivityState.SUBMITTED


def test_nobody_approves_their_own_entry(db, people):
    activity = factories.activity(people["site"], people["manager"], state=ActivityState.SUBMITTED)
    with pytest.raises(WorkflowError, match="own entry"):
        ops.approve_activity(activity, people["manager"])
    ops.approve_activity(activity, people["other_manager"])
    assert activity.state == ActivityState.APPROVED


def test_a_reviewer_approves_content_they_changed_only_once_the_author_resubmitted_it(db, people):
    officer, manager = people["officer"], people["manager"]
    activity = factories.activity(people["site"], officer, state=ActivityState.SUBMITTED)
    ops.update_activity(activity, {"cost_amount": Decimal("99999.00")}, manager)
    with pytest.raises(WorkflowError, match="You changed this entry"):
        ops.approve_activity(activity, manager)
    assert activity.state == ActivityState.SUBMITTED
    ops.return_activity(activity, "I corrected the cost: please check it", manager)
    ops.submit_activity(activity, officer)  # the author takes the correction as their own
    ops.approve_activity(activity, manager)
    assert activity.state == ActivityState.APPROVED
    assert activity.cost_amount == Decimal("99999.00")


def test_a_reviewer_who_corrected_a_reopened_entry_cannot_approve_it(db, people):
    officer, manager = people["officer"], people["manager"]
    activity = factories.activity(people["site"], officer)
    ops.submit_activity(activity, officer)
    ops.approve_activity(activity, manager)
    ops.reopen_activity(activity, "Amount was in USD", manager)
    ops.update_activity(activity, {"currency": "USD"}, manager)
    ops.submit_activity(activity, manager)
    with pytest.raises(WorkflowError, match="another manager of the country or an admin"):
        ops.approve_activity(activity, manager)
    ops.approve_activity(activity, people["other_manager"])
    assert activity.state == ActivityState.APPROVED


def test_the_four_eyes_rule_is_kept_with_the_entry_not_read_from_the_audit_log(db, people):
    officer, manager = people["officer"], people["manager"]
    activity = factories.activity(people["site"], officer, state=ActivityState.SUBMITTED)
    ops.update_activity(activity, {"title": "Corrected by the manager"}, manager)
    db.session.commit()
    db.session.execute(sa.delete(AuditEvent))  # an archived or pruned log changes nothing
    db.session.expire_all()
    with pytest.raises(WorkflowError, match="You changed this entry"):
        ops.approve_activity(activity, manager)
    assert [u.id for u in activity.correctors] == [manager.id]
    ops.approve_activity(activity, people["other_manager"])
    assert activity.state == ActivityState.APPROVED


def test_approved_entries_are_locked(db, people):
    activity = factories.activity(people["site"], people["officer"], state=ActivityState.APPROVED)
    for actor in (people["officer"], people["manager"]):
        with pytest.raises(WorkflowError):
            ops.update_activity(activity, {"title": "Changed"}, actor)
        with pytest.raises(WorkflowError):
            ops.delete_activity(activity, actor)
    assert activity.title != "Changed"


@pytest.mark.parametrize("state", ["draft", "returned", "approved"])
def test_only_submitted_entries_can_be_reviewed(db, people, state):
    activity = factories.activity(people["site"], people["officer"], state=ActivityState(state))
    with pytest.raises(WorkflowError):
        ops.approve_activity(activity, people["manager"])
    with pytest.raises(WorkflowError):
        ops.return_activity(activity, "no", people["manager"])


def test_returning_needs_a_comment_and_reopening_a_reason(db, people):
    activity = factories.activity(people["site"], people["officer"], state=ActivityState.SUBMITTED)
    with pytest.raises(WorkflowError):
        ops.return_activity(activity, "  ", people["manager"])
    activity.state = ActivityState.APPROVED
    with pytest.raises(WorkflowError):
        ops.reopen_activity(activity, "", people["manager"])
    with pytest.raises(WorkflowError):
        ops.reopen_activity(activity, "typo", people["officer"])


def test_officer_edits_only_own_drafts_and_not_submitted_ones(db, people):
    colleague = factories.user("field", sites=[people["site"]])
    activity = factories.activity(people["site"], colleague)
    with pytest.raises(WorkflowError):
        ops.update_activity(activity, {"title": "Mine now"}, people["officer"])
    ops.submit_activity(activity, colleague)
    with pytest.raises(WorkflowError):
        ops.update_activity(activity, {"title": "Sneaky"}, colleague)
    with pytest.raises(WorkflowError):
        ops.submit_activity(activity, colleague)


def test_soft_delete_is_audited_and_keeps_the_row(db, people):
    activity = factories.activity(people["site"], people["officer"])
    ops.delete_activity(activity, people["officer"])
    db.session.commit()
    assert activity.is_deleted
    assert _events(db)[-1].changes == {"is_deleted": [False, True]}


def test_commitment_lifecycle_from_a_consultation(db, people):
    consultation = factories.activity(people["site"], people["officer"], kind="consultation")
    data = dict(description="Water the road twice a day", owner="HSE", due_date=dt.date(2026, 1, 1))
    commitment = commitment_ops.create_commitment(
        people["site"],
        data,
        people["officer"],
        consultation=consultation,
        today=dt.date(2026, 2, 1),
    )
    assert commitment.consultation_id == consultation.id
    assert commitment.is_overdue(dt.date(2026, 2, 1))
    with pytest.raises(RuleError) as refused:
        commitment_ops.update_commitment(commitment, {**data, "status": "done"}, people["manager"])
    assert refused.value.errors == {"evidence": ["Say how the promise was kept."]}
    commitment_ops.update_commitment(
        commitment,
        {**data, "status": "done", "evidence": "Water truck log"},
        people["manager"],
        today=dt.date(2026, 2, 3),
    )
    assert commitment.status == CommitmentStatus.DONE and commitment.closed_on == dt.date(
        2026, 2, 3
    )
    assert not commitment.is_overdue(dt.date(2026, 2, 4))
    with pytest.raises(RuleError) as refused:
        commitment_ops.update_commitment(
            commitment, {**data, "status": "dropped"}, people["manager"]
        )
    assert refused.value.errors == {"drop_reason": ["Say why the promise was dropped."]}
    db.session.commit()
    assert [e.action for e in _events(db, "commitment")] == ["create", "status"]


def test_commitment_links_only_to_a_consultation_of_its_site(db, people):
    festival = factories.activity(people["site"], people["officer"], kind="festival")
    data = dict(description="x", owner="y", due_date=dt.date(2026, 1, 1))
    with pytest.raises(commitment_ops.CommitmentError):
        commitment_ops.create_commitment(people["site"], data, people["officer"], festival)
