"""What counts in the figures, defined once: the rollups, the investment figures, the report
figures and the lists all ask here."""

from __future__ import annotations

import sqlalchemy as sa

from outreach.activities.kinds import ActivityState
from outreach.activities.models import Activity

#: the B4SI inputs; community investment is their sum (staff time valued at each country's
#: hourly rate, the others in money)
INPUTS = ("cash", "in_kind", "staff_time", "management")


def counted(activity=Activity) -> sa.ColumnElement[bool]:
    """Approved and not deleted: the only entries that count anywhere."""
    return sa.and_(activity.state == ActivityState.APPROVED, activity.is_deleted.is_(False))


def money_inputs(activity=Activity) -> sa.ColumnElement:
    """An entry's inputs in money (cash, in-kind value and management costs), in its currency;
    staff time is valued apart, at its country's hourly rate."""
    return (
        sa.func.coalesce(activity.cash_amount, 0)
        + sa.func.coalesce(activity.in_kind_value, 0)
        + sa.func.coalesce(activity.cost_amount, 0)
    )
