"""Maintained monthly rollups: what the dashboards and reports read instead of raw rows.

Each row sums one site's approved activities (or feedback) of one calendar month. They are
recomputed from the raw rows by ``rollups.py`` whenever an operation changes something that
counts, inside the same transaction, and rebuilt in full by ``flask dashboards rebuild``.
Money is kept in whole cents and staff time in tenths of an hour, so sums stay exact.
"""

from __future__ import annotations

import sqlalchemy as sa

from outreach.activities.kinds import Cause, Motivation
from outreach.extensions import db

#: Rollups are read by ranges of months: keyed month first and, on SQLite, stored in key order
#: (WITHOUT ROWID), a period's rows lie together and are read without a second lookup.
CLUSTERED = {"sqlite_with_rowid": False}

#: counts and sums of approved activities (integers)
ACTIVITY_COUNTS = [
    "activities",  # approved activities
    "events",  # festivals and community events
    "attendance",  # people who came to them
    "donations",
    "beneficiaries",  # people who benefit from donations
    "consultations",
    "participants",  # people who took part in consultations
    "participants_women",
    "participants_men",
    "trainings",
    "trainees",
    "trainees_women",
]
#: B4SI inputs in cents (money, in the row's currency) and tenths of an hour (staff time)
MONEY_INPUTS = ["cash", "in_kind", "cost"]
CAUSE_COLUMNS = [f"cause_{c.value}" for c in Cause]
MOTIVATION_COLUMNS = [f"motivation_{m.value}" for m in Motivation]
#: every cents column: cash, in-kind, cost, then cash + in-kind + cost per cause and motivation
CENTS_COLUMNS = [*MONEY_INPUTS, *CAUSE_COLUMNS, *MOTIVATION_COLUMNS]
#: every tenth-of-an-hour column: all staff time, then per cause and motivation
HOURS_COLUMNS = ["staff_hours"] + [f"{c}_hours" for c in CAUSE_COLUMNS + MOTIVATION_COLUMNS]

activity_rollups = sa.Table(
    "activity_rollups",
    db.metadata,
    #: the site
    sa.Column("site_id", sa.ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    #: the month, as year × 100 + month (202503)
    sa.Column("month", sa.Integer, nullable=False),
    #: the currency of the money columns
    sa.Column("currency", sa.String(3), nullable=False),
    *[sa.Column(name, sa.Integer, nullable=False, default=0) for name in ACTIVITY_COUNTS],
    *[sa.Column(name, sa.BigInteger, nullable=False, default=0) for name in CENTS_COLUMNS],
    *[sa.Column(name, sa.BigInteger, nullable=False, default=0) for name in HOURS_COLUMNS],
    #: the day of the month's last approved consultation
    sa.Column("last_consultation", sa.Date),
    sa.PrimaryKeyConstraint("month", "site_id", "currency"),
    # a site's rows, and its last consultation up to a day found by one seek
    sa.Index("ix_activity_rollups_site_consultation", "site_id", "last_consultation"),
    **CLUSTERED,
)

#: counts of the month's feedback (by day received) and of its grievances' handling
FEEDBACK_COUNTS = [
    "feedback",  # every feedback item recorded, reviewed or not
    "scored",  # reviewed items with a sentiment score (the sentiment index's n)
    "sentiment_sum",  # the sum of their scores, −2..+2 each
    "grievances",  # items handled as grievances
    "acknowledged_on_time",  # grievances acknowledged by their deadline
    "resolved",  # grievances with a resolution date
]

feedback_rollups = sa.Table(
    "feedback_rollups",
    db.metadata,
    sa.Column("site_id", sa.ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    sa.Column("month", sa.Integer, nullable=False),
    *[sa.Column(name, sa.Integer, nullable=False, default=0) for name in FEEDBACK_COUNTS],
    sa.PrimaryKeyConstraint("month", "site_id"),
    sa.Index("ix_feedback_rollups_site_month", "site_id", "month"),
    **CLUSTERED,
)

#: grievances received in the month that were resolved after this many days (a histogram)
resolve_day_rollups = sa.Table(
    "resolve_day_rollups",
    db.metadata,
    sa.Column("site_id", sa.ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    sa.Column("month", sa.Integer, nullable=False),
    sa.Column("days", sa.Integer, nullable=False),
    sa.Column("grievances", sa.Integer, nullable=False),
    # month, then days: a period's histogram is summed in key order, without sorting
    sa.PrimaryKeyConstraint("month", "days", "site_id"),
    sa.Index("ix_resolve_day_rollups_site_month", "site_id", "month"),
    **CLUSTERED,
)

#: grievances received in the month, per category (0: none), by their status now
GRIEVANCE_STATUS_COLUMNS = [
    "received",
    "acknowledged",
    "investigating",
    "escalated",
    "resolved",
    "closed",
    "appealed",
]
grievance_rollups = sa.Table(
    "grievance_rollups",
    db.metadata,
    sa.Column("site_id", sa.ForeignKey("sites.id", ondelete="CASCADE"), nullable=False),
    sa.Column("month", sa.Integer, nullable=False),
    sa.Column("category_id", sa.Integer, nullable=False),
    *[sa.Column(name, sa.Integer, nullable=False, default=0) for name in GRIEVANCE_STATUS_COLUMNS],
    # month, then category: a period's grievances by category are summed in key order
    sa.PrimaryKeyConstraint("month", "category_id", "site_id"),
    sa.Index("ix_grievance_rollups_site_month", "site_id", "month"),
    **CLUSTERED,
)

ROLLUP_TABLES = [activity_rollups, feedback_rollups, resolve_day_rollups, grievance_rollups]
