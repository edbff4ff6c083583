"""What works: the stored estimates, one row per scope and outcome

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 13:00:00

``flask --app app what-works compute`` (or a job) fills it; the page and the impact report
only read it.
"""

import sqlalchemy as sa
from alembic import op


revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "what_works_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope_key", sa.String(length=60), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("site_kind", sa.String(length=30), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("site_count", sa.Integer(), nullable=False),
        sa.Column("month_count", sa.Integer(), nullable=False),
        sa.Column("basis", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_what_works_results")),
        sa.UniqueConstraint("scope_key", "outcome", name="uq_what_works_results_scope"),
    )
    op.create_index(
        op.f("ix_what_works_results_country_code"),
        "what_works_results",
        ["country_code"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_what_works_results_country_code"), table_name="what_works_results")
    op.drop_table("what_works_results")
