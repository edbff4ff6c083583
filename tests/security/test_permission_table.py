"""One permission table: who may do what is written once, in outreach/core/permissions.py.

The table itself is asserted role by role, so changing who may do something is a visible,
reviewed change; ``can`` is checked on targets in and out of scope; operations refuse what
their views refuse; and no module or template outside the table compares roles.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from outreach.auth.models import Role
from outreach.core.permissions import CAPABILITIES, Refused, can, role_may
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
A, M, F, P = Role.ADMIN, Role.MANAGER, Role.FIELD, Role.PARTNER

#: action → the roles that hold it. Edit this with the table, on purpose.
EXPECTED = {
    "site.view": {A, M, F, P},
    "site.manage": {A},
    "record.view": {A, M, F},
    "record.write": {A, M, F},
    "record.delete": {A, M},
    "personal_data.view": {A, M, F},
    "activity.review": {A, M},
    "grievance.manage": {A, M},
    "grievance.handle": {M, F},
    "identity.reveal": {M},
    "dashboard.view": {A, M, F},
    "dashboard.partner": {P},
    "figures.small_counts": {A, M, F},
    "whatworks.view": {A, M, P},
    "whatworks.peers": {A, M},
    "report.view": {A, M, P},
    "report.issue": {A, M},
    "start.logging": {F},
    "notify.escalation": {M},
    "notify.review": {M},
    "notify.public_feedback": {M, F},
    "notify.report_issued": {P},
    "users.manage": {A},
    "webhooks.manage": {A},
    "rates.manage": {A},
    "import.run": {A, M},
    "audit.view": {A},
    "categories.manage": {A},
    "jobs.manage": {A},
    "mail.manage": {A},
    "organisation.manage": {A},
    "sign_in.second_factor": {A, M},
}

#: where a role is data, not a decision: (file, top-level name)
ROLES_AS_DATA = {
    ("outreach/auth/models.py", "ROLE_LABELS"),  # the names shown for each role
    ("outreach/auth/models.py", "SCOPE_OF_ROLE"),  # which of its lists an account fills
    ("outreach/demo/base.py", "load_base"),  # the demo accounts
    ("outreach/demo/feedback.py", "load_feedback"),  # the demo staff who record feedback
}
TABLE = "outreach/core/permissions.py"
ROLE_NAMES = {r.name for r in Role}
COMPARISONS = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)


def test_the_table_lists_every_action_once():
    assert set(CAPABILITIES) == set(EXPECTED)


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_role_holds_exactly_the_expected_capabilities(action, role):
    assert role_may(role, action) is (role in EXPECTED[action])


def test_writes_need_an_open_site_and_administration_has_no_scope():
    writes = {a for a, c in CAPABILITIES.items() if c.open_site}
    unscoped = {a for a, c in CAPABILITIES.items() if not c.scoped}
    assert writes == {"record.write", "record.delete"}
    assert unscoped == {
        "users.manage",
        "rates.manage",
        "import.run",
        "audit.view",
        "webhooks.manage",
        "categories.manage",
        "jobs.manage",
        "mail.manage",
        "organisation.manage",
        "sign_in.second_factor",
    }


def test_can_answers_by_role_and_scope(db):
    own, other = factories.site("MY"), factories.site("TH")
    archived = factories.site("MY", archived=True)
    field = factories.user("field", sites=[own, archived])
    manager = factories.user("manager", countries=["MY"])
    partner = factories.user("partner", countries=["MY"])
    admin = factories.user("admin")
    activity = factories.activity(own, field)
    # scope: assigned sites for field officers, countries for managers, everything for admins
    assert can(field, "record.write", own) and not can(field, "record.write", other)
    assert can(field, "record.write", activity)
    assert can(manager, "site.view", own) and not can(manager, "site.view", other)
    assert can(admin, "site.manage", other) and can(admin, "site.manage", other.country)
    # an archived site is seen, not written to
    assert can(field, "site.view", archived) and not can(field, "record.write", archived)
    # partners see sites of their country, never records or personal data
    assert can(partner, "site.view", own) and not can(partner, "record.view", own)
    assert not can(partner, "personal_data.view", activity)
    # a country, and the whole portfolio (no country) only for those who see everything
    assert can(manager, "report.issue", own.country) and not can(
        manager, "report.issue", other.country
    )
    portfolio = factories.issued_report(country=None)
    assert can(admin, "report.view", portfolio) and not can(manager, "report.view", portfolio)
    assert not can(field, "report.view", own.country)
    # no capability at all without signing in
    from flask_login import AnonymousUserMixin

    assert not can(AnonymousUserMixin(), "site.view", own)
    assert not can(None, "site.view")


def test_a_stakeholder_is_writable_when_one_of_its_sites_is(db):
    own, other = factories.site("MY"), factories.site("TH")
    field = factories.user("field", sites=[own])
    assert can(field, "record.write", factories.stakeholder(sites=[other, own]))
    assert not can(field, "record.write", factories.stakeholder(sites=[other]))


def _grievance_setup():
    from outreach.feedback.models import GrievanceStatus

    site = factories.site("MY")
    grievance = factories.feedback(site, is_grievance=True, status=GrievanceStatus.RECEIVED)
    return site, grievance


def test_grievance_operations_refuse_whoever_the_view_would_refuse(db):
    """The operations check too: a caller other than the view (an import, an API) cannot move,
    assign, annotate or reveal a grievance it may not."""
    from outreach.feedback import operations as ops

    site, grievance = _grievance_setup()
    field = factories.user("field", sites=[site])  # not the assignee
    other_manager = factories.user("manager", countries=["TH"])
    admin = factories.user("admin")
    with pytest.raises(Refused):
        ops.transition(grievance, "acknowledge", field)
    with pytest.raises(Refused):
        ops.transition(grievance, "escalate", other_manager)
    with pytest.raises(Refused):
        ops.assign(grievance, field, field)
    with pytest.raises(Refused):
        ops.add_note(grievance, "called back", other_manager)
    with pytest.raises(Refused):
        ops.reveal_identity(grievance, "needed", admin)  # only managers reveal
    assert grievance.status.value == "received" and grievance.assignee_id is None
    manager = factories.user("manager", countries=["MY"])
    ops.assign(grievance, field, manager)
    ops.transition(grievance, "acknowledge", field)  # now the assignee
    assert grievance.status.value == "acknowledged"


def test_record_operations_refuse_outside_scope_and_at_archived_sites(db):
    from outreach.activities import commitment_operations as commitments
    from outreach.sites import operations as sites
    from outreach.stakeholders import operations as stakeholders

    own, other = factories.site("MY"), factories.site("TH")
    field = factories.user("field", sites=[own])
    with pytest.raises(Refused):
        commitments.create_commitment(other, {"description": "A well"}, field)
    with pytest.raises(Refused):
        stakeholders.create_stakeholder(
            {"name": "Kampung X", "category": "village", "site_ids": [other.id]}, field
        )
    with pytest.raises(Refused):
        sites.set_archived(own, True, field)
    with pytest.raises(Refused):
        commitments.delete_commitment(factories.commitment(own), field)
    assert not own.archived


def _role_comparisons(tree: ast.Module) -> list[tuple[str, int]]:
    """(top-level name, line) of each role comparison or Role.<NAME> in a module."""
    found = []
    for statement in tree.body:
        name = getattr(statement, "name", "")
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            name = ",".join(t.id for t in targets if isinstance(t, ast.Name))
        for node in ast.walk(statement):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "Role"
                and node.attr in ROLE_NAMES
            ):
                found.append((name, node.lineno))
            elif isinstance(node, ast.Compare) and any(
                isinstance(op, COMPARISONS) for op in node.ops
            ):
                sides = [node.left, *node.comparators]
                if any(isinstance(s, ast.Attribute) and s.attr == "role" for s in sides):
                    found.append((name, node.lineno))
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "in_"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "role"
            ):
                found.append((name, node.lineno))
    return found


def test_the_detector_sees_each_kind_of_role_comparison():
    source = (
        "def f(user):\n"
        "    a = user.role == 'admin'\n"
        "    b = user.role not in ALLOWED\n"
        "    c = Role.PARTNER\n"
        "    d = User.role.in_(roles)\n"
        "    e = user.role.value\n"
    )
    assert [line for _, line in _role_comparisons(ast.parse(source))] == [2, 3, 4, 5]


def test_no_module_outside_the_table_compares_roles():
    offenders = []
    for path in sorted((ROOT / "outreach").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative == TABLE:
            continue
        for name, line in _role_comparisons(ast.parse(path.read_text(), relative)):
            if (relative, name) not in ROLES_AS_DATA:
                offenders.append(f"{relative}:{line} ({name})")
    assert not offenders, "ask permissions.can() instead of comparing roles: " + ", ".join(
        offenders
    )


TEMPLATE_ROLE_CHECK = re.compile(r"\bRole\.|\brole\s*(==|!=|\bin\b|\bnot\s+in\b)")


def test_no_template_compares_roles():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for n, text in enumerate(path.read_text().splitlines(), 1)
        if TEMPLATE_ROLE_CHECK.search(text)
    ]
    assert not offenders, 'use {% if can("action", target) %}: ' + ", ".join(offenders)


def test_the_footer_names_the_role_in_words(client, login_as):
    login_as("field", sites=[factories.site()])
    page = client.get("/account").get_data(as_text=True)
    assert "Field officer" in page
