"""The periodic jobs of notifications: reminders every hour, the daily digest (each hour, sent
once a day per user from ``NOTIFY_DIGEST_HOUR`` on). Each commits its own work; each is
idempotent (one key per notification and per e-mail), so a retried or doubled run tells nobody
twice."""

from __future__ import annotations

import datetime as dt
import logging

from outreach.extensions import db
from outreach.jobs import periodic
from outreach.notify import delivery, reminders

log = logging.getLogger(__name__)


@periodic("notify.reminders", every=dt.timedelta(hours=1))
def run_reminders() -> None:
    done = reminders.run_all()
    db.session.commit()
    log.info("reminders: %s checked, %s notified", done.checked, done.notified)


@periodic("notify.digests", every=dt.timedelta(hours=1))
def run_digests() -> None:
    sent = delivery.send_digests()
    db.session.commit()
    log.info("digests: %s sent", sent)
