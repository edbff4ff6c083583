"""survey rounds keep their perception index

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 22:15:00

The dashboards read each round's perception index instead of every answer of every round.
Existing rounds get theirs from their answers here; the application keeps it up to date on
every save from then on.
"""

from decimal import Decimal

import sqlalchemy as sa
from alembic import op


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_rounds", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("perception", sa.Numeric(precision=4, scale=1), nullable=True)
        )

    from outreach.feedback.indices import perception_index

    conn = op.get_bind()
    counts = {}
    for round_id, item, *ns in conn.execute(
        sa.text("SELECT round_id, item, n1, n2, n3, n4, n5 FROM survey_answer_counts")
    ):
        counts.setdefault(round_id, {})[item] = ns
    update = sa.text("UPDATE survey_rounds SET perception = :p WHERE id = :id").bindparams(
        sa.bindparam("p", type_=sa.Numeric(4, 1))
    )
    for round_id, answers in counts.items():
        index = perception_index(answers)
        if index is not None:
            conn.execute(update, {"p": Decimal(str(index)), "id": round_id})


def downgrade():
    with op.batch_alter_table("survey_rounds", schema=None) as batch_op:
        batch_op.drop_column("perception")
