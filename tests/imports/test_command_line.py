"""The ``import`` command: a template, a check, then every row written or none; a second
import of the same file adds nothing; changed rows update only when asked."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from openpyxl import load_workbook

from outreach.activities.kinds import ActivityState
from outreach.activities.models import Activity
from outreach.core.audit import AuditEvent
from outreach.extensions import db
from tests import factories
from tests.foundation.helpers import row_counts
from tests.imports.conftest import csv_file, donation_row, table


def activities():
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Activity).order_by(Activity.id)))


def test_the_template_has_headings_choices_an_example_and_notes(app, db, tmp_path):
    out = tmp_path / "activities.xlsx"
    result = app.test_cli_runner().invoke(
        args=["import", "template", "activities", "-o", str(out), "--lang", "ms"]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    sheet = book.worksheets[0]
    headings = [c.value for c in sheet[1]]
    assert "Tarikh" in headings  # Malay headings
    assert sheet.data_validations.dataValidation  # drop-down lists for fixed choices
    assert sheet.cell(row=2, column=headings.index(headings[2]) + 1).value  # an example row
    assert len(book.worksheets) == 3  # the sheet, the hidden lists, the notes


def test_rows_are_written_once_and_sent_to_review(world, tmp_path, run_import):
    path = csv_file(tmp_path / "d.csv", table([donation_row("D-1"), donation_row("D-2")]))
    result = run_import("activities", path)
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated, 0 unchanged" in result.output
    written = activities()
    assert [a.state for a in written] == [ActivityState.SUBMITTED] * 2
    assert written[0].beneficiary_id == world["school"].id
    audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "import"))
    assert audit.changes["sha256"][1] and len(audit.changes["sha256"][1]) == 64

    again = run_import("activities", path)
    assert "0 created, 0 updated, 2 unchanged" in again.output
    assert len(activities()) == 2


def test_changed_rows_update_only_when_asked(world, tmp_path, run_import):
    run_import("activities", csv_file(tmp_path / "a.csv", table([donation_row()])))
    changed = csv_file(tmp_path / "b.csv", table([donation_row(cash="6000")]))
    assert "0 created, 0 updated, 1 unchanged" in run_import("activities", changed).output
    version = activities()[0].version
    result = run_import("activities", changed, "--update")
    assert "0 created, 1 updated, 0 unchanged" in result.output, result.output
    (activity,) = activities()
    assert activity.cash_amount == 6000 and activity.version == version + 1


def test_approve_enters_review_as_approved(world, tmp_path, run_import):
    path = csv_file(tmp_path / "d.csv", table([donation_row()]), delimiter=";", bom=False)
    assert run_import("activities", path, "--approve").exit_code == 0
    assert activities()[0].state == ActivityState.APPROVED


def test_one_bad_row_writes_nothing_and_says_where(world, tmp_path, run_import):
    rows = [
        donation_row("D-1"),
        donation_row("D-2", cash="", beneficiary="Nobody"),
        donation_row("D-3", site="TH-PORT"),
    ]
    before = row_counts()
    result = run_import("activities", csv_file(tmp_path / "bad.csv", table(rows)))
    assert result.exit_code != 0
    assert "row 3, cash: Enter the cash amount." in result.output
    assert "row 3, beneficiary: This beneficiary is not in the register" in result.output
    assert "row 4, site: No site has this code." in result.output  # another country: unseen
    assert "Nothing was written." in result.output
    changed = {t: n for t, n in row_counts().items() if n != before[t]}
    assert set(changed) <= {"import_runs"}


def test_dry_run_writes_nothing(world, tmp_path, run_import):
    path = csv_file(tmp_path / "d.csv", table([donation_row()]))
    result = run_import("activities", path, "--dry-run")
    assert result.exit_code == 0 and "1 created" in result.output
    assert activities() == []


def test_a_field_officer_cannot_import(world, tmp_path, run_import):
    from tests import factories

    factories.user("field", sites=[world["site"]], email="field@example.org")
    path = csv_file(tmp_path / "d.csv", table([donation_row()]))
    result = run_import("activities", path, email="field@example.org")
    assert result.exit_code != 0 and activities() == []


def test_other_kinds_go_through_their_rules(world, tmp_path, run_import):
    admin = "admin@example.org"
    from tests import factories

    factories.user("admin", email=admin)
    sites = csv_file(
        tmp_path / "s.csv",
        [
            ["code", "name", "country", "kind", "status"],
            ["MY-NEW-1", "New depot", "MY", "rail", "construction"],
        ],
    )
    assert "1 created" in run_import("sites", sites, email=admin).output
    rates = csv_file(
        tmp_path / "r.csv", [["currency", "rate", "valid_from"], ["MYR", "0.21", "2025-01-01"]]
    )
    assert "1 created" in run_import("rates", rates, email=admin).output
    assert "1 unchanged" in run_import("rates", rates, email=admin).output
    people = csv_file(
        tmp_path / "p.csv",
        [
            ["external_id", "name", "category", "sites", "contact_phone"],
            ["P-1", "Surau Al-Falah", "religious", "MY-ECRL", "012"],
        ],
    )
    result = run_import("stakeholders", people)
    assert "consent" in result.output.lower() and result.exit_code != 0
    feedback = csv_file(
        tmp_path / "f.csv",
        [
            ["external_id", "site", "received_on", "channel", "text", "is_grievance", "sentiment"],
            ["F-1", "MY-ECRL", "2025-03-03", "meeting", "Dust on the school road", "yes", "-1"],
        ],
    )
    assert "1 created" in run_import("grievances", feedback).output
    promises = csv_file(
        tmp_path / "c.csv",
        [
            ["external_id", "site", "description", "owner", "due_date"],
            ["C-1", "MY-ECRL", "Repair the footbridge", "Civil engineer", "2025-09-30"],
        ],
    )
    assert "1 created" in run_import("commitments", promises).output


def test_the_figures_count_approved_imports_once_each(world, tmp_path, run_import):
    """The rollups refresh each month once at the end of an import, to what a rebuild gives."""
    from outreach.stats import rollups
    from outreach.stats.models import ROLLUP_TABLES

    rows = [donation_row(f"D-{n}", cash=str(1000 + n)) for n in range(5)]
    path = csv_file(tmp_path / "d.csv", table(rows))
    assert run_import("activities", path, "--approve").exit_code == 0

    def stored():
        db.session.expire_all()
        return {t.name: sorted(map(tuple, db.session.execute(sa.select(t)))) for t in ROLLUP_TABLES}

    imported = stored()
    assert imported["activity_rollups"]
    rollups.rebuild()
    assert stored() == imported


def _trail(activity_id):
    stmt = (
        sa.select(AuditEvent.action, AuditEvent.changes, AuditEvent.user_id)
        .where(AuditEvent.object_type == "activity", AuditEvent.object_id == str(activity_id))
        .order_by(AuditEvent.id)
    )
    return [tuple(r) for r in db.session.execute(stmt)]


def test_an_imported_entry_is_what_the_operations_make_of_it(world, tmp_path, run_import):
    """Rows written together hold what creating, submitting (and, when asked, approving) each
    through the operations leaves: the same fields, partners, state, version and audit trail."""
    from outreach.activities import operations
    from outreach.activities.kinds import ActivityKind

    partner = factories.stakeholder(sites=[world["site"]], name="Persatuan Nelayan")
    row = donation_row(partners="SK Kampung Baru; Persatuan Nelayan", place="Kampung Baru")
    assert run_import("activities", csv_file(tmp_path / "d.csv", table([row])), "--approve")
    (imported,) = activities()

    manager = world["manager"]
    made = operations.create_activity(
        world["site"],
        ActivityKind.DONATION,
        {
            "activity_date": imported.activity_date,
            "title": row["title"],
            "place": "Kampung Baru",
            "motivation": "community_investment",
            "cause": "education",
            "donation_form": "cash",
            "beneficiary_id": world["school"].id,
            "cash_amount": Decimal("5000"),
            "beneficiaries": 320,
            "partner_ids": [world["school"].id, partner.id],
        },
        manager,
    )
    operations.submit_activity(made, manager)
    operations.approve_imported_activity(made, manager)
    db.session.commit()
    made = db.session.get(Activity, made.id)
    imported = db.session.get(Activity, imported.id)

    skip = {"id", "created_at", "updated_at", "submitted_at", "reviewed_at"}
    columns = [c.key for c in Activity.__table__.columns if c.key not in skip]
    assert {c: getattr(imported, c) for c in columns} == {c: getattr(made, c) for c in columns}
    assert {p.id for p in imported.partners} == {p.id for p in made.partners}
    assert _trail(imported.id) == _trail(made.id)
    assert [a for a, _c, _u in _trail(imported.id)] == ["create", "submit", "approve_import"]
