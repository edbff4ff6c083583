"""API benchmark: p50 of a 100-item page of activities, and items/s of a full mirror through
``updated_since`` pages, at the dashboards bench's data size (300 sites, 1 M activities).

    python bench/api_bench.py [--database-url URL] [--pages 40] [--mirror-seconds 120]

The databases are the dashboards bench's (bench/dashboards.py builds them once). gunicorn
serves the full-size one; an admin's personal access token reads, one request at a time on one
kept-alive connection, as a BI tool or a mirror would: ``--pages`` successive pages of
``/api/v1/activities?limit=100`` (following ``next``), then the mirror from the beginning of
time with ``limit=500`` until it is done or ``--mirror-seconds`` have passed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import dashboards, generate  # noqa: E402
from bench.harness import HOST, Server, Stats  # noqa: E402

#: requests before measuring, per gunicorn worker: sync workers keep no connection alive, so
#: each request may go to any worker, and a worker's first requests load the token and compile
#: the statements
WARM_UP_PER_WORKER = 3


def make_token(url: str) -> str:
    """A read token of the bench admin, made through the operation the page uses."""
    import sqlalchemy as sa

    from outreach import create_app
    from outreach.auth import tokens
    from outreach.auth.models import User
    from outreach.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-api"})
    with app.app_context():
        admin = db.session.scalar(sa.select(User).where(User.email == generate.ADMIN_EMAIL))
        _token, secret = tokens.create_token(
            admin, "bench", False, dt.date.today() + dt.timedelta(days=2), admin
        )
        db.session.commit()
    return secret


class Client:
    """One kept-alive connection with the token."""

    def __init__(self, port: int, secret: str):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path: str) -> tuple[int, dict, float]:
        started = time.perf_counter()
        self.conn.request("GET", path, headers=self.headers)
        response = self.conn.getresponse()
        body = response.read()
        seconds = time.perf_counter() - started
        return response.status, json.loads(body), seconds


def pages(client: Client, n: int, workers: int) -> dict:
    path = "/api/v1/activities?limit=100"
    for _ in range(WARM_UP_PER_WORKER * workers):
        client.get(path)
    stats = Stats()
    started = time.monotonic()
    for _ in range(n):
        status, data, seconds = client.get(path)
        stats.add(
            "ok" if status == 200 and len(data["items"]) == 100 else f"http_{status}", seconds
        )
        path = data.get("next") or "/api/v1/activities?limit=100"
    return {
        "path": "/api/v1/activities?limit=100 (following next)",
        **stats.summary(time.monotonic() - started, "ok"),
    }


def mirror(client: Client, limit_seconds: float) -> dict:
    path = "/api/v1/activities?limit=500&updated_since=2000-01-01T00:00:00Z"
    items, requests, started = 0, 0, time.monotonic()
    while path and time.monotonic() - started < limit_seconds:
        status, data, _ = client.get(path)
        if status != 200:
            raise RuntimeError(f"mirror page answered HTTP {status}: {data}")
        items += len(data["items"])
        requests += 1
        path = data["next"]
    elapsed = time.monotonic() - started
    return {
        "items": items,
        "pages": requests,
        "complete": path is None,
        "seconds": round(elapsed, 1),
        "items_per_s": round(items / elapsed, 1),
    }


def run(url: str | None, n: int = 40, mirror_seconds: float = 120.0) -> dict:
    kind, urls = dashboards.databases(url)
    target = urls["full"]
    secret = make_token(target)
    server = Server(target, dashboards.DATA / f"api-{kind}.log")
    server.env["OUTREACH_API_RATE_LIMIT"] = "1000000 per minute"
    server.start()
    try:
        client = Client(server.port, secret)
        return {
            "database": kind,
            "sites, activities, feedback": dashboards.SIZES["full"],
            "page_of_100": pages(client, n, int(server.env["GUNICORN_WORKERS"])),
            "mirror": mirror(client, mirror_seconds),
        }
    finally:
        server.stop()


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--mirror-seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    figures = run(args.database_url, args.pages, args.mirror_seconds)
    print(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
