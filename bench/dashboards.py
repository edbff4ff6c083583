"""Dashboard benchmark: p50 and p95 of real requests to the portfolio and a site dashboard.

    python bench/dashboards.py [--database-url URL] [--requests 40]

On SQLite it builds (once; reused while present) bench/data/portfolio-300-1000000.db and a
tenth of it, bench/data/portfolio-300-100000.db, with bench/generate.py. With a PostgreSQL URL
it builds both into that server: the full size into the named database and the tenth into
``<name>_tenth`` (created if missing). Then gunicorn (bench/harness.py) serves each database;
one signed-in admin asks for the portfolio dashboard (last 12 months, all countries) and a
site dashboard, one request at a time after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402
from bench.harness import Server, Stats, request, timed  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SIZES = {"full": (300, 1_000_000, 2_000_000), "tenth": (300, 100_000, 200_000)}
WARM_UP = 3


#: the bench admin's authenticator secret (a throwaway account of a generated database)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - throwaway bench account


def _postgres_urls(url: str) -> dict[str, str]:
    import sqlalchemy as sa

    base = sa.engine.make_url(url)
    tenth = base.set(database=f"{base.database}_tenth")
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in (base.database, tenth.database):
            exists = conn.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).scalar()
            if not exists:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return {
        "full": base.render_as_string(hide_password=False),
        "tenth": tenth.render_as_string(hide_password=False),
    }


def _is_built(url: str) -> bool:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.exec_driver_sql("SELECT count(*) FROM activity_rollups").scalar())
    except sa.exc.DBAPIError:
        return False
    finally:
        engine.dispose()


def databases(url: str | None) -> tuple[str, dict[str, str]]:
    if url and url.startswith("postgres"):
        urls = _postgres_urls(url)
        kind = "postgresql"
    else:
        DATA.mkdir(parents=True, exist_ok=True)
        urls = {
            size: f"sqlite:///{DATA / f'portfolio-{s}-{a}.db'}" for size, (s, a, _) in SIZES.items()
        }
        kind = "sqlite"
    for size, target in urls.items():
        if not _is_built(target):
            sites, acts, fb = SIZES[size]
            if kind == "postgresql":
                _reset_postgres(target)
            else:
                Path(target.removeprefix("sqlite:///")).unlink(missing_ok=True)
            generate.build(target, sites, acts, fb)
    return kind, urls


def _reset_postgres(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def enrol_second_factor(url: str) -> None:
    """Give the bench admin a known authenticator secret (admins must use two-step sign-in)."""
    import datetime as dt

    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE users SET totp_secret = :secret, totp_enabled_at = :now, "
                "totp_last_step = NULL WHERE email = :email"
            ),
            {"secret": TOTP_SECRET, "now": dt.datetime.now(dt.UTC), "email": generate.ADMIN_EMAIL},
        )
    engine.dispose()


def sign_in(port: int) -> dict:
    """Sign in as the bench admin through the real forms: password, then the app's code."""
    import pyotp

    cookies: dict = {}
    _, _, body = request(port, "GET", "/login", cookies)
    token = CSRF.search(body.decode()).group(1)
    form = {
        "email": generate.ADMIN_EMAIL,
        "password": generate.ADMIN_PASSWORD,
        "csrf_token": token,
    }
    status, headers, _ = request(port, "POST", "/login", cookies, form)
    if status != 302:
        raise RuntimeError(f"sign-in failed (HTTP {status})")
    _, _, body = request(port, "GET", "/login/two-factor", cookies)
    token = CSRF.search(body.decode()).group(1)
    code = pyotp.TOTP(TOTP_SECRET).now()
    status, _, _ = request(
        port, "POST", "/login/two-factor", cookies, {"code": code, "csrf_token": token}
    )
    if status != 302:
        raise RuntimeError(f"second sign-in step failed (HTTP {status})")
    return cookies


def measure(port: int, cookies: dict, path: str, n: int) -> dict:
    for _ in range(WARM_UP):
        request(port, "GET", path, cookies)
    stats = Stats()
    started = time.monotonic()
    for _ in range(n):
        status, _, _, seconds = timed(port, "GET", path, cookies)
        stats.add("ok" if status == 200 else f"http_{status}", seconds)
    return {"path": path, **stats.summary(time.monotonic() - started, "ok")}


def run(url: str | None, n: int = 40) -> dict:
    kind, urls = databases(url)
    figures: dict = {"database": kind, "requests_each": n, "sizes": {}}
    for size, target in urls.items():
        enrol_second_factor(target)
        server = Server(target, DATA / f"dashboards-{kind}-{size}.log")
        server.start()
        try:
            cookies = sign_in(server.port)
            figures["sizes"][size] = {
                "sites, activities, feedback": SIZES[size],
                "portfolio": measure(server.port, cookies, "/dashboard/portfolio", n),
                "site": measure(server.port, cookies, "/dashboard/sites/1", n),
            }
        finally:
            server.stop()
    full, tenth = figures["sizes"]["full"], figures["sizes"]["tenth"]
    for page in ("portfolio", "site"):
        figures[f"{page}_ratio_full_to_tenth_p50"] = round(
            full[page]["p50_ms"] / tenth[page]["p50_ms"], 2
        )
    return figures


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args(argv)
    figures = run(args.database_url, args.requests)
    print(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
