"""covering indexes for the dashboards and reports, rollups keyed month first

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-28 22:00:00

- The dashboards read the rollups by ranges of months: each rollup table's primary key now
  starts with the month (then the days to resolve, or the category, where those are summed
  over) and, on SQLite, the rows are stored in key order (WITHOUT ROWID), so a period's rows
  lie together and are summed without sorting.
- A month whose exchange rate changes mid-month reads every column it sums from one index of
  the activities (ix_activities_money) instead of looking each activity up.
- The activities' (state, site, date) index and the feedback's (site, received) index carry the
  columns the reports' figures and the review queue's count read, so those are answered from
  the index alone; the single-column index on the activities' state, a prefix of both, goes.
"""
from alembic import op


revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None

STATE_SITE_DATE = ['state', 'site_id', 'activity_date']
STATE_SITE_DATE_COVERING = STATE_SITE_DATE + [
    'is_deleted', 'kind', 'beneficiary_id', 'completed', 'participants_youth',
    'participants_indigenous', 'participants_vulnerable', 'author_id',
]
MONEY = [
    'state', 'activity_date', 'is_deleted', 'currency', 'site_id', 'cause', 'motivation',
    'cash_amount', 'in_kind_value', 'cost_amount', 'staff_hours',
]
SITE_RECEIVED = ['site_id', 'received_on']
SITE_RECEIVED_COVERING = SITE_RECEIVED + ['is_deleted', 'is_grievance', 'closed_on', 'satisfaction']
#: table: (old key, new key, new site index columns)
ROLLUPS = {
    'activity_rollups': (
        ['site_id', 'month', 'currency'],
        ['month', 'site_id', 'currency'],
        ['site_id', 'last_consultation'],
    ),
    'feedback_rollups': (['site_id', 'month'], ['month', 'site_id'], ['site_id', 'month']),
    'resolve_day_rollups': (
        ['site_id', 'month', 'days'], ['month', 'days', 'site_id'], ['site_id', 'month'],
    ),
    'grievance_rollups': (
        ['site_id', 'month', 'category_id'],
        ['month', 'category_id', 'site_id'],
        ['site_id', 'month'],
    ),
}


def _site_index(table):
    if table == 'activity_rollups':
        return 'ix_activity_rollups_site_consultation'
    return f'ix_{table}_site_month'


def _replace_index(table, name, columns):
    op.drop_index(name, table_name=table)
    op.create_index(name, table, columns, unique=False)


def _rekey(table, key, index_name, index_columns, old_index, with_rowid):
    sqlite = op.get_bind().dialect.name == 'sqlite'
    kwargs = {'sqlite_with_rowid': with_rowid} if sqlite else {}
    with op.batch_alter_table(
        table, recreate='always' if sqlite else 'auto', table_kwargs=kwargs
    ) as batch_op:
        batch_op.drop_index(old_index)
        batch_op.drop_constraint(f'pk_{table}', type_='primary')
        batch_op.create_primary_key(f'pk_{table}', key)
        batch_op.create_index(index_name, index_columns, unique=False)


def upgrade():
    _replace_index('activities', 'ix_activities_state_site_date', STATE_SITE_DATE_COVERING)
    op.drop_index('ix_activities_state', table_name='activities')
    op.drop_index('ix_activities_state_date_currency', table_name='activities')
    op.create_index('ix_activities_money', 'activities', MONEY, unique=False)
    _replace_index('feedback', 'ix_feedback_site_received', SITE_RECEIVED_COVERING)
    for table, (_, key, site_index) in ROLLUPS.items():
        _rekey(table, key, _site_index(table), site_index, f'ix_{table}_month_site', False)


def downgrade():
    for table, (key, _, _) in ROLLUPS.items():
        _rekey(table, key, f'ix_{table}_month_site', ['month', 'site_id'], _site_index(table), True)
    _replace_index('feedback', 'ix_feedback_site_received', SITE_RECEIVED)
    op.drop_index('ix_activities_money', table_name='activities')
    op.create_index(
        'ix_activities_state_date_currency', 'activities', ['state', 'activity_date', 'currency'],
        unique=False,
    )
    op.create_index('ix_activities_state', 'activities', ['state'], unique=False)
    _replace_index('activities', 'ix_activities_state_site_date', STATE_SITE_DATE)
