"""Build a realistic portfolio database for the dashboard benchmark.

    python bench/generate.py --sites 300 --activities 1000000 --feedback 2000000 [--db URL]

Five years, 11 countries: schema from the migrations, then plain ``executemany`` in batches
with the big tables' secondary indexes dropped, then the monthly rollups with the app's own
INSERT … SELECT … GROUP BY (``rollups.rebuild``), then the indexes again. Without ``--db`` it
writes bench/data/portfolio-<sites>-<activities>.db. Prints the admin account's e-mail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ADMIN_EMAIL = "bench-admin@dashboards.example.org"
ADMIN_PASSWORD = "bench-dashboards-admin-pass"  # noqa: S105 - a throwaway bench account
COUNTRIES = ["KH", "ID", "LA", "MY", "MM", "PH", "TH", "VN", "BN", "SG", "TL"]
YEARS = 5
BATCH = 20_000
KINDS = ["festival", "donation", "consultation", "training"]
CAUSES = [
    "education",
    "health",
    "disaster_relief",
    "culture",
    "infrastructure",
    "livelihoods",
    "environment",
    "other",
]
MOTIVATIONS = ["charitable_gift", "community_investment", "commercial_initiative"]
CHANNELS = ["meeting", "hotline", "messaging", "suggestion_box", "social_media", "walk_in"]
#: units of local currency per USD, roughly
USD_RATES = {
    "KHR": 4100,
    "IDR": 15800,
    "LAK": 21000,
    "MYR": 4.6,
    "MMK": 2100,
    "PHP": 56,
    "THB": 35,
    "VND": 24500,
    "BND": 1.35,
    "SGD": 1.35,
    "USD": 1,
}


class Progress:
    def __init__(self, label: str, total: int):
        self.label, self.total, self.done, self.started = label, total, 0, time.monotonic()

    def step(self, n: int) -> None:
        self.done += n
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        elapsed = time.monotonic() - self.started
        sys.stderr.write(
            f"\r{self.label:<12} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:>9,}/{self.total:,} {elapsed:6.1f} s"
        )
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _insert(conn, table, columns: list[str], rows_iter, total: int, label: str) -> None:
    if conn.dialect.name == "postgresql":
        _copy(conn, table, columns, rows_iter, total, label)
        return
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"  # noqa: S608 - fixed table and column names
    )
    progress = Progress(label, total)
    batch = []
    for row in rows_iter:
        batch.append(row)
        if len(batch) >= BATCH:
            conn.exec_driver_sql(sql, batch)
            progress.step(len(batch))
            batch = []
    if batch:
        conn.exec_driver_sql(sql, batch)
        progress.step(len(batch))


def _copy(conn, table, columns: list[str], rows_iter, total: int, label: str) -> None:
    """PostgreSQL: stream the rows with COPY, many times faster than batched INSERTs."""
    progress = Progress(label, total)
    cursor = conn.connection.driver_connection.cursor()
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with cursor.copy(statement) as copy:
        n = 0
        for row in rows_iter:
            copy.write_row(row)
            n += 1
            if n == BATCH:
                progress.step(n)
                n = 0
        if n or not total:
            progress.step(n)


def _days(start: dt.date, n: int) -> list[str]:
    return [(start + dt.timedelta(days=i)).isoformat() for i in range(n)]


def activities(rng, sites, n, start, ndays, author_id, now):
    days = _days(start, ndays)
    recent = days[-30]
    for i in range(n):
        site_id, currency, scale = sites[rng.randrange(len(sites))]
        kind = KINDS[rng.randrange(4)]
        day = days[int(ndays * (rng.random() ** 0.8))]
        cost = round(rng.uniform(50, 2000) * scale, 2)
        hours = round(rng.uniform(0, 40), 1)
        attendance = rng.randint(20, 800) if kind == "festival" else None
        cash = round(rng.uniform(100, 5000) * scale, 2) if kind == "donation" else None
        in_kind = round(rng.uniform(0, 3000) * scale, 2) if kind == "donation" else None
        beneficiaries = rng.randint(5, 500) if kind == "donation" else None
        participants = rng.randint(10, 200) if kind == "consultation" else None
        women = int(participants * rng.uniform(0.2, 0.6)) if participants else None
        men = participants - women if participants else None
        trainees = rng.randint(5, 60) if kind == "training" else None
        trainees_women = int(trainees * rng.uniform(0.2, 0.7)) if trainees else None
        # older entries have been reviewed; the last month still has some waiting or in draft
        state = "approved"
        if day >= recent and rng.random() < 0.3:
            state = "submitted" if rng.random() < 0.6 else "draft"
        yield (
            site_id,
            kind,
            day,
            state,
            f"Activity {i}",
            "",
            "",
            currency,
            cost,
            hours,
            MOTIVATIONS[rng.randrange(3)],
            CAUSES[rng.randrange(8)],
            attendance,
            "",
            cash,
            "",
            in_kind,
            beneficiaries,
            "",
            "",
            participants,
            women,
            men,
            "",
            "",
            "",
            "",
            trainees,
            trainees_women,
            author_id,
            1,
            "",
            False,
            1,
            now,
            now,
        )


ACTIVITY_COLUMNS = [
    "site_id",
    "kind",
    "activity_date",
    "state",
    "title",
    "description",
    "place",
    "currency",
    "cost_amount",
    "staff_hours",
    "motivation",
    "cause",
    "attendance",
    "audience",
    "cash_amount",
    "in_kind_description",
    "in_kind_value",
    "beneficiaries",
    "topic",
    "languages",
    "participants",
    "participants_women",
    "participants_men",
    "information_disclosed",
    "issues_raised",
    "commitments_made",
    "programme",
    "trainees",
    "trainees_women",
    "author_id",
    "times_submitted",
    "review_comment",
    "is_deleted",
    "version",
    "created_at",
    "updated_at",
]

FEEDBACK_COLUMNS = [
    "site_id",
    "received_on",
    "channel",
    "language",
    "text",
    "sentiment",
    "reviewed",
    "anonymous",
    "fears_retaliation",
    "person_name",
    "person_contact",
    "consent_personal_data",
    "tracking_code",
    "is_grievance",
    "status",
    "ack_due",
    "resolve_due",
    "acknowledged_on",
    "resolved_on",
    "closed_on",
    "resolution",
    "is_deleted",
    "version",
    "created_at",
    "updated_at",
]


def feedback(rng, sites, n, start, ndays, today, now, grievance_ids):
    for i in range(n):
        site_id = sites[rng.randrange(len(sites))][0]
        offset = int(ndays * (rng.random() ** 0.8))
        received = start + dt.timedelta(days=offset)
        sentiment = max(-2, min(2, round(rng.gauss(0.2 + (site_id % 7 - 3) * 0.1, 1.1))))
        reviewed = rng.random() < 0.97
        grievance = rng.random() < 0.05
        status = ack_due = resolve_due = acknowledged = resolved = closed = None
        if grievance:
            grievance_ids.append(i + 1)
            ack_due = received + dt.timedelta(days=2)
            resolve_due = received + dt.timedelta(days=30)
            age = (today - received).days
            if age > 60 and rng.random() < 0.985:
                acknowledged = received + dt.timedelta(days=rng.randint(0, 4))
                resolved = received + dt.timedelta(days=rng.randint(3, 55))
                closed = resolved + dt.timedelta(days=rng.randint(1, 10))
                status = "closed"
            else:
                status = rng.choice(["received", "acknowledged", "investigating", "escalated"])
                if status != "received":
                    acknowledged = received + dt.timedelta(days=rng.randint(0, 4))
        iso = [
            None if d is None else d.isoformat()
            for d in (ack_due, resolve_due, acknowledged, resolved, closed)
        ]
        yield (
            site_id,
            received.isoformat(),
            CHANNELS[rng.randrange(6)],
            "en",
            "Feedback text",
            sentiment if reviewed else None,
            reviewed,
            False,
            False,
            "",
            "",
            False,
            f"B{i:011d}",
            grievance,
            status,
            *iso,
            "",
            False,
            1,
            now,
            now,
        )


def build(url: str, n_sites: int, n_activities: int, n_feedback: int, seed: int = 5) -> None:
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from outreach import create_app
    from outreach.auth import operations as users
    from outreach.auth.models import Role
    from outreach.extensions import db
    from outreach.feedback.operations import ensure_default_categories
    from outreach.sites.models import Country
    from outreach.sites.reference import ensure_countries

    started = time.monotonic()
    rng = random.Random(seed)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-generate"})
    today = dt.date.today()
    start = dt.date(today.year - YEARS, today.month, 1)
    ndays = (today - start).days + 1
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    with app.app_context():
        upgrade()
        ensure_countries()
        ensure_default_categories()
        admin = users.create_user(
            users.UserData(email=ADMIN_EMAIL, name="Bench admin", role=Role.ADMIN), ADMIN_PASSWORD
        )
        for i, code in enumerate(COUNTRIES):
            country = db.session.get(Country, code)
            country.next_election = today + dt.timedelta(days=90 + 120 * i)
            country.staff_hour_rate = round(12 * USD_RATES[country.currency], 2)
        db.session.commit()
        currencies = {c.code: c.currency for c in db.session.scalars(sa.select(Country))}
        admin_id = admin.id
        db.session.commit()
        big = [t for t in db.metadata.sorted_tables if t.name in ("activities", "feedback")]
        with db.engine.begin() as conn:
            for table in big:
                for index in table.indexes:
                    conn.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
            sites = []
            site_rows = []
            for i in range(n_sites):
                code = COUNTRIES[i % len(COUNTRIES)]
                lat, lon = rng.uniform(-8, 20), rng.uniform(96, 125)
                site_rows.append(
                    (
                        f"S{i:04d}",
                        f"Site {i:04d}",
                        code,
                        "Province",
                        "District",
                        "rail",
                        "Bench operator",
                        False,
                        "",
                        "operation",
                        round(lat, 5),
                        round(lon, 5),
                        False,
                        1,
                        now,
                        now,
                    )
                )
            _insert(
                conn,
                "sites",
                [
                    "code",
                    "name",
                    "country_code",
                    "province",
                    "district",
                    "kind",
                    "operator",
                    "bri_designated",
                    "bri_reference",
                    "status",
                    "latitude",
                    "longitude",
                    "archived",
                    "version",
                    "created_at",
                    "updated_at",
                ],
                iter(site_rows),
                n_sites,
                "sites",
            )
            for site_id, code in conn.exec_driver_sql(
                "SELECT id, country_code FROM sites ORDER BY id"
            ):
                currency = currencies[code]
                sites.append((site_id, currency, USD_RATES[currency]))
            _insert(
                conn,
                "activities",
                ACTIVITY_COLUMNS,
                activities(rng, sites, n_activities, start, ndays, admin_id, now),
                n_activities,
                "activities",
            )
            grievance_ids: list[int] = []
            _insert(
                conn,
                "feedback",
                FEEDBACK_COLUMNS,
                feedback(rng, sites, n_feedback, start, ndays, today, now, grievance_ids),
                n_feedback,
                "feedback",
            )
            categories = [r[0] for r in conn.exec_driver_sql("SELECT id FROM feedback_categories")]
            offset = conn.exec_driver_sql("SELECT min(id) FROM feedback").scalar() - 1
            _insert(
                conn,
                "feedback_category_links",
                ["feedback_id", "category_id"],
                ((fid + offset, rng.choice(categories)) for fid in grievance_ids),
                len(grievance_ids),
                "categories",
            )
            _rates_and_surveys(conn, rng, sites, start, today, now, admin_id)
        with db.engine.begin() as conn:
            for table in big:
                for index in table.indexes:
                    index.create(conn)
        sys.stderr.write("rollups …\n")
        from outreach.stats import rollups

        db.session.rollback()
        counts = rollups.rebuild()
        db.session.commit()
        # PostgreSQL: VACUUM too, as autovacuum soon would, so index-only scans see the
        # freshly loaded pages as visible
        analyze = "VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(analyze)
    print(f"built in {time.monotonic() - started:.1f} s: {counts}; sign in as {ADMIN_EMAIL}")


def _rates_and_surveys(conn, rng, sites, start, today, now, admin_id) -> None:
    from outreach.feedback.indices import perception_index
    from outreach.feedback.models import SURVEY_ITEMS

    rates = []
    for currency, per_usd in USD_RATES.items():
        if currency == "USD":
            continue
        day, level = start, 1.0
        while day <= today:
            level *= rng.uniform(0.97, 1.03)
            rates.append(
                (currency, "USD", round(1 / (per_usd * level), 10), day.isoformat(), now, now)
            )
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        # two changes in the middle of a month, as after a devaluation
        mid = (today.replace(day=1) - dt.timedelta(days=100)).replace(day=16)
        if currency in ("IDR", "MMK"):
            rates.append((currency, "USD", round(0.9 / per_usd, 10), mid.isoformat(), now, now))
    _insert(
        conn,
        "exchange_rates",
        ["currency", "reporting_currency", "rate", "valid_from", "created_at", "updated_at"],
        iter(rates),
        len(rates),
        "rates",
    )
    rounds, answers = [], []
    for site_id, _, _ in sites:
        day = start + dt.timedelta(days=rng.randint(0, 180))
        while day <= today:
            counts = {item: [rng.randint(0, 30) for _ in range(5)] for item in SURVEY_ITEMS}
            index = perception_index(counts)
            rounds.append((site_id, day.isoformat(), 100, "paper", "", admin_id, index, now, now))
            answers.append(counts)
            day += dt.timedelta(days=rng.randint(150, 210))
    _insert(
        conn,
        "survey_rounds",
        [
            "site_id",
            "conducted_on",
            "sample_size",
            "method",
            "notes",
            "recorded_by_id",
            "perception",
            "created_at",
            "updated_at",
        ],
        iter(rounds),
        len(rounds),
        "surveys",
    )
    ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM survey_rounds ORDER BY id")]
    _insert(
        conn,
        "survey_answer_counts",
        ["round_id", "item", "n1", "n2", "n3", "n4", "n5"],
        (
            (rid, item, *ns)
            for rid, counts in zip(ids, answers, strict=True)
            for item, ns in counts.items()
        ),
        len(ids) * len(SURVEY_ITEMS),
        "answers",
    )
    commitments = []
    for site_id, _, _ in sites:
        for _ in range(rng.randint(5, 40)):
            due = today + dt.timedelta(days=rng.randint(-400, 200))
            status = "done" if due < today and rng.random() < 0.9 else "open"
            commitments.append(
                (
                    site_id,
                    "A promise",
                    "Site team",
                    due.isoformat(),
                    status,
                    "",
                    "",
                    False,
                    1,
                    now,
                    now,
                )
            )
    _insert(
        conn,
        "commitments",
        [
            "site_id",
            "description",
            "owner",
            "due_date",
            "status",
            "evidence",
            "drop_reason",
            "is_deleted",
            "version",
            "created_at",
            "updated_at",
        ],
        iter(commitments),
        len(commitments),
        "commitments",
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--feedback", type=int, default=2_000_000)
    parser.add_argument("--db", help="database URL (default: a new SQLite file in bench/data/)")
    args = parser.parse_args(argv)
    url = args.db
    if not url:
        DATA.mkdir(parents=True, exist_ok=True)
        path = DATA / f"portfolio-{args.sites}-{args.activities}.db"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    build(url, args.sites, args.activities, args.feedback)
    return 0


if __name__ == "__main__":
    sys.exit(main())
