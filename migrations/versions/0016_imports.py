"""Imports: runs, the external ids of imported records, the column mappings of forms

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-02 13:00:00

An import run keeps its file's SHA-256, its state, progress and outcome, so the page can be
left and come back to; import keys make a second import of the same rows add nothing; a
KoboToolbox/ODK form's column mapping is kept for its next export.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("attachments_name", sa.String(length=80), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("state", sa.Enum("queued", "checking", "checked", "refused", "confirmed",
                                   "writing", "done", "failed", "cancelled", name="importstate",
                                   native_enum=False, create_constraint=False, length=17),
                  nullable=False),
        sa.Column("update_existing", sa.Boolean(), nullable=False),
        sa.Column("approve", sa.Boolean(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=True),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("done_rows", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=True),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_import_runs_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_runs")),
    )
    with op.batch_alter_table("import_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_runs_user_id"), ["user_id"], unique=False)
    op.create_table(
        "import_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["import_id"], ["import_runs.id"],
                                name=op.f("fk_import_keys_import_id_import_runs"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_keys")),
        sa.UniqueConstraint("kind", "external_id", name="uq_import_keys_kind_id"),
    )
    op.create_table(
        "import_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
        sa.UniqueConstraint("form_key", "kind", name="uq_import_mappings_form"),
    )


def downgrade():
    op.drop_table("import_mappings")
    op.drop_table("import_keys")
    with op.batch_alter_table("import_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_runs_user_id"))
    op.drop_table("import_runs")
