"""Time an import of activity rows from XLSX, checked and written (targets: 100,000 rows in
60 s on SQLite, 90 s on PostgreSQL, under 500 MB of memory).

Run: ``.venv/bin/python bench/import_bench.py [--rows 100000] [--database-url URL]`` (or
``bench/run.py --only imports``). A fresh database (a new SQLite file, or the PostgreSQL
database named, emptied) gets one site, one stakeholder and a manager; a workbook of donations,
festivals, consultations and trainings is written; then the import runs in a child process, as
the command line runs it (check, then write in one transaction), and the child's peak resident
memory is read from the kernel. Prints one line and a JSON object (for bench/results.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = {
    "donation": {
        "donation_form": "cash",
        "beneficiary": "SK Kampung Baru",
        "cash": 1500,
        "beneficiaries": 120,
    },
    "festival": {"occasion": "hari_raya", "attendance": 400},
    "consultation": {
        "consultation_format": "town_hall",
        "topic": "Blasting schedule",
        "participants": 60,
        "participants_women": 25,
        "participants_men": 35,
    },
    "training": {"programme": "Welding", "trainees": 20, "completed": 18},
}
HEADER = [
    "external_id",
    "site",
    "kind",
    "date",
    "title",
    "b4si_motivation",
    "cause",
    "donation_form",
    "beneficiary",
    "cash",
    "beneficiaries",
    "occasion",
    "attendance",
    "consultation_format",
    "topic",
    "participants",
    "participants_women",
    "participants_men",
    "programme",
    "trainees",
    "completed",
]


def write_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("activities")
    sheet.append(HEADER)
    kinds = list(KINDS)
    start = dt.date(2024, 1, 1)
    for n in range(rows):
        kind = kinds[n % len(kinds)]
        row = {
            "external_id": f"B-{n}",
            "site": "BN-DEPOT",
            "kind": kind,
            "date": start + dt.timedelta(days=n % 600),
            "title": f"{kind} {n}",
            "b4si_motivation": "community_investment",
            "cause": "education",
            **KINDS[kind],
        }
        sheet.append([row.get(h) for h in HEADER])
    book.save(path)


def prepare(url: str, folder: Path) -> None:
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from outreach import create_app
    from outreach.extensions import db
    from outreach.sites.reference import ensure_countries

    if url.startswith("postgresql"):
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
        engine.dispose()
    app = create_app(_config(url, folder))
    with app.app_context():
        from outreach.auth.models import Role, User
        from outreach.sites.models import Site
        from outreach.stakeholders.models import Stakeholder

        upgrade()
        ensure_countries()
        site = Site(
            code="BN-DEPOT",
            name="Bench depot",
            country_code="MY",
            kind="rail",
            status="construction",
            archived=False,
            version=1,
        )
        db.session.add(site)
        manager = User(
            email="bench-import@example.org",
            name="Bench manager",
            role=Role.MANAGER,
            password_hash="!",  # noqa: S106 - a bench account that never signs in
            active=True,
        )
        db.session.add(manager)
        db.session.flush()
        from outreach.sites.models import Country

        manager.countries = [db.session.get(Country, "MY")]
        db.session.add(
            Stakeholder(
                name="SK Kampung Baru", category="school", sites=[site], is_deleted=False, version=1
            )
        )
        db.session.commit()


def _config(url: str, folder: Path) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "bench",
        "IMPORT_FOLDER": str(folder),
        "UPLOAD_FOLDER": str(folder / "uploads"),
    }


def child(url: str, folder: str, workbook: str) -> None:
    """The import itself, as ``flask import`` runs it; prints its figures as JSON."""
    from outreach import create_app
    from outreach.extensions import db
    from outreach.imports.models import ImportState
    from outreach.imports.running import run_import
    from outreach.imports.uploads import new_run

    app = create_app(_config(url, Path(folder)))
    with app.app_context():
        import sqlalchemy as sa

        from outreach.auth.models import User

        user = db.session.scalar(sa.select(User).where(User.email == "bench-import@example.org"))
        started, cpu = time.perf_counter(), time.process_time()
        with open(workbook, "rb") as stream:
            run = new_run("activity", user, "bench.xlsx", stream)
        db.session.commit()
        run_import(run.id)
        checked = time.perf_counter()
        db.session.refresh(run)
        assert run.state == ImportState.CHECKED, (run.state, run.problem, (run.errors or [])[:5])
        run.state = ImportState.CONFIRMED
        db.session.commit()
        run_import(run.id)
        done = time.perf_counter()
        db.session.refresh(run)
        assert run.state == ImportState.DONE, (run.state, run.problem, (run.errors or [])[:5])
        print(
            json.dumps(
                {
                    "check_s": round(checked - started, 1),
                    "write_s": round(done - checked, 1),
                    "total_s": round(done - started, 1),
                    # the import's own processor time: the wall-clock figures above grow
                    # when other work shares the machine's cores
                    "cpu_s": round(time.process_time() - cpu, 1),
                    "created": run.created,
                }
            )
        )


def run(url: str | None, rows: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = url or f"sqlite:///{folder / 'bench.db'}"
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        prepare(url, folder)
        workbook = folder / "activities.xlsx"
        write_workbook(workbook, rows)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        out = subprocess.run(
            [sys.executable, __file__, "--child", url, str(folder), str(workbook)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        figures = json.loads(out.stdout.strip().splitlines()[-1])
    database = "postgresql" if url.startswith("postgresql") else "sqlite"
    return {
        "database": database,
        "rows": rows,
        **figures,
        "peak_rss_mb": round(max(peak, before) / 1024),
        "workbook_rows": rows,
        "limit_s": 90 if database == "postgresql" else 60,
        "limit_rss_mb": 500,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    figures = run(args.database_url, args.rows)
    print(
        f"imports {figures['database']}: {figures['rows']} rows checked in "
        f"{figures['check_s']} s, written in {figures['write_s']} s, total "
        f"{figures['total_s']} s ({figures['cpu_s']} s of processor); "
        f"peak RSS {figures['peak_rss_mb']} MB"
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
