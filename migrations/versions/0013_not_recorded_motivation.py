"""B4SI motivation "not recorded" gets its own rollup columns

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 10:00:00

An activity whose motivation nobody knows is recorded as such instead of as a preselected
charitable gift; the dashboards and reports show its money and staff time as "Not recorded".
Existing rows hold no such activity, so the new columns start at zero.
"""

import sqlalchemy as sa
from alembic import op


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

COLUMNS = ("motivation_not_recorded", "motivation_not_recorded_hours")


def upgrade():
    with op.batch_alter_table("activity_rollups", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(
                sa.Column(name, sa.BigInteger(), nullable=False, server_default="0")
            )


def downgrade():
    with op.batch_alter_table("activity_rollups", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.drop_column(name)
