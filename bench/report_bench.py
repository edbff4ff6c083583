"""Time the rendering of impact reports of about 1, 5 and 20 pages of content.

Run: ``.venv/bin/python bench/report_bench.py``. The renderer (fonts and stylesheets) is built
once, as in the application; the first render also warms it up and is reported apart.
Prints one line per size and a JSON object (for bench/results.json).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach import create_app  # noqa: E402
from outreach.core.pdf import render_pdf  # noqa: E402
from outreach.reports.render import STYLESHEETS, render_report_html  # noqa: E402
from tests.reports.sample_data import report_data  # noqa: E402

REPEAT = 3


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


def main() -> None:
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
    print(json.dumps({"report_render": results}))


if __name__ == "__main__":
    main()
