"""Organisation profile, report narrative, and what GRI 413-1 asks of each site

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-02 13:20:00

An admin sets the organisation's name, logo and contact for the report cover and footer; a
manager writes an executive summary and highlights for each issued report, stored with the
version; each site records its impact assessments, their public disclosure, its engagement
plan, consultation committee and works council, for the GRI 413-1 shares.
"""

import sqlalchemy as sa
from alembic import op

from outreach.core.db import UTCDateTime

revision = "0020"
down_revision = "0018"
branch_labels = None
depends_on = None

SITE_FLAGS = ("engagement_plan", "consultation_committee", "works_council")


def upgrade():
    op.create_table(
        "organisation_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.Text(), server_default="", nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_type", sa.String(length=40), server_default="", nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_profile")),
    )
    # plain ADD COLUMN: a batch would copy these tables, which others point at
    op.add_column(
        "issued_reports",
        sa.Column("executive_summary", sa.Text(), server_default="", nullable=False),
    )
    op.add_column(
        "issued_reports", sa.Column("highlights", sa.Text(), server_default="", nullable=False)
    )
    op.add_column("sites", sa.Column("social_assessment_on", sa.Date(), nullable=True))
    op.add_column("sites", sa.Column("environmental_assessment_on", sa.Date(), nullable=True))
    op.add_column(
        "sites",
        sa.Column(
            "assessment_disclosure_url", sa.String(length=500), server_default="", nullable=False
        ),
    )
    for name in SITE_FLAGS:
        op.add_column(
            "sites", sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    for name in (*SITE_FLAGS, "assessment_disclosure_url", "environmental_assessment_on"):
        op.drop_column("sites", name)
    op.drop_column("sites", "social_assessment_on")
    op.drop_column("issued_reports", "highlights")
    op.drop_column("issued_reports", "executive_summary")
    op.drop_table("organisation_profile")
