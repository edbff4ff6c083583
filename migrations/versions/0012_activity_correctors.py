"""who changed an entry since its author submitted it, kept beside the entry

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 10:20:00

The four-eyes rule (nobody approves content they wrote or changed) was read from the audit
log's action names; it now reads ``activity_correctors``, kept by the operations. Existing
entries get theirs from the audit log here, by the rule the application applied until now.
"""

import sqlalchemy as sa
from alembic import op


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "activity_correctors",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_activity_correctors_activity_id_activities"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_activity_correctors_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("activity_id", "user_id", name=op.f("pk_activity_correctors")),
    )
    # Content changes (update, attach, detach) by someone other than the author after the
    # author's last submission.
    op.execute(
        """
        INSERT INTO activity_correctors (activity_id, user_id)
        SELECT DISTINCT a.id, e.user_id
        FROM activities a
        JOIN audit_events e
          ON e.object_type = 'activity' AND e.object_id = CAST(a.id AS VARCHAR(64))
        WHERE e.action IN ('update', 'attach', 'detach')
          AND e.user_id IS NOT NULL
          AND e.user_id <> a.author_id
          AND e.id > COALESCE((
              SELECT MAX(s.id) FROM audit_events s
              WHERE s.object_type = 'activity' AND s.object_id = CAST(a.id AS VARCHAR(64))
                AND s.action IN ('submit', 'resubmit') AND s.user_id = a.author_id
          ), 0)
        """
    )


def downgrade():
    op.drop_table("activity_correctors")
