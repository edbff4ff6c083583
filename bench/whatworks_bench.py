"""What works benchmark: the portfolio estimate as a job, and the page from the stored result.

    python bench/whatworks_bench.py [--database-url URL] [--sites 300] [--months 60]

Builds (once; reused while present) bench/data/whatworks-<sites>-<months>.db, or into the
PostgreSQL database named, with the planted generator (bench/planted.py: a donation adds +3
index points one month later, nothing else does anything): approved activities and 20 scored
feedback items per site-month, rollups rebuilt. Then times ``compute_what_works`` for the
portfolio (reading the rollups and estimating, as a job would) and for every scope, and the
page /dashboard/what-works (the Flask test client, signed in as an admin, after a warm-up).
Prints the recovered effects beside the planted ones and a JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import planted  # noqa: E402
from bench.generate import COUNTRIES, USD_RATES  # noqa: E402

SEED = 11
REQUESTS = 40
ADMIN_EMAIL = "bench-whatworks@example.org"


def _app(url: str):
    from outreach import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-whatworks"})


def _is_built(app) -> bool:
    import sqlalchemy as sa

    from outreach.extensions import db

    with app.app_context():
        try:
            return bool(db.session.scalar(sa.text("SELECT count(*) FROM feedback")))
        except sa.exc.DatabaseError:
            db.session.rollback()
            return False


def build(app, n_sites: int, n_months: int) -> None:
    from decimal import Decimal

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from outreach.auth import operations as users
    from outreach.auth.models import Role
    from outreach.core.money import ExchangeRate
    from outreach.core.periods import add_months, month_of
    from outreach.extensions import db
    from outreach.sites.models import Country, Site, SiteKind, SiteStatus
    from outreach.sites.reference import ensure_countries
    from outreach.stats import rollups

    started = time.monotonic()
    with app.app_context():
        upgrade()
        ensure_countries()
        admin = users.create_user(
            users.UserData(email=ADMIN_EMAIL, name="Bench admin", role=Role.ADMIN),
            "bench-whatworks-admin-pass",
        )
        currencies = {c.code: c.currency for c in db.session.scalars(sa.select(Country))}
        sites = []
        for i in range(n_sites):
            code = COUNTRIES[i % len(COUNTRIES)]
            sites.append(
                Site(
                    code=f"W{i:04d}",
                    name=f"Site {i:04d}",
                    country_code=code,
                    province="Province",
                    district="District",
                    kind=SiteKind.RAIL,
                    operator="Bench operator",
                    bri_designated=False,
                    bri_reference="",
                    status=SiteStatus.OPERATION,
                    archived=False,
                )
            )
        db.session.add_all(sites)
        for currency, per_usd in USD_RATES.items():
            if currency != "USD":
                db.session.add(
                    ExchangeRate(
                        currency=currency,
                        reporting_currency="USD",
                        rate=Decimal(str(round(1 / per_usd, 10))),
                        valid_from=dt.date(2000, 1, 1),
                    )
                )
        db.session.flush()
        last = add_months(month_of(dt.date.today()), -1)
        start = add_months(last, -(n_months - 1))
        frame, activities = planted.panel(
            SEED, n_sites, n_months, start=start, with_activities=True
        )
        ids = [s.id for s in sites]
        currency_of = {
            s.id: (currencies[s.country_code], USD_RATES[currencies[s.country_code]]) for s in sites
        }
        planted.write(db.session.connection(), frame, activities, ids, admin.id, currency_of)
        rollups.rebuild()
        db.session.commit()
    print(f"built in {time.monotonic() - started:.1f} s", file=sys.stderr)


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def run(url: str | None, n_sites: int = 300, n_months: int = 60) -> dict:
    import sqlalchemy as sa

    from outreach.auth.models import User
    from outreach.extensions import db
    from outreach.whatworks.compute import compute_what_works
    from tests.factories import sign_in

    if not url:
        DATA.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA / f'whatworks-{n_sites}-{n_months}.db'}"
    app = _app(url)
    if not _is_built(app):
        build(app, n_sites, n_months)
    figures: dict = {"database": "postgresql" if url.startswith("postgresql") else "sqlite"}
    with app.app_context():
        compute_what_works(portfolio_only=True)  # warm-up: imports, caches
        db.session.rollback()
        portfolio_s, rows = _timed(lambda: compute_what_works(portfolio_only=True))
        sentiment = next(r for r in rows if r.outcome == "sentiment")
        stored = {
            "sites": sentiment.site_count,
            "months": sentiment.month_count,
            "seconds": sentiment.seconds,
            "effects": {e["factor"]: e for e in sentiment.result["effects"]},
        }
        db.session.commit()
        all_s, all_rows = _timed(compute_what_works)
        db.session.commit()
        admin = db.session.scalar(sa.select(User).where(User.email == ADMIN_EMAIL))
        client = app.test_client()
        sign_in(client, admin)
    times = []
    for i in range(REQUESTS + 3):
        elapsed, response = _timed(lambda: client.get("/dashboard/what-works"))
        assert response.status_code == 200, response.status_code
        if i >= 3:
            times.append(elapsed * 1000)
    times.sort()
    effects = stored["effects"]
    recovered = {
        name: {
            "planted": planted.PLANTED.get(name, {}).get(1, 0.0),
            # lags are keyed 1..3 (as stored in JSON: "1".."3")
            "lag1": round(
                {str(k): v for k, v in effects[name]["lags"].items()}["1"]["estimate"], 3
            ),
            "total": round(effects[name]["total"]["estimate"], 3),
            "interval90": [
                round(effects[name]["total"]["low"], 3),
                round(effects[name]["total"]["high"], 3),
            ],
        }
        for name in ("donations", "consultations", "events", "trainings")
    }
    figures.update(
        {
            "sites": stored["sites"],
            "months": stored["months"],
            "portfolio_job_s": round(portfolio_s, 2),
            "portfolio_estimate_s": stored["seconds"],
            "every_scope_s": round(all_s, 2),
            "scopes": len(all_rows) // 2,
            "page_p50_ms": round(statistics.median(times), 1),
            "page_p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
            "recovered": recovered,
        }
    )
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--months", type=int, default=60)
    args = parser.parse_args(argv)
    figures = run(args.database_url, args.sites, args.months)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
