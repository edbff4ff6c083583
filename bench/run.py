"""``make bench``: run the benchmarks and merge their figures into bench/results.json.

    python bench/run.py [--duration 60] [--database-url URL] [--import-rows N]
        [--only load|load-crash|load-floor|dashboards|reports|db-copy|api|field|imports|jobs|
                reminders|whatworks]

Databases: a fresh SQLite file always, plus PostgreSQL when ``--database-url`` or
``DATABASE_URL`` names one. Results are keyed by benchmark, then database
(``{"load": {"sqlite": {...}, "postgresql": {...}}, "load-crash": {...}}``); a run replaces
only the entries it measured. ``db-copy`` (SQLite to PostgreSQL) runs only with a PostgreSQL URL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    api_bench,
    dashboards,
    db_copy,
    field,
    import_bench,
    jobs_bench,
    load,
    reminders,
    report_bench,
    whatworks_bench,
)

#: the load benchmarks' options
LOADS = {
    "load": {"crash": False},
    "load-crash": {"crash": True},
    # the same load with the least form post this stack allows (bench/floor_app.py)
    "load-floor": {"crash": False, "mix": ("floor",)},
}


def _load(name):
    def run(url, args):
        bare = args.bare_duration if args.bare_duration is not None else max(5.0, args.duration / 4)
        options = {"mix": load.parse_mix(args.mix), **LOADS[name]}
        f = load.run(url, args.duration, bare, **options)
        ok = f["lost"] == 0 and f["integrity"] == "ok"
        line = (
            f"submit p50 {f['submit']['p50_ms']} ms, p95 {f['submit']['p95_ms']} ms, "
            f"{f['submit']['throughput_per_s']}/s; bare {f['bare']['throughput_per_s']}/s; "
            f"ratio {f['ratio_submit_to_bare']}; client CPU {f['submit']['client_cpu_share']:.0%}; "
            f"locked {f['database_is_locked']}; acknowledged {f['acknowledged']}, "
            f"lost {f['lost']}, integrity {f['integrity']}"
        )
        return f, line, ok

    return run


def _dashboards(url, args):
    f = dashboards.run(url)
    line = "; ".join(
        f"{size} portfolio p50 {p['portfolio']['p50_ms']} ms p95 {p['portfolio']['p95_ms']} ms, "
        f"site p50 {p['site']['p50_ms']} ms p95 {p['site']['p95_ms']} ms"
        for size, p in f["sizes"].items()
    )
    return f, line, True


def _reports(url, args):
    return report_bench.run(url), "", True


def _db_copy(url, args):
    if not url:
        return None, "needs a PostgreSQL URL", True
    f = db_copy.run(url)
    return f, f"{f['rows']:,} rows in {f['seconds']} s", True


def _api(url, args):
    f = api_bench.run(url)
    m = f["mirror"]
    line = (
        f"page of 100 p50 {f['page_of_100']['p50_ms']} ms p95 {f['page_of_100']['p95_ms']} ms; "
        f"mirror {m['items_per_s']} items/s ({m['items']} items, complete: {m['complete']})"
    )
    return f, line, True


def _field(url, args):
    f = field.run(url)
    line = (
        f"first load {f['first_load']['bytes']} B in {f['first_load']['seconds_p50']} s; "
        f"offline repeat {f['offline_repeat']['seconds_max']} s; "
        f"two photos {f['donation_two_4mb_photos']['total_seconds']} s; "
        f"JS {f['javascript']['gzip_bytes']} B gzipped"
    )
    return f, line, all(f["budgets"].values())


def _imports(url, args):
    f = import_bench.run(url, args.import_rows)
    line = (
        f"{f['rows']} rows: checked {f['check_s']} s, written {f['write_s']} s, "
        f"peak RSS {f['peak_rss_mb']} MB"
    )
    return f, line, True


def _jobs(url, args):
    f = jobs_bench.run(url)
    line = f"{f['reminders']} reminders: {f['messages_received']} messages in {f['seconds']} s"
    return f, line, f["messages_received"] == f["reminders"]


def _reminders(url, args):
    f = reminders.run(url)
    line = (
        f"{f['grievances_due']} due, {f['notifications']} notifications in {f['seconds']} s "
        f"(target ≤ {f['target_seconds']} s)"
    )
    return f, line, f["ok"]


def _whatworks(url, args):
    f = whatworks_bench.run(url)
    gift = f["recovered"]["donations"]
    line = (
        f"portfolio job {f['portfolio_job_s']} s (estimate {f['portfolio_estimate_s']} s); "
        f"page p50 {f['page_p50_ms']} ms p95 {f['page_p95_ms']} ms; "
        f"donations planted +3, recovered {gift['total']} {gift['interval90']}"
    )
    return f, line, True


#: name → run(url, args) giving (figures or None, a line to print, whether it met its goal)
BENCHMARKS = {
    **{name: _load(name) for name in LOADS},
    "dashboards": _dashboards,
    "reports": _reports,
    # the 1 M-activity SQLite portfolio copied into PostgreSQL (bench/db_copy.py)
    "db-copy": _db_copy,
    # a 100-item page of activities and a full updated_since mirror through the JSON API
    "api": _api,
    # field capture budgets in Chromium on emulated Fast 3G (bench/field.py)
    "field": _field,
    # activity rows from XLSX, checked and written (bench/import_bench.py)
    "imports": _imports,
    # due reminders through RQ workers to an SMTP server (bench/jobs_bench.py)
    "jobs": _jobs,
    # 10,000 due grievance reminders in one pass, target ≤ 30 s (bench/reminders.py)
    "reminders": _reminders,
    # the What works estimate of 300 sites × 60 months as a job, and its page
    "whatworks": _whatworks,
}


def merge(name: str, database: str, figures: dict, path: Path = RESULTS) -> None:
    """Store ``figures`` under results[name][database], keeping every other entry."""
    results = json.loads(path.read_text()) if path.exists() else {}
    figures = {"measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **figures}
    results.setdefault(name, {})[database] = figures
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="write phase, seconds")
    parser.add_argument("--bare-duration", type=float, default=None)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append")
    parser.add_argument("--mix", default=",".join(load.DEFAULT_MIX))
    parser.add_argument("--import-rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    databases = [None] + ([args.database_url] if args.database_url else [])
    failures = 0
    for name in args.only or BENCHMARKS:
        for url in databases:
            figures, line, ok = BENCHMARKS[name](url, args)
            if figures is not None:
                merge(name, figures["database"], figures)
                print(f"{name:<11} {figures['database']:<10} {line}")
            failures += not ok
    print(f"results in {RESULTS.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
