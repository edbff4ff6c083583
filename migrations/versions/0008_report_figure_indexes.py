"""covering indexes for the report figures

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-28 22:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.create_index('ix_activities_report_figures', ['state', 'site_id', 'activity_date', 'is_deleted', 'kind', 'beneficiary_id', 'completed', 'participants_youth', 'participants_indigenous', 'participants_vulnerable'], unique=False)

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_report_figures', ['site_id', 'received_on', 'is_deleted', 'is_grievance', 'closed_on', 'satisfaction'], unique=False)


def downgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_report_figures')

    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_index('ix_activities_report_figures')
