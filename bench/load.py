"""Load (and crash) benchmark: the app under gunicorn on 127.0.0.1, 16 clients at once.

    python -m bench.load [--database-url URL] [--duration 60] [--crash] [--entity stakeholders]

1. Prepares the database (migrations, one site, one field officer; SQLite: a fresh file in
   bench/data/, PostgreSQL: the DATABASE_URL given, adding only rows marked with this run's tag).
2. Starts gunicorn (4 workers) with gunicorn.conf.py on a free loopback port.
3. Bare phase: the clients fetch /healthz as fast as they can.
4. Write phase: each client signs in, takes the CSRF token from the form, and submits records
   until the time is up; a 302 redirect to the new record is an acknowledgement. With
   ``--crash`` the whole server is killed with SIGKILL halfway and started again; clients
   retry until it is back.
5. Checks the database's integrity and that every acknowledged record is stored as sent.

Prints the figures as JSON; ``bench/run.py`` stores them in bench/results.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
CLIENTS = 16
MAX_REQUESTS_PER_CLIENT = 1_000_000  # every loop is bounded, whatever the duration
PASSWORD = "bench-load-field-officer-pass"  # noqa: S105 - a throwaway account of the bench
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.entities import ENTITIES, Context, Submission  # noqa: E402
from bench.harness import WORKERS, Server, Stats, request, run_threads, timed  # noqa: E402


def bare_client(port: int, deadline: float, stats: Stats) -> None:
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            return
        try:
            status, _, _, seconds = timed(port, "GET", "/healthz", {})
        except (OSError, http.client.HTTPException):
            stats.add("connection_error", None)
            continue
        stats.add("ok" if status == 200 else f"http_{status}", seconds)


class WriteClient:
    def __init__(self, n, server, entity: Submission, ctx: Context, tag, stats, acked, rng):
        self.n, self.server, self.entity, self.ctx = n, server, entity, ctx
        self.tag, self.stats, self.acked, self.rng = tag, stats, acked, rng
        self.cookies: dict = {}
        self.token: str | None = None

    def _get_token(self, path: str) -> str:
        status, _, body = request(self.server.port, "GET", path, self.cookies)
        match = CSRF.search(body.decode())
        if status != 200 or not match:
            raise RuntimeError(f"no form at {path} (HTTP {status})")
        return match.group(1)

    def sign_in(self) -> None:
        token = self._get_token("/login")
        form = {"email": self.ctx.email, "password": self.ctx.password, "csrf_token": token}
        status, _, _ = request(self.server.port, "POST", "/login", self.cookies, form)
        if status != 302:
            raise RuntimeError(f"sign-in failed (HTTP {status})")
        self.token = self._get_token(self.entity.form_path)

    def run(self, deadline: float) -> None:
        for i in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                return
            try:
                if self.token is None:
                    self.sign_in()
                self.submit(i)
            except (OSError, http.client.HTTPException):
                # The server is down (crash test) or dropped the connection: not acknowledged.
                self.stats.add("connection_error", None)
                time.sleep(0.05)

    def submit(self, i: int) -> None:
        marker = f"bench-{self.tag}-c{self.n:02d}-{i:07d}"
        form = [*self.entity.fields(self.ctx, marker, self.rng), ("csrf_token", self.token)]
        # The reply's session cookie only adds the "saved" flash message, which the redirect
        # target would show; a client that never follows redirects would pile them up in its
        # cookie, so it keeps the cookie it had.
        status, headers, _, seconds = timed(
            self.server.port, "POST", self.entity.form_path, dict(self.cookies), form
        )
        match = self.entity.created.search(urlsplit(headers.get("Location", "")).path)
        if status == 302 and match:
            self.acked[int(match.group(1))] = marker
            self.stats.add("acknowledged", seconds)
        else:
            self.stats.add(f"http_{status}", seconds)
            if status in (302, 400):  # signed out or CSRF refused: sign in again
                self.cookies.clear()
                self.token = None


# --- the database -------------------------------------------------------------------------


def make_app(url: str):
    from outreach import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32)})


def prepare(app, entity: Submission, tag: str) -> Context:
    """Schema from the migrations, then a site and a field officer for this run."""
    from flask_migrate import upgrade

    from outreach.auth import operations as users
    from outreach.auth.models import Role
    from outreach.extensions import db
    from outreach.sites.operations import create_site
    from outreach.sites.reference import ensure_countries

    with app.app_context():
        upgrade()
        ensure_countries()
        admin = users.create_user(
            users.UserData(
                email=f"bench-admin-{tag}@load.example.org", name="Bench admin", role=Role.ADMIN
            ),
            secrets.token_urlsafe(24),
        )
        site = create_site(
            {
                "code": f"BN-{tag}"[:20],
                "name": f"Bench depot {tag}",
                "country_code": "MY",
                "province": "Pahang",
                "district": "Kuantan",
                "kind": "rail",
                "operator": "Bench Rail",
                "status": "construction",
            },
            admin,
        )
        email = f"bench-field-{tag}@load.example.org"
        users.create_user(
            users.UserData(
                email=email, name="Bench field officer", role=Role.FIELD, site_ids=[site.id]
            ),
            PASSWORD,
            actor=admin,
        )
        ctx = Context(email=email, password=PASSWORD, site_id=site.id)
        entity.prepare(ctx)
        db.session.commit()
    return ctx


def integrity(app) -> tuple[str, list[str]]:
    """The database's own consistency check, and a full read of every table."""
    import sqlalchemy as sa

    from outreach.extensions import db

    problems: list[str] = []
    with app.app_context():
        engine = db.engine
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                method = "PRAGMA integrity_check + foreign_key_check"
                rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                problems += [] if rows == ["ok"] else rows
                problems += [str(r) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
            else:
                method = "full read of every table"
                if conn.scalar(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")):
                    method += " + amcheck bt_index_check"
                    conn.execute(
                        sa.text(
                            "SELECT bt_index_check(c.oid) FROM pg_index i "
                            "JOIN pg_class c ON c.oid = i.indexrelid "
                            "JOIN pg_am a ON a.oid = c.relam "
                            "JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE a.amname = 'btree' AND n.nspname = 'public'"
                        )
                    )
            for table in db.metadata.sorted_tables:
                conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
    return method, problems


# --- the run ------------------------------------------------------------------------------


def run(
    url: str | None,
    duration: float,
    bare_duration: float,
    crash: bool,
    entity_name: str = "stakeholders",
) -> dict:
    from sqlalchemy.engine import make_url

    DATA.mkdir(parents=True, exist_ok=True)
    if not url:
        db_file = DATA / "load.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db_file}"
    backend = make_url(url.replace("postgres://", "postgresql://", 1)).get_backend_name()
    entity = ENTITIES[entity_name]()
    tag = secrets.token_hex(3)
    app = make_app(url)
    ctx = prepare(app, entity, tag)
    log = DATA / f"server-{backend}.log"
    log.write_text("")
    server = Server(url, log)
    server.start()
    result: dict = {
        "database": backend,
        "entity": entity.name,
        "clients": CLIENTS,
        "workers": WORKERS,
        "cpu_count": os.cpu_count(),
        "crash": crash,
    }
    acked: dict[int, str] = {}
    try:
        bare = Stats()
        started = time.monotonic()
        deadline = started + bare_duration
        run_threads([lambda: bare_client(server.port, deadline, bare)] * CLIENTS)
        result["bare_healthz"] = bare.summary(time.monotonic() - started, "ok")

        writes = Stats()
        clients = [
            WriteClient(n, server, entity, ctx, tag, writes, acked, random.Random(n))  # noqa: S311
            for n in range(CLIENTS)
        ]
        run_threads([c.sign_in for c in clients])  # argon2 sign-ins stay out of the figures
        started = time.monotonic()
        deadline = started + duration
        crash_info: dict = {}
        targets = [lambda c=c: c.run(deadline) for c in clients]
        if crash:
            targets.append(lambda: _crash_midway(server, started, duration / 2, crash_info))
        run_threads(targets)
        result["submit"] = writes.summary(time.monotonic() - started, "acknowledged")
        if crash:
            result["restart"] = crash_info
    finally:
        server.stop()

    bare_rate = result["bare_healthz"]["throughput_per_s"]
    result["ratio_submit_to_bare"] = (
        round(result["submit"]["throughput_per_s"] / bare_rate, 3) if bare_rate else None
    )
    server_log = log.read_text(errors="replace")
    result["database_is_locked"] = server_log.count("database is locked")
    result["server_tracebacks"] = server_log.count("Traceback (most recent call last)")
    method, problems = integrity(app)
    with app.app_context():
        lost = entity.missing(acked)
        stored = entity.count_marked(f"bench-{tag}-")
    result.update(
        acknowledged=len(acked),
        lost=len(lost),
        lost_examples=lost[:5],
        stored_unacknowledged=stored - (len(acked) - len(lost)),
        integrity="ok" if not problems else problems[:5],
        integrity_method=method,
    )
    return result


def _crash_midway(server: Server, started: float, delay: float, info: dict) -> None:
    time.sleep(max(0.0, started + delay - time.monotonic()))
    server.kill()
    info["killed_at_s"] = round(time.monotonic() - started, 1)
    info["seconds_down"] = round(server.start(), 2)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="PostgreSQL URL (default: a fresh SQLite file in bench/data/)",
    )
    parser.add_argument("--duration", type=float, default=60.0, help="write phase, seconds")
    parser.add_argument(
        "--bare-duration",
        type=float,
        default=None,
        help="bare /healthz phase, seconds (default: a quarter of --duration)",
    )
    parser.add_argument("--crash", action="store_true", help="kill -9 the server halfway")
    parser.add_argument("--entity", choices=sorted(ENTITIES), default="stakeholders")
    args = parser.parse_args(argv)
    bare = args.bare_duration if args.bare_duration is not None else max(5.0, args.duration / 4)
    result = run(args.database_url, args.duration, bare, args.crash, args.entity)
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
