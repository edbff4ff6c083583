"""``flask db copy`` at the bench's size: the 1 M-activity SQLite portfolio (300 sites, 2 M
feedback items; built by bench/dashboards.py's generator and reused) copied into a new
PostgreSQL database, checks included, timed from the command's start to its end.

    python bench/db_copy.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/x

The target database is ``<name>_copy`` on that server, dropped and created for each run.
"""

from __future__ import annotations

import argparse
import json
import os

# the app's own command, run as a user would run it
import subprocess  # nosec B404
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import dashboards  # noqa: E402


def _fresh_database(url: str) -> str:
    base = sa.engine.make_url(url)
    name = f"{base.database}_copy"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def run(url: str) -> dict:
    _, sources = dashboards.databases(None)
    source = sources["full"]
    target = _fresh_database(url)
    env = {**os.environ, "DATABASE_URL": source, "OUTREACH_ENV_NAME": "development"}
    start = time.perf_counter()
    done = subprocess.run(  # nosec B603
        [sys.executable, "-m", "flask", "--app", "app", "db", "copy", "--to", target],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(done.stderr or done.stdout)
    tables = {}
    for line in done.stdout.splitlines():
        if ": " in line and " rows in " in line:
            name, rest = line.split(": ", 1)
            tables[name] = int(rest.split(" rows")[0].replace(",", ""))
    return {
        "database": "postgresql",
        "source": "sqlite " + Path(source.removeprefix("sqlite:///")).name,
        "rows": sum(tables.values()),
        "activities": tables.get("activities"),
        "feedback": tables.get("feedback"),
        "seconds": round(seconds, 1),
        "rows_per_s": round(sum(tables.values()) / seconds),
        "summary": done.stdout.strip().splitlines()[-1],
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), required=True)
    figures = run(parser.parse_args(argv).database_url)
    print(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
