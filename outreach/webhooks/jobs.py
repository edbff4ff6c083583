"""The periodic job of webhooks: every half minute, send the deliveries that are due (new
ones and retries)."""

from __future__ import annotations

import datetime as dt

from outreach.jobs import periodic
from outreach.webhooks.sending import deliver_due


@periodic("webhooks.deliver", every=dt.timedelta(seconds=30))
def run_deliveries() -> None:
    deliver_due()
