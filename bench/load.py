"""Load (and crash) benchmark: the app under gunicorn on 127.0.0.1, 16 clients at once.

    python -m bench.load [--database-url URL] [--duration 60] [--crash]
        [--mix feedback,festival,donation]

1. Prepares the database (migrations, one site, one field officer, 20 stakeholders at the site;
   SQLite: a fresh file in bench/data/, PostgreSQL: the DATABASE_URL given, adding only rows
   marked with this run's tag).
2. Starts gunicorn (4 workers) with gunicorn.conf.py on a free loopback port.
3. The clients run in 4 processes of 4 threads (so one interpreter lock does not hold them
   back); each phase reports their CPU time and how busy the whole machine was.
4. Bare phase: the clients fetch /healthz (``SELECT 1``, no session, no template) as fast as
   they can.
5. Write phase: each client signs in as the field officer, takes the CSRF token from a form,
   and submits staff feedback, a festival and a donation in turn until the time is up; a 302
   redirect to the new record is an acknowledgement. With ``--crash`` the whole server is
   killed with SIGKILL halfway and started again; clients retry until it is back.
6. Checks the database's integrity and that every acknowledged record is stored as sent.

``--mix floor`` measures the floor instead: the least form post this stack allows
(bench/floor_app.py), served by the same gunicorn, against the same bare page.

Prints the figures as JSON; ``bench/run.py`` stores them in bench/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing
import os
import random
import re
import resource
import secrets
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
CLIENTS = 16
PROCESSES = 4  # client processes, each with CLIENTS // PROCESSES threads
THREADS = CLIENTS // PROCESSES
#: the bare page: the same server's health check, which runs only ``SELECT 1`` (no session,
#: no template); the "hello" page the issue compares submissions with
BARE_PATH = "/healthz"
MAX_REQUESTS_PER_CLIENT = 1_000_000  # every loop is bounded, whatever the duration
PASSWORD = "bench-load-field-officer-pass"  # noqa: S105 - a throwaway account of the bench
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.entities import DEFAULT_MIX, ENTITIES, Context, Submission  # noqa: E402
from bench.harness import WORKERS, Server, Stats, request, run_threads, timed  # noqa: E402


def bare_client(port: int, deadline: float, stats: Stats) -> None:
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            return
        try:
            status, _, _, seconds = timed(port, "GET", BARE_PATH, {})
        except (OSError, http.client.HTTPException):
            stats.add("connection_error", None)
            continue
        stats.add("ok" if status == 200 else f"http_{status}", seconds)


class WriteClient:
    """One field officer's phone: signs in once, then submits the forms of ``mix`` in turn."""

    def __init__(self, n, port, mix: list[Submission], ctx: Context, tag, stats, acked, rng):
        self.n, self.port, self.mix, self.ctx = n, port, mix, ctx
        self.tag, self.stats, self.acked, self.rng = tag, stats, acked, rng
        self.cookies: dict = {}
        self.token: str | None = None

    def _get_token(self, path: str) -> str:
        status, _, body = request(self.port, "GET", path, self.cookies)
        match = CSRF.search(body.decode())
        if status != 200 or not match:
            raise RuntimeError(f"no form at {path} (HTTP {status})")
        return match.group(1)

    def sign_in(self) -> None:
        token = self._get_token("/login")
        form = {"email": self.ctx.email, "password": self.ctx.password, "csrf_token": token}
        status, _, _ = request(self.port, "POST", "/login", self.cookies, form)
        if status != 302:
            raise RuntimeError(f"sign-in failed (HTTP {status})")
        # One CSRF token serves every form of the session.
        self.token = self._get_token(self.mix[0].form_path(self.ctx))

    def run(self, deadline: float) -> None:
        for i in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                return
            try:
                if self.token is None:
                    self.sign_in()
                self.submit(i)
            except (OSError, http.client.HTTPException, RuntimeError):
                # The server is down (crash test) or dropped the connection: not acknowledged.
                self.stats["all"].add("connection_error", None)
                time.sleep(0.05)

    def submit(self, i: int) -> None:
        entity = self.mix[(self.n + i) % len(self.mix)]
        marker = f"bench-{self.tag}-c{self.n:02d}-{i:07d}"
        form = [*entity.fields(self.ctx, marker, self.rng), ("csrf_token", self.token)]
        # The reply's session cookie only adds the "saved" flash message, which the redirect
        # target would show; a client that never follows redirects would pile them up in its
        # cookie, so it keeps the cookie it had.
        status, headers, _, seconds = timed(
            self.port, "POST", entity.form_path(self.ctx), dict(self.cookies), form
        )
        match = entity.created.search(urlsplit(headers.get("Location", "")).path)
        outcome = "acknowledged" if status == 302 and match else f"http_{status}"
        if match and status == 302:
            self.acked[(entity.name, int(match.group(1)))] = marker
        self.stats["all"].add(outcome, seconds)
        self.stats[entity.name].add(outcome, seconds)
        if outcome != "acknowledged" and status in (302, 400):
            self.cookies.clear()  # signed out or CSRF refused: sign in again
            self.token = None


