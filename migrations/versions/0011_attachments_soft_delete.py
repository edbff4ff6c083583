"""removed attachments are kept until the retention period is over

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 10:00:00

Removing a file from an entry marks it removed; ``flask --app app uploads purge`` deletes the
files removed longer ago than ``ATTACHMENT_RETENTION_DAYS``.
"""

import sqlalchemy as sa
from alembic import op


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("activity_attachments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_deleted", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("activity_attachments", schema=None) as batch_op:
        batch_op.alter_column("is_deleted", server_default=None)


def downgrade():
    with op.batch_alter_table("activity_attachments", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("is_deleted")
