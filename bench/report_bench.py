"""Time impact reports: a country-quarter report on the full bench database, and rendering at
about 1, 5 and 20 pages.

Run: ``.venv/bin/python bench/report_bench.py [--database-url URL]`` (or ``bench/run.py --only
reports``). The country-quarter report reads bench/data/portfolio-300-1000000.db (built by
``bench/dashboards.py``) unless a URL is given; its time is split into gathering the data (the
dashboard queries), the print template and WeasyPrint. The renderer (fonts and stylesheets) is
built once, as in the application; the first render also warms it up and is reported apart.
A database behind the newest migration (built before an index was added) is warned about: bring
it up to date with ``flask db upgrade`` or rebuild it.
Prints one line per figure and a JSON object (for bench/results.json).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alembic.migration import MigrationContext  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402

from outreach import create_app  # noqa: E402
from outreach.core.pdf import render_pdf  # noqa: E402
from outreach.core.periods import parse_period_text  # noqa: E402
from outreach.extensions import db  # noqa: E402
from outreach.reports.gather import gather_report_data  # noqa: E402
from outreach.reports.render import STYLESHEETS, render_report_html  # noqa: E402
from outreach.reports.scope import parse_scope  # noqa: E402
from tests.reports.sample_data import report_data  # noqa: E402

REPEAT = 3
FULL_DB = ROOT / "bench" / "data" / "portfolio-300-1000000.db"
#: the country with the most sites in the bench portfolio, and the last full quarter of data
SCOPE, PERIOD = "country:ID", "2026-Q3"


def one_page_html() -> str:
    return "<h1>Impact report</h1>" + "<p>Community investment in Kuantan, 社区, ชุมชน.</p>" * 20


def sample(kind: str) -> str:
    """The print HTML of a document of the given size."""
    if kind == "1 page":
        return one_page_html()
    if kind == "5 pages":  # plain text and a short table, no report chapters
        rows = "".join(f"<tr><td>MY-T{i:03d}</td><td class=num>{i}</td></tr>" for i in range(60))
        return one_page_html() * 4 + f"<table>{rows}</table>"
    if kind == "report, 1 site":  # every chapter on its own page: about 11 pages
        data = report_data(sites=1, languages=("en", "zh"), code="BENCH23456")
        return render_report_html(data, draft=False)
    # a country report with a 300-site table: about 20 pages
    data = report_data(sites=300, languages=("en", "zh"), code="BENCH23456")
    return render_report_html(data, draft=False)


def render_sizes() -> dict:
    """Render time of documents of about 1, 5, 11 and 20 pages (no database needed)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    results = {}
    with app.app_context():
        started = time.perf_counter()
        render_pdf(one_page_html(), *STYLESHEETS)
        results["warm_up_s"] = round(time.perf_counter() - started, 3)
        for kind in ("1 page", "5 pages", "report, 1 site", "report, 300 sites"):
            timings, html_s = [], []
            for _ in range(REPEAT):
                t0 = time.perf_counter()
                html = sample(kind)
                t1 = time.perf_counter()
                pdf = render_pdf(html, *STYLESHEETS)
                timings.append(time.perf_counter() - t1)
                html_s.append(t1 - t0)
            results[kind] = {
                "pages": pdf.pages,
                "bytes": len(pdf.content),
                "template_s": round(statistics.median(html_s), 3),
                "render_s": round(statistics.median(timings), 3),
            }
            print(
                f"{kind:>17}: {pdf.pages:3d} pages, {len(pdf.content) / 1024:7.0f} KB, "
                f"template {statistics.median(html_s):.3f} s, "
                f"render median {statistics.median(timings):.3f} s (of {REPEAT})"
            )
    return results


def schema_revision() -> str:
    """The database's migration revision; warns when it is behind the newest migration (a
    database built before a migration added an index is slower than a new one)."""
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    heads = ScriptDirectory(str(ROOT / "migrations")).get_heads()
    if set(current) != set(heads):
        print(
            f"warning: the database is at migration {', '.join(current) or 'none'}, not "
            f"{', '.join(heads)}: upgrade it (flask db upgrade) or rebuild it",
            file=sys.stderr,
        )
    return ",".join(current)


def country_quarter(url: str) -> dict:
    """Gather, template and render a bilingual country-quarter report from a full database;
    the median of REPEAT runs after one warm-up run."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    runs = []
    with app.app_context():
        revision = schema_revision()
        scope, period = parse_scope(SCOPE), parse_period_text(PERIOD)
        for _ in range(REPEAT + 1):
            t0 = time.perf_counter()
            data = gather_report_data(scope, period, ["en", "zh_Hans"], None)
            t1 = time.perf_counter()
            html = render_report_html(data, draft=True)
            t2 = time.perf_counter()
            pdf = render_pdf(html, *STYLESHEETS)
            t3 = time.perf_counter()
            runs.append((t3 - t0, t1 - t0, t2 - t1, t3 - t2))
    runs = runs[1:]  # the first run warms the renderer and the database cache
    total, gather, template, render = (statistics.median(r[i] for r in runs) for i in range(4))
    figures = {
        "scope": SCOPE,
        "period": PERIOD,
        "languages": "en,zh_Hans",
        "schema_revision": revision,
        "sites": len(data.sites),
        "pages": pdf.pages,
        "bytes": len(pdf.content),
        "total_s": round(total, 3),
        "gather_s": round(gather, 3),
        "template_s": round(template, 3),
        "render_s": round(render, 3),
        "gather_share_pct": round(gather * 100 / total, 1),
        "goal": "total <= 2.5 s, gathering <= 10 %",
        "meets_goal": total <= 2.5 and gather <= 0.1 * total,
    }
    print(
        f"country-quarter report ({SCOPE}, {PERIOD}, {figures['sites']} sites): {pdf.pages} pages, "
        f"{len(pdf.content) / 1024:.0f} KB, total {total:.3f} s = gather {gather:.3f} s "
        f"({figures['gather_share_pct']} %) + template {template:.3f} s + render {render:.3f} s"
    )
    return figures


def run(url: str | None = None) -> dict:
    """Every report figure, as stored under "reports" in bench/results.json."""
    if url is None:
        if not FULL_DB.exists():
            raise SystemExit(f"{FULL_DB} is missing: build it with bench/dashboards.py")
        url = f"sqlite:///{FULL_DB}"
    database = "postgresql" if url.startswith("postgresql") else "sqlite"
    return {
        "database": database,
        "country_quarter": country_quarter(url),
        "render": render_sizes(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    print(json.dumps({"reports": run(args.database_url)}))


if __name__ == "__main__":
    main()
