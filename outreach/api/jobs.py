"""The API's periodic job: forget the Idempotency-Keys older than their retention (a day), so
the table holds only the keys a client may still retry with."""

from __future__ import annotations

import datetime as dt
import logging

from outreach.core.idempotency import forget_expired
from outreach.extensions import db
from outreach.jobs import periodic

log = logging.getLogger(__name__)


@periodic("api.forget_idempotency_keys", every=dt.timedelta(hours=1))
def forget_idempotency_keys() -> None:
    forgotten = forget_expired()
    db.session.commit()
    log.info("idempotency keys: %s forgotten", forgotten)
