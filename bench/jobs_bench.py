"""Time background jobs: N due reminders queued as e-mails by jobs, processed by RQ workers
(``flask --app app worker``) until every message has reached an SMTP server.

As in the app, a job queues the e-mails of ``--per-job`` reminders (500: the reminder pass's
mail jobs, ``outreach.notify.operations.MAIL_JOB_SIZE``), and the e-mails one job queues are
delivered in batches over one SMTP connection each (``MAIL_BATCH``). ``--per-job 1`` makes one
job per reminder, the worst case.

Run: ``.venv/bin/python bench/jobs_bench.py [--reminders 10000] [--workers 2] [--per-job 500]
[--database-url URL]`` (or ``bench/run.py --only jobs``). It starts a Redis server of its own
on a spare port (the machine's Redis is not touched), an SMTP server (aiosmtpd) in this
process, and the workers as separate processes; the database is a fresh SQLite file unless a
PostgreSQL URL is given (its tables are emptied first). The clock runs from the commit that
enqueues the reminders to the last message received. Prints one line and a JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from outreach import create_app  # noqa: E402
from outreach.extensions import db  # noqa: E402
from outreach.jobs import enqueue  # noqa: E402
from outreach.mail import Outgoing, send_mails  # noqa: E402
from outreach.notify.operations import MAIL_JOB_SIZE  # noqa: E402

SECRET = "bench-secret-key-not-for-production"  # noqa: S105 - a throwaway database


def remind(first: int, count: int = 1) -> None:
    """Due reminders ``first`` to ``first + count - 1``: a message to each recipient, once."""
    send_mails(
        [
            Outgoing(
                f"person{n}@example.test",
                f"Reminder {n}: a grievance is due for acknowledgement",
                f"Grievance G-{n} is due for acknowledgement in 2 working days.\n",
                key=f"bench-reminder:{n}",
            )
            for n in range(first, first + count)
        ]
    )


class Counter:
    def __init__(self):
        self.received = 0
        self.last = 0.0
        self.peers: set[tuple] = set()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.received += 1
        self.peers.add(session.peer)
        self.last = time.monotonic()
        return "250 OK"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _empty(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def run(
    database_url: str | None,
    reminders: int = 10000,
    workers: int = 2,
    per_job: int = MAIL_JOB_SIZE,
) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="outreach-jobs-bench-"))
    if database_url:
        _empty(database_url)
    url = database_url or f"sqlite:///{folder / 'bench.db'}"
    redis_port, smtp_port = _port(), _port()
    redis = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    counter = Counter()
    smtp = Controller(counter, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    config = {
        "JOBS_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "MAIL_HOST": "127.0.0.1",
        "MAIL_PORT": smtp_port,
        "MAIL_STARTTLS": False,
        "EXTERNAL_URL": "https://outreach.example.org",
    }
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        **{f"OUTREACH_{k}": str(v) for k, v in config.items()},
    }
    processes = []
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, **config})
        with app.app_context():
            upgrade()
        time.sleep(0.5)
        for _ in range(workers):
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "flask", "--app", "app", "worker"],
                    cwd=ROOT,
                    env=env,
                    stderr=(folder / f"worker-{len(processes)}.log").open("w"),
                )
            )
        time.sleep(3)  # the workers are up
        with app.app_context():
            for first in range(0, reminders, per_job):
                count = min(per_job, reminders - first)
                enqueue("bench.jobs_bench:remind", first, count, key=f"bench-remind:{first}")
            started = time.monotonic()
            db.session.commit()
        enqueued = time.monotonic() - started
        deadline = started + 600
        while counter.received < reminders and time.monotonic() < deadline:
            time.sleep(0.05)
        elapsed = (counter.last or time.monotonic()) - started
    finally:
        for process in processes:
            process.kill()
            process.wait()
        smtp.stop()
        redis.kill()
        redis.wait()
    return {
        "database": "postgresql" if database_url else "sqlite",
        "reminders": reminders,
        "workers": workers,
        "reminders_per_job": per_job,
        "smtp_connections": len(counter.peers),
        "messages_received": counter.received,
        "hand_out_s": round(enqueued, 2),
        "seconds": round(elapsed, 2),
        "per_second": round(counter.received / elapsed, 1) if elapsed else None,
        # the machine's load when the run ended: figures from a shared, busy machine are low
        "load_average_1min": round(os.getloadavg()[0], 1),
        "cpus": os.cpu_count(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reminders", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--per-job", type=int, default=MAIL_JOB_SIZE)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    figures = run(args.database_url, args.reminders, args.workers, args.per_job)
    print(
        f"jobs  {figures['database']:<10} {figures['reminders']} reminders, "
        f"{figures['workers']} workers, {figures['reminders_per_job']} per job: "
        f"{figures['messages_received']} messages in {figures['seconds']} s "
        f"({figures['per_second']}/s) over {figures['smtp_connections']} SMTP connections"
    )
    print(json.dumps(figures))
    return 0 if figures["messages_received"] == figures["reminders"] else 1


if __name__ == "__main__":
    sys.exit(main())
