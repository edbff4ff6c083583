"""Time one reminder pass over 10,000 grievances whose deadlines are due (near or missed):
each is checked against its country's working days on its site's clock, its recipients found
through the permission table, its notifications written under their keys and their e-mails
queued; then a second pass, which must tell nobody again.

Run: ``.venv/bin/python bench/reminders.py [--database-url URL] [--count 10000]`` (or
``bench/run.py --only reminders``). Without a URL, a fresh SQLite file. A URL names an EMPTY
PostgreSQL database of the bench's own (its schema is dropped and rebuilt). The target is
10,000 due reminders in at most 30 s. Prints one line and a JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from outreach import create_app  # noqa: E402
from outreach.auth.models import Role, User  # noqa: E402
from outreach.core.db import utcnow  # noqa: E402
from outreach.extensions import db  # noqa: E402
from outreach.feedback.models import Channel, Feedback, GrievanceStatus  # noqa: E402
from outreach.jobs import queue  # noqa: E402
from outreach.mail.models import SentMail  # noqa: E402
from outreach.notify import reminders  # noqa: E402
from outreach.notify.delivery import mail_notifications  # noqa: E402
from outreach.notify.models import Notification  # noqa: E402
from outreach.notify.operations import MAIL_JOB_SIZE  # noqa: E402
from outreach.sites.models import Site, SiteKind, SiteStatus  # noqa: E402
from outreach.sites.reference import ensure_countries  # noqa: E402

TARGET_SECONDS = 30
COUNTRIES = ("MY", "ID", "TH", "VN", "LA", "KH", "PH", "BN")


def _reset(url: str) -> None:
    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        engine.dispose()


def _account(name: str, role: Role) -> User:
    """An account nobody can sign in to (no password hash matches "!")."""
    return User(
        email=f"{name}@bench.test",
        name=name,
        password_hash="!",  # noqa: S106 - not a password: no hash
        role=role,
        active=True,
        session_version=1,
    )


def _populate(count: int, today: dt.date) -> None:
    ensure_countries()
    sites = []
    for n in range(100):
        country = COUNTRIES[n % len(COUNTRIES)]
        sites.append(
            Site(
                code=f"{country}-B{n:03d}",
                name=f"Bench site {n}",
                country_code=country,
                kind=SiteKind.ROAD,
                status=SiteStatus.OPERATION,
            )
        )
    db.session.add_all(sites)
    db.session.flush()
    officers = []
    for n, site in enumerate(sites):
        officer = _account(f"officer{n}", Role.FIELD)
        officer.sites = [site]
        officers.append(officer)
    for n, country in enumerate(COUNTRIES):
        manager = _account(f"manager{n}", Role.MANAGER)
        manager.countries = [db.session.get(type(sites[0].country), country)]
        db.session.add(manager)
    db.session.add_all(officers)
    db.session.flush()
    for i in range(count):
        site = sites[i % len(sites)]
        # half are a day away, half were missed last week
        due = today + dt.timedelta(days=1) if i % 2 else today - dt.timedelta(days=7)
        db.session.add(
            Feedback(
                site_id=site.id,
                received_on=due - dt.timedelta(days=3),
                channel=Channel.HOTLINE,
                language="en",
                text="bench",
                reviewed=True,
                tracking_code=f"BENCH{i:07d}",
                is_grievance=True,
                status=GrievanceStatus.RECEIVED,
                ack_due=due,
                resolve_due=due + dt.timedelta(days=30),
                assignee_id=officers[i % len(officers)].id,
                resolution="",
            )
        )
        if i % 2000 == 1999:
            db.session.flush()
    db.session.commit()


def run(url: str | None = None, count: int = 10_000) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        url = url or f"sqlite:///{Path(tmp) / 'reminders.db'}"
        _reset(url)
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench-secret-key-not-for-production",
                "EXTERNAL_URL": "https://outreach.example.org",
                "MAIL_OUTBOX": str(Path(tmp) / "outbox"),
            },
            instance_path=tmp,
        )
        # No worker runs meanwhile: the jobs the pass queues stay queued, and the mail jobs'
        # share is timed apart below, as a worker would run them.
        queue.DISPATCH = lambda app, job_ids: None
        with app.app_context():
            upgrade()
            # Wednesday noon UTC: "a day away" is a working day everywhere in the bench
            now = dt.datetime(2026, 3, 4, 6, 0, tzinfo=dt.UTC)
            _populate(count, now.date())
            started = time.perf_counter()
            first = reminders.grievance_deadlines(now)
            db.session.commit()
            seconds = time.perf_counter() - started
            told = db.session.scalar(sa.select(sa.func.count(Notification.id)))
            # what the mail jobs then do (a worker's share): queue each e-mail under its key
            started = time.perf_counter()
            waiting = list(
                db.session.scalars(
                    sa.select(Notification.id).where(Notification.mailed_at.is_(None))
                )
            )
            for start in range(0, len(waiting), MAIL_JOB_SIZE):
                mail_notifications(waiting[start : start + MAIL_JOB_SIZE])
            mail_seconds = time.perf_counter() - started
            mailed = db.session.scalar(sa.select(sa.func.count(SentMail.id)))
            started = time.perf_counter()
            second = reminders.grievance_deadlines(now + dt.timedelta(hours=1))
            db.session.commit()
            again_seconds = time.perf_counter() - started
            database = db.engine.dialect.name
    return {
        "database": database,
        "grievances_due": first.checked,
        "notifications": told,
        "seconds": round(seconds, 2),
        "emails_queued": mailed,
        "mail_jobs_seconds": round(mail_seconds, 2),
        "second_pass_seconds": round(again_seconds, 2),
        "second_pass_told": second.notified,
        "target_seconds": TARGET_SECONDS,
        "ok": seconds <= TARGET_SECONDS and second.notified == 0 and mailed == told,
        "measured_with": f"bench/reminders.py --count {count}",
        "at": utcnow().isoformat(timespec="seconds"),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args(argv)
    figures = run(args.database_url, args.count)
    print(
        f"reminders {figures['database']:<10} {figures['grievances_due']} due, "
        f"{figures['notifications']} notifications in {figures['seconds']} s "
        f"(target ≤ {TARGET_SECONDS} s); {figures['emails_queued']} e-mails queued by the "
        f"mail jobs in {figures['mail_jobs_seconds']} s; "
        f"second pass {figures['second_pass_seconds']} s, told again {figures['second_pass_told']}"
    )
    print(json.dumps(figures))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