def client_process(job: dict, barrier, results) -> None:
    """One of the client processes (spawned): its threads, then its figures on ``results``.

    The clients live in PROCESSES processes of THREADS threads each, so 16 clients are not
    held back by one interpreter's lock; their CPU time is measured and reported.
    """
    stats: dict[str, Stats] = defaultdict(Stats)
    acked: dict[tuple[str, int], str] = {}
    port, duration = job["port"], job["duration"]
    if job["phase"] == "bare":
        targets = [lambda d: bare_client(port, d, stats["all"])] * THREADS
    else:
        mix = [ENTITIES[name]() for name in job["mix"]]
        ctx = Context(**job["ctx"])
        clients = [
            WriteClient(n, port, mix, ctx, job["tag"], stats, acked, random.Random(n))  # noqa: S311
            for n in job["client_numbers"]
        ]
        run_threads([c.sign_in for c in clients])  # argon2 sign-ins stay out of the figures
        targets = [c.run for c in clients]
    barrier.wait(timeout=300)
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    deadline = time.monotonic() + duration
    run_threads([lambda t=t: t(deadline) for t in targets])
    after = resource.getrusage(resource.RUSAGE_SELF)
    results.put(
        {
            "stats": {k: (v.latencies, dict(v.outcomes)) for k, v in stats.items()},
            "acked": acked,
            "cpu_seconds": after.ru_utime - cpu.ru_utime + after.ru_stime - cpu.ru_stime,
        }
    )


def _machine_busy() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def run_phase(job: dict, during=None) -> tuple[dict[str, Stats], dict, dict]:
    """Run one phase in PROCESSES client processes; (stats by name, acked, CPU figures)."""
    mp = multiprocessing.get_context("spawn")
    barrier, results = mp.Barrier(PROCESSES + 1), mp.Queue()
    processes = []
    for p in range(PROCESSES):
        numbers = list(range(p * THREADS, (p + 1) * THREADS))
        processes.append(
            mp.Process(
                target=client_process,
                args=({**job, "client_numbers": numbers}, barrier, results),
                daemon=True,
            )
        )
    for process in processes:
        process.start()
    barrier.wait(timeout=300)
    started, busy0 = time.monotonic(), _machine_busy()
    helper = threading.Thread(target=during, args=(started,), daemon=True) if during else None
    if helper:
        helper.start()
    parts = [results.get(timeout=job["duration"] + 300) for _ in processes]
    elapsed, busy1 = time.monotonic() - started, _machine_busy()
    if helper:
        helper.join(timeout=120)
    for process in processes:
        process.join(timeout=30)
    stats: dict[str, Stats] = defaultdict(Stats)
    acked: dict = {}
    for part in parts:
        acked.update(part["acked"])
        for name, (latencies, outcomes) in part["stats"].items():
            stats[name].latencies += latencies
            stats[name].outcomes.update(outcomes)
    client_cpu = sum(part["cpu_seconds"] for part in parts)
    cores = os.cpu_count() or 1
    cpu = {
        "client_cpu_seconds": round(client_cpu, 1),
        "client_cpu_share": round(client_cpu / (elapsed * cores), 3),
        "machine_busy_share": round((busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1]), 3),
    }
    return stats, acked, {"elapsed": elapsed, **cpu}


