"""Reading the stored results for a page or a report: the rows of one scope, the effects with
their labels, and what an audience may see of them (the disclosure rule and the minimum-data
rule). Nothing here estimates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from outreach.activities.kinds import ActivityKind, Cause
from outreach.core import disclosure
from outreach.core.labels import label
from outreach.core.periods import month_start
from outreach.extensions import db
from outreach.whatworks.compute import OUTCOMES, Scope
from outreach.whatworks.model import Effect, Estimate
from outreach.whatworks.models import WhatWorksResult

KIND_OF_FACTOR = {
    "events": ActivityKind.FESTIVAL,
    "donations": ActivityKind.DONATION,
    "consultations": ActivityKind.CONSULTATION,
    "trainings": ActivityKind.TRAINING,
}


def factor_label(factor: str) -> str:
    """What one unit of a factor is, in words."""
    if factor in KIND_OF_FACTOR:
        return _("One %(kind)s", kind=label(KIND_OF_FACTOR[factor]).lower())
    cause = Cause(factor.removeprefix("cause_"))
    return _(
        "%(currency)s 1,000 invested in %(cause)s",
        currency=current_app.config["REPORTING_CURRENCY"],
        cause=label(cause).lower(),
    )


@dataclass
class Shown:
    """One stored result as an audience sees it."""

    outcome: str
    row: WhatWorksResult | None
    estimate: Estimate | None = None
    #: withheld from this audience (built from too few feedback items)
    withheld: bool = False
    effects: list[tuple[str, Effect]] = field(default_factory=list)
    too_rare: list[str] = field(default_factory=list)

    @property
    def first_day(self) -> dt.date | None:
        return month_start(self.estimate.first_month) if self.estimate else None

    @property
    def last_day(self) -> dt.date | None:
        return month_start(self.estimate.last_month) if self.estimate else None

    @property
    def state(self) -> str:
        """ "missing", "withheld", "thin" or "ok"."""
        if self.row is None:
            return "missing"
        if self.withheld:
            return "withheld"
        return self.row.status


def stored(scope: Scope) -> dict[str, WhatWorksResult]:
    rows = db.session.scalars(
        sa.select(WhatWorksResult).where(WhatWorksResult.scope_key == scope.key)
    )
    return {row.outcome: row for row in rows}


def shown(scope: Scope, audience: disclosure.Audience) -> list[Shown]:
    """Every outcome of the scope, as ``audience`` may see it."""
    rows = stored(scope)
    result = []
    for outcome in OUTCOMES:
        row = rows.get(outcome)
        item = Shown(outcome, row)
        if row is not None:
            item.withheld = disclosure.withholds(audience, row.basis)
            if not item.withheld:
                item.estimate = Estimate.from_json(row.result)
                item.effects = [(factor_label(e.factor), e) for e in item.estimate.effects]
                item.too_rare = [factor_label(f) for f in item.estimate.too_rare]
        result.append(item)
    return result


def reading(effect: Effect) -> str:
    """The effect in words that do not overclaim."""
    if effect.total.low > 0:
        return _("associated with a higher index")
    if effect.total.high < 0:
        return _("associated with a lower index")
    return _("no clear association")
