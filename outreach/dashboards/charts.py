"""The dashboards' pictures as SVG, drawn from a ``Dashboard`` (the PDF reports draw the same)."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup

from outreach.activities.kinds import Cause, Motivation
from outreach.core.charts import (
    ChartTable,
    Series,
    bar_chart,
    bar_table,
    bars_with_line,
    line_chart,
    series_table,
    stacked_bar_chart,
)
from outreach.core.dates import month_name
from outreach.core.labels import label
from outreach.dashboards.dashboard import Dashboard
from outreach.feedback.models import GrievanceStatus
from outreach.stats.models import GRIEVANCE_STATUS_COLUMNS


def input_labels() -> dict[str, str]:
    return {
        "cash": _("Cash"),
        "in_kind": _("In kind"),
        "staff_time": _("Staff time"),
        "management": _("Management costs"),
    }


def titles(d: Dashboard) -> dict[str, str]:
    """Each chart's title, with its units: inside the SVG only a screen reader says it, so the
    dashboard (and the PDF) also prints it above the chart."""
    return {
        "sentiment": _("Sentiment index by month (0–100)"),
        "cause": _("Investment by cause (%(c)s)", c=d.currency),
        "input": _("Investment by B4SI input (%(c)s)", c=d.currency),
        "motivation": _("Investment by motivation (%(c)s)", c=d.currency),
        "grievances": _("Grievances by category and status (number of grievances)"),
        "participation": _("Participation by gender (people)"),
        "beside": _(
            "Investment (%(c)s) beside the sentiment index (0–100), by month", c=d.currency
        ),
        "events": _("Events by month (number of events)"),
    }


def _cause_items(d: Dashboard) -> list[tuple[str, object]]:
    items = [(label(c), d.money.by_cause.get(c.value, 0)) for c in Cause]
    return sorted([i for i in items if i[1]], key=lambda i: -i[1])


def _input_items(d: Dashboard) -> list[tuple[str, object]]:
    labels = input_labels()
    return [(labels[k], v) for k, v in d.money.by_input.items()]


def _motivation_items(d: Dashboard) -> list[tuple[str, object]]:
    return [(label(m), d.money.by_motivation.get(m.value, 0)) for m in Motivation]


def _sentiment_series(d: Dashboard) -> tuple[list[str], list[Series]]:
    return (
        [month_name(m) for m in d.sentiment_months],
        [Series(name, values) for name, values in d.sentiment_lines],
    )


def _grievance_series(d: Dashboard) -> tuple[list[str], list[Series]]:
    # each category in the reader's language (the admins' names, else the catalogs')
    categories = [str(names) for names, _statuses in d.grievances]
    series = [
        Series(label(GrievanceStatus(s)), [row[s] for _name, row in d.grievances])
        for s in GRIEVANCE_STATUS_COLUMNS
    ]
    return categories, series


def _participation_series(d: Dashboard) -> tuple[list[str], list[Series]]:
    p = d.participation
    rows = [("consultations", _("Consultations")), ("trainings", _("Trainings"))]
    return [name for _, name in rows], [
        Series(_("Women"), [p[k]["women"] for k, _ in rows]),
        Series(_("Men"), [p[k]["men"] for k, _ in rows]),
        Series(_("Other or not recorded"), [p[k]["other"] for k, _ in rows]),
    ]


def tables(d: Dashboard) -> dict[str, ChartTable]:
    """Each chart's figures as a table (its text equivalent), keyed like ``titles``."""
    amount = _("Amount (%(c)s)", c=d.currency)
    result = {
        "sentiment": series_table(*_sentiment_series(d), _("Month")),
        "cause": bar_table(_cause_items(d), _("Cause"), amount),
        "input": bar_table(_input_items(d), _("B4SI input"), amount),
        "motivation": bar_table(_motivation_items(d), _("Motivation"), amount),
        "grievances": series_table(*_grievance_series(d), _("Category")),
        "participation": series_table(*_participation_series(d), _("Activity")),
    }
    s = d.site_series
    if s is not None:
        months = [month_name(m) for m in s.months]
        result["beside"] = series_table(
            months,
            [
                Series(_("Investment (%(c)s)", c=d.currency), s.investment),
                Series(_("Sentiment index"), s.index),
            ],
            _("Month"),
        )
        result["events"] = bar_table(
            list(zip(months, s.events, strict=True)), _("Month"), _("Events")
        )
    return result


def sentiment_chart(d: Dashboard) -> Markup:
    return line_chart(
        *_sentiment_series(d),
        title=titles(d)["sentiment"],
        y_min=0,
        y_max=100,
    )


def investment_by_cause_chart(d: Dashboard) -> Markup:
    return bar_chart(_cause_items(d), title=titles(d)["cause"])


def investment_by_input_chart(d: Dashboard) -> Markup:
    return bar_chart(
        _input_items(d),
        title=titles(d)["input"],
        color="#2f6db5",
    )


def investment_by_motivation_chart(d: Dashboard) -> Markup:
    return bar_chart(
        _motivation_items(d),
        title=titles(d)["motivation"],
        color="#7a4fa3",
    )


def grievance_chart(d: Dashboard) -> Markup:
    return stacked_bar_chart(*_grievance_series(d), title=titles(d)["grievances"])


def participation_chart(d: Dashboard) -> Markup:
    return stacked_bar_chart(*_participation_series(d), title=titles(d)["participation"])


def sentiment_beside_spending_chart(d: Dashboard) -> Markup | None:
    s = d.site_series
    if s is None:
        return None
    return bars_with_line(
        [month_name(m) for m in s.months],
        Series(_("Investment (%(c)s)", c=d.currency), s.investment),
        Series(_("Sentiment index"), s.index),
        title=titles(d)["beside"],
        line_min=0,
        line_max=100,
    )


def events_chart(d: Dashboard) -> Markup | None:
    s = d.site_series
    if s is None:
        return None
    return bar_chart(
        [(month_name(m), n) for m, n in zip(s.months, s.events, strict=True)],
        title=titles(d)["events"],
        color="#d08c19",
    )
