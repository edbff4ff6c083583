"""The photos a manager chose for an issued report, with the captions they wrote; feedback
categories named in every language

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 17:00:00

The captions are kept with the issued version like its executive summary: a JSON list of
{"attachment_id", "site_code", "caption"}, in the order printed. A category's names in other
languages are a JSON object {language code: name} beside its recorded name.
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    # plain ADD COLUMN: a batch would copy the table of issued PDFs
    op.add_column(
        "issued_reports",
        sa.Column("photo_captions", sa.Text(), server_default="[]", nullable=False),
    )
    op.add_column(
        "feedback_categories",
        sa.Column("other_names", sa.Text(), server_default="{}", nullable=False),
    )


def downgrade():
    op.drop_column("feedback_categories", "other_names")
    op.drop_column("issued_reports", "photo_captions")
