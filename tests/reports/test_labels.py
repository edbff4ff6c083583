"""A report prints the labels it borrows from other features (causes, motivations, grievance
statuses, survey questions, feedback categories) in its own language, in every report
language, the public-only ones (fil, km, lo, my) included."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from outreach.activities.kinds import CAUSE_LABELS, MOTIVATION_LABELS
from outreach.config import PUBLIC_LANGUAGES
from outreach.core.i18n import Names, Translator
from outreach.dashboards.charts import grievance_chart, input_labels
from outreach.feedback.models import DEFAULT_CATEGORIES, STATUS_LABELS, SURVEY_ITEMS
from outreach.reports import labels
from outreach.reports.gather import _msgid
from outreach.stats.models import GRIEVANCE_STATUS_COLUMNS

REPORT_LANGUAGES = [code for code in PUBLIC_LANGUAGES if code != "en"]


@pytest.fixture(scope="module")
def borrowed(app) -> set[str]:
    with app.app_context(), force_locale("en"):
        inputs = set(input_labels().values())
    tables = (CAUSE_LABELS, MOTIVATION_LABELS, STATUS_LABELS, SURVEY_ITEMS)
    return {
        *inputs,
        *(_msgid(label) for table in tables for label in table.values()),
        *(name for _key, name in DEFAULT_CATEGORIES),
    }


def test_every_borrowed_label_is_marked_for_the_public_catalogs(borrowed):
    listed = set(labels.INVESTMENT + labels.VOICE + labels.CHART_TITLES)
    assert sorted(borrowed - listed) == []


@pytest.mark.parametrize("language", REPORT_LANGUAGES)
def test_every_borrowed_label_is_translated(app, borrowed, language):
    with app.app_context():
        english = [m for m in sorted(borrowed) if Translator([language]).one(language, m) == m]
    assert english == []


def test_the_grievance_chart_names_categories_in_the_report_language(app):
    statuses = dict.fromkeys(GRIEVANCE_STATUS_COLUMNS, 1)
    grievances = [
        (Names("Dust"), statuses),
        (Names("Our own category", {"th": "หมวดของเราเอง"}), statuses),
        (Names("Never translated"), statuses),
    ]
    dashboard = SimpleNamespace(currency="USD", grievances=grievances)
    with app.app_context(), force_locale("th"):
        svg = grievance_chart(dashboard)
    assert "ฝุ่น" in svg and ">Dust<" not in svg  # a default category, from the catalog
    assert "หมวดของเราเอง" in svg and "Our own category" not in svg  # the admin's Thai name
    assert "Never translated" in svg  # no Thai name: the recorded one
