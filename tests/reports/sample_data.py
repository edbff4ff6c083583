"""Hand-built ReportData with known numbers, for the PDF tests and the benchmark."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from PIL import Image

from outreach.core.charts import Series, bar_chart, line_chart
from outreach.core.periods import parse_period_text
from outreach.reports.data import (
    Amount,
    CategoryCount,
    CommunityVoice,
    Engagement,
    ExchangeRateUsed,
    Grievances,
    Investment,
    Kpi,
    MethodsNote,
    Outputs,
    Photo,
    ReportData,
    SiteRow,
    SurveyResult,
)
from outreach.reports.scope import ReportScope, ScopeKind

#: the report form as a manager fills it: Malaysia, the third quarter of 2026, in English
FORM = {
    "scope": "country:MY",
    "period_kind": "quarter",
    "year": "2026",
    "quarter": "3",
    "language": "en",
    "second_language": "",
}


def png(colour: str = "#5f9ea0", size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def site_rows(count: int, name: str = "") -> list[SiteRow]:
    return [
        SiteRow(
            code=f"MY-T{i:03d}",
            name=name or f"Kuantan depot {i}",
            country="MY",
            investment=Decimal("1250.50") * (i + 1),
            people_reached=100 + i,
            consultations=i % 4,
            feedback_items=10 + i,
            sentiment=Decimal("0.45"),
            grievances_received=i % 3,
            grievances_open=i % 2,
        )
        for i in range(count)
    ]


def report_data(
    *,
    scope_name: str = "Malaysia",
    languages: tuple[str, ...] = ("en",),
    sites: int = 3,
    site_name: str = "",
    caption: str = "Tree planting with Kampung Sungai Lembing",
    code: str = "",
) -> ReportData:
    """A country-quarter report with known figures: total investment MYR 41,000.00,
    1,234 people reached, 17 grievances received."""
    months = [("2026-07", Decimal("61.5")), ("2026-08", Decimal("55.0")), ("2026-09", None)]
    return ReportData(
        scope=ReportScope(ScopeKind.COUNTRY, "MY", scope_name, "MY"),
        period=parse_period_text("2026-Q3"),
        languages=list(languages),
        issuer_name="Aminah Rahman",
        currency="MYR",
        generated_at=dt.datetime(2026, 10, 5, 9, 30, tzinfo=dt.UTC),
        kpis=[
            Kpi(
                "investment_total",
                "Community investment",
                Decimal("41000.00"),
                Decimal("32800.00"),
                "MYR",
            ),
            Kpi("people_reached", "People reached", 1234, 1000),
            Kpi("grievances_received", "Grievances received", 17, None),
        ],
        investment=Investment(
            currency="MYR",
            cash=Decimal("25000.00"),
            in_kind=Decimal("8000.00"),
            staff_time=Decimal("6000.00"),
            staff_hours=Decimal("240"),
            management_costs=Decimal("2000.00"),
            by_cause=[
                Amount("education", "Education", Decimal("30000.00")),
                Amount("health", "Health", Decimal("11000.00")),
            ],
            by_motivation=[
                Amount("community_investment", "Community investment", Decimal("41000.00"))
            ],
        ),
        outputs=Outputs(
            people_reached=1234,
            beneficiaries=560,
            organisations_supported=12,
            events=9,
            trainees=45,
            trainees_completed=40,
        ),
        engagement=Engagement(
            consultations=6,
            participants=310,
            participants_by_gender={"women": 150, "men": 155, "other": 5},
            participants_by_group={"youth": 80, "indigenous": 25},
            commitments_made=11,
            commitments_kept=7,
            commitments_overdue=2,
        ),
        voice=CommunityVoice(
            sentiment_by_month=months,
            feedback_items=88,
            surveys=[
                SurveyResult(
                    "The project brings jobs to the district", 200, Decimal("64.5"), Decimal("58.0")
                )
            ],
            top_categories=[CategoryCount("noise", "Noise", 21), CategoryCount("dust", "Dust", 13)],
        ),
        grievances=Grievances(
            received=17,
            acknowledged_on_time_pct=Decimal("94.1"),
            resolved=12,
            median_days_to_resolve=Decimal("9"),
            p90_days_to_resolve=Decimal("27"),
            open=5,
            overdue=1,
            satisfaction={"satisfied": 8, "partly": 3, "not_satisfied": 1},
        ),
        sites=site_rows(sites, site_name),
        photos=[Photo(png(), "image/png", caption, "MY-T000")],
        methods=MethodsNote(
            data_cutoff=dt.datetime(2026, 10, 1, 0, 0, tzinfo=dt.UTC),
            exchange_rates=[ExchangeRateUsed("CNY", Decimal("0.6512"), dt.date(2026, 7, 1))],
            unconverted=[("THB", Decimal("1500.00"))],
        ),
        charts=_charts(months, languages[0]),
        verification_code=code,
        version=1 if code else 0,
    )


def _charts(months, language: str):
    from flask_babel import force_locale

    from outreach.core.dates import month_name
    from outreach.reports.data import Charts

    with force_locale(language):  # as gather_report_data draws them: in the first language
        labels = [month_name(m) for m, _ in months]
    return Charts(
        investment_by_input=bar_chart([("Cash", 25000), ("In-kind", 8000)], title="Inputs"),
        sentiment_trend=line_chart(
            labels,
            [Series("Malaysia", [v for _, v in months])],
            title="Sentiment index by month",
            y_min=0,
            y_max=100,
        ),
        top_categories=bar_chart([("Noise", 21), ("Dust", 13)], title="What people raised most"),
    )