# --- the database -------------------------------------------------------------------------


def make_app(url: str):
    from outreach import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32)})


def prepare(app, mix: list[Submission], tag: str) -> Context:
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
                "code": f"BN-{tag}".upper()[:20],
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
        ctx = Context(
            email=email, password=PASSWORD, site_id=site.id, today=dt.date.today().isoformat()
        )
        for entity in mix:
            entity.prepare(ctx, admin)
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
    mix: tuple[str, ...] = DEFAULT_MIX,
) -> dict:
    from dataclasses import asdict

    from sqlalchemy.engine import make_url

    DATA.mkdir(parents=True, exist_ok=True)
    if not url:
        db_file = DATA / "load.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db_file}"
    backend = make_url(url.replace("postgres://", "postgresql://", 1)).get_backend_name()
    entities = [ENTITIES[name]() for name in mix]
    apps = {entity.app for entity in entities}
    if len(apps) > 1:
        raise SystemExit(f"these forms need different servers: {', '.join(mix)}")
    tag = secrets.token_hex(3)
    app = make_app(url)
    ctx = prepare(app, entities, tag)
    log = DATA / f"server-{backend}.log"
    log.write_text("")
    server = Server(url, log, apps.pop())
    server.start()
    result: dict = {
        "database": backend,
        "mix": list(mix),
        "clients": CLIENTS,
        "client_processes": PROCESSES,
        "workers": WORKERS,
        "cpu_count": os.cpu_count(),
        "crash": crash,
        "bare_path": BARE_PATH,
    }
    try:
        job = {"phase": "bare", "port": server.port, "duration": bare_duration}
        stats, _, cpu = run_phase(job)
        result["bare"] = {**stats["all"].summary(cpu.pop("elapsed"), "ok"), **cpu}

        job = {
            "phase": "submit",
            "port": server.port,
            "duration": duration,
            "mix": list(mix),
            "ctx": asdict(ctx),
            "tag": tag,
        }
        crash_info: dict = {}
        during = (
            (lambda started: _crash_midway(server, started, duration / 2, crash_info))
            if crash
            else None
        )
        stats, acked, cpu = run_phase(job, during)
        elapsed = cpu.pop("elapsed")
        result["submit"] = {**stats.pop("all").summary(elapsed, "acknowledged"), **cpu}
        result["submit_by_form"] = {
            name: s.summary(elapsed, "acknowledged") for name, s in sorted(stats.items())
        }
        if crash:
            result["restart"] = crash_info
    finally:
        server.stop()

    bare_rate = result["bare"]["throughput_per_s"]
    result["ratio_submit_to_bare"] = (
        round(result["submit"]["throughput_per_s"] / bare_rate, 3) if bare_rate else None
    )
    server_log = log.read_text(errors="replace")
    result["database_is_locked"] = server_log.count("database is locked")
    result["server_tracebacks"] = server_log.count("Traceback (most recent call last)")
    method, problems = integrity(app)
    lost: list[str] = []
    stored = 0
    with app.app_context():
        for entity in entities:
            mine = {i: marker for (name, i), marker in acked.items() if name == entity.name}
            lost += entity.missing(mine)
            stored += entity.count_marked(f"bench-{tag}-")
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


def parse_mix(text: str) -> tuple[str, ...]:
    mix = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in mix if name not in ENTITIES]
    if unknown or not mix:
        raise SystemExit(f"unknown form in --mix: {', '.join(unknown) or text!r}")
    return mix


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
        help="bare page phase, seconds (default: a quarter of --duration)",
    )
    parser.add_argument("--crash", action="store_true", help="kill -9 the server halfway")
    parser.add_argument(
        "--mix",
        default=",".join(DEFAULT_MIX),
        help=f"forms the clients submit in turn, from {', '.join(sorted(ENTITIES))}",
    )
    args = parser.parse_args(argv)
    bare = args.bare_duration if args.bare_duration is not None else max(5.0, args.duration / 4)
    result = run(args.database_url, args.duration, bare, args.crash, parse_mix(args.mix))
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
