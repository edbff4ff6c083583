"""The dashboards' pictures as SVG, drawn from a ``Dashboard`` (the PDF reports draw the same)."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup

from outreach.activities.kinds import Cause, Motivation
from outreach.core.charts import Series, bar_chart, bars_with_line, line_chart, stacked_bar_chart
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
    """Each chart's title: inside the SVG only a screen reader says it, so the dashboard also
    prints it above the chart."""
    return {
        "sentiment": _("Sentiment index by month"),
        "cause": _("Investment by cause (%(c)s)", c=d.currency),
        "input": _("Investment by B4SI input (%(c)s)", c=d.currency),
        "motivation": _("Investment by motivation (%(c)s)", c=d.currency),
        "grievances": _("Grievances by category and status"),
        "participation": _("Participation by gender"),
        "beside": _("Sentiment beside spending"),
        "events": _("Events by month"),
    }


def sentiment_chart(d: Dashboard) -> Markup:
    return line_chart(
        [month_name(m) for m in d.sentiment_months],
        [Series(label, values) for label, values in d.sentiment_lines],
        title=titles(d)["sentiment"],
        y_min=0,
        y_max=100,
    )


def investment_by_cause_chart(d: Dashboard) -> Markup:
    items = [(label(c), d.money.by_cause.get(c.value, 0)) for c in Cause]
    items = sorted([i for i in items if i[1]], key=lambda i: -i[1])
    return bar_chart(items, title=titles(d)["cause"])


def investment_by_input_chart(d: Dashboard) -> Markup:
    labels = input_labels()
    return bar_chart(
        [(labels[k], v) for k, v in d.money.by_input.items()],
        title=titles(d)["input"],
        color="#2f6db5",
    )


def investment_by_motivation_chart(d: Dashboard) -> Markup:
    return bar_chart(
        [(label(m), d.money.by_motivation.get(m.value, 0)) for m in Motivation],
        title=titles(d)["motivation"],
        color="#7a4fa3",
    )


def grievance_chart(d: Dashboard) -> Markup:
    # a category's name is the admins' own; the default categories' names are in the catalogs
    categories = [_(name) for name, _statuses in d.grievances]
    series = [
        Series(label(GrievanceStatus(s)), [row[s] for _name, row in d.grievances])
        for s in GRIEVANCE_STATUS_COLUMNS
    ]
    return stacked_bar_chart(categories, series, title=titles(d)["grievances"])


def participation_chart(d: Dashboard) -> Markup:
    p = d.participation
    rows = [("consultations", _("Consultations")), ("trainings", _("Trainings"))]
    return stacked_bar_chart(
        [label for _, label in rows],
        [
            Series(_("Women"), [p[k]["women"] for k, _ in rows]),
            Series(_("Men"), [p[k]["men"] for k, _ in rows]),
            Series(_("Other or not recorded"), [p[k]["other"] for k, _ in rows]),
        ],
        title=titles(d)["participation"],
    )


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
