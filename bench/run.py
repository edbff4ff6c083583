"""``make bench``: run the benchmarks and merge their figures into bench/results.json.

    python bench/run.py [--duration 60] [--database-url URL]
        [--only load|load-crash|load-floor|dashboards|reports|db-copy]
        [--only load|load-crash|load-floor|dashboards|reports|whatworks]
        [--only load|load-crash|load-floor|dashboards|reports|jobs]
        [--only load|load-crash|load-floor|dashboards|reports|reminders]
        [--only load|load-crash|load-floor|dashboards|reports|api]
        [--only load|load-crash|load-floor|dashboards|reports|api|field]
        [--only load|load-crash|load-floor|dashboards|reports|imports] [--import-rows N]

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

from bench import dashboards, db_copy, load, report_bench  # noqa: E402
from bench import dashboards, load, report_bench, whatworks_bench  # noqa: E402
from bench import dashboards, jobs_bench, load, report_bench  # noqa: E402
from bench import dashboards, load, reminders, report_bench  # noqa: E402
from bench import api_bench, dashboards, load, report_bench  # noqa: E402
from bench import api_bench, dashboards, field, load, report_bench  # noqa: E402
from bench import dashboards, import_bench, load, report_bench  # noqa: E402

BENCHMARKS = {
    "load": {"crash": False},
    "load-crash": {"crash": True},
    # the same load with the least form post this stack allows (bench/floor_app.py)
    "load-floor": {"crash": False, "mix": ("floor",)},
    "dashboards": {},
    "reports": {},
    "db-copy": {},
    # the What works estimate of 300 sites × 60 months as a job, and its page
    "whatworks": {},
    # 10,000 due reminders through RQ workers to an SMTP server (bench/jobs_bench.py)
    "jobs": {},
    # 10,000 due grievance reminders in one pass, target ≤ 30 s (bench/reminders.py)
    "reminders": {},
    # a 100-item page of activities and a full updated_since mirror through the JSON API
    "api": {},
    # field capture budgets in Chromium on emulated Fast 3G (bench/field.py)
    "field": {},
    "imports": {},
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
    bare = args.bare_duration if args.bare_duration is not None else max(5.0, args.duration / 4)
    databases = [None] + ([args.database_url] if args.database_url else [])
    failures = 0
    for name in args.only or BENCHMARKS:
        for url in databases:
            if name == "db-copy":
                if url:
                    figures = db_copy.run(url)
                    merge(name, figures["database"], figures)
                    print(f"db-copy     {figures['rows']:,} rows in {figures['seconds']} s")
            if name == "jobs":
                figures = jobs_bench.run(url)
                merge(name, figures["database"], figures)
                print(
                    f"jobs        {figures['database']:<10} {figures['reminders']} reminders: "
                    f"{figures['messages_received']} messages in {figures['seconds']} s"
                )
                failures += figures["messages_received"] != figures["reminders"]
                continue
            if name == "reports":
                figures = report_bench.run(url)
                merge(name, figures["database"], figures)
                continue
            if name == "whatworks":
                figures = whatworks_bench.run(url)
                merge(name, figures["database"], figures)
                gift, f = figures["recovered"]["donations"], figures
                print(
                    f"whatworks   {f['database']:<10} portfolio job {f['portfolio_job_s']} s "
                    f"(estimate {f['portfolio_estimate_s']} s); "
                    f"page p50 {f['page_p50_ms']} ms p95 {f['page_p95_ms']} ms; "
                    f"donations planted +3, recovered {gift['total']} {gift['interval90']}"
            if name == "reminders":
                figures = reminders.run(url)
                merge(name, figures["database"], figures)
                failures += not figures["ok"]
                print(
                    f"reminders   {figures['database']:<10} {figures['grievances_due']} due, "
                    f"{figures['notifications']} notifications in {figures['seconds']} s "
                    f"(target ≤ {figures['target_seconds']} s)"
            if name == "field":
                figures = field.run(url)
                merge(name, figures["database"], figures)
                failures += not all(figures["budgets"].values())
                print(
                    f"field       {figures['database']:<10} "
                    f"first load {figures['first_load']['bytes']} B "
                    f"in {figures['first_load']['seconds_p50']} s; "
                    f"offline repeat {figures['offline_repeat']['seconds_max']} s; "
                    f"two photos {figures['donation_two_4mb_photos']['total_seconds']} s; "
                    f"JS {figures['javascript']['gzip_bytes']} B gzipped"
                )
                continue
            if name == "api":
                figures = api_bench.run(url)
                merge(name, figures["database"], figures)
                print(
                    f"api         {figures['database']:<10} "
                    f"page of 100 p50 {figures['page_of_100']['p50_ms']} ms "
                    f"p95 {figures['page_of_100']['p95_ms']} ms; "
                    f"mirror {figures['mirror']['items_per_s']} items/s "
                    f"({figures['mirror']['items']} items, "
                    f"complete: {figures['mirror']['complete']})"
            if name == "imports":
                figures = import_bench.run(url, args.import_rows)
                merge(name, figures["database"], figures)
                print(
                    f"imports     {figures['database']:<10} {figures['rows']} rows: checked "
                    f"{figures['check_s']} s, written {figures['write_s']} s, peak RSS "
                    f"{figures['peak_rss_mb']} MB"
                )
                continue
            if name == "dashboards":
                figures = dashboards.run(url)
                merge(name, figures["database"], figures)
                for size, pages in figures["sizes"].items():
                    print(
                        f"dashboards  {figures['database']:<10} {size:<5} "
                        f"portfolio p50 {pages['portfolio']['p50_ms']} ms "
                        f"p95 {pages['portfolio']['p95_ms']} ms; "
                        f"site p50 {pages['site']['p50_ms']} ms p95 {pages['site']['p95_ms']} ms"
                    )
                continue
            options = {"mix": load.parse_mix(args.mix), **BENCHMARKS[name]}
            figures = load.run(url, args.duration, bare, **options)
            merge(name, figures["database"], figures)
            ok = figures["lost"] == 0 and figures["integrity"] == "ok"
            failures += not ok
            print(
                f"{name:<11} {figures['database']:<10} "
                f"submit p50 {figures['submit']['p50_ms']} ms, "
                f"p95 {figures['submit']['p95_ms']} ms, "
                f"{figures['submit']['throughput_per_s']}/s; "
                f"bare {figures['bare']['throughput_per_s']}/s; "
                f"ratio {figures['ratio_submit_to_bare']}; "
                f"client CPU {figures['submit']['client_cpu_share']:.0%}; "
                f"locked {figures['database_is_locked']}; "
                f"acknowledged {figures['acknowledged']}, lost {figures['lost']}, "
                f"integrity {figures['integrity']}"
            )
    print(f"results in {RESULTS.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
