"""Complainants' phone number for news by text message

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 17:00:00

- feedback.reply_phone: a mobile number the person gave on the public page to hear of their
  complaint's status by text message, kept only with that consent (personal data, shown only
  to whoever may see the complainant's identity).

Follows 0022 (photo captions), added on another branch.
"""

import sqlalchemy as sa
from alembic import op


revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("feedback") as batch_op:
        batch_op.add_column(sa.Column("reply_phone", sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table("feedback") as batch_op:
        batch_op.drop_column("reply_phone")
