"""Dates as the reader writes them: the medium format, and Thai years in the Buddhist Era."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale

from outreach.core.dates import format_date, format_datetime, month_name
from outreach.core.periods import parse_period_text
from outreach.reports.period_names import period_name

DAY = dt.date(2026, 12, 2)
MOMENT = dt.datetime(2026, 12, 2, 9, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Dec 2, 2026"), ("ms", "2 Dis 2026"), ("vi", "2 thg 12, 2026"), ("th", "2 ธ.ค. 2569")],
)
def test_a_date_is_written_in_the_medium_format_of_the_language(app, language, expected):
    with app.test_request_context(), force_locale(language):
        assert format_date(DAY) == expected
        # a "short" date would be 12/2/26 (2 December or 12 February?): never written
        assert format_date(DAY, "short") == expected
        assert "/" not in format_datetime(MOMENT, "short")


def test_thai_years_are_buddhist_era_everywhere(app):
    with app.test_request_context(), force_locale("th"):
        assert format_date(DAY, "long") == "2 ธันวาคม พ.ศ. 2569"
        assert "2569" in format_datetime(MOMENT) and "2026" not in format_datetime(MOMENT)
        assert month_name("2026-03") == "มี.ค. 2569"
        assert period_name(parse_period_text("2026-Q3")) == "ไตรมาส 3 ปี 2569"
        assert period_name(parse_period_text("2026")) == "2569"
        assert "2026" not in period_name(parse_period_text("2026-01..2026-06"))
    with app.test_request_context(), force_locale("en"):
        assert month_name(202603) == "Mar 2026"
        assert period_name(parse_period_text("2026-Q3")) == "Q3 2026"


def test_the_audit_log_writes_its_times_in_the_admins_language(client, login_as, db):
    from tests import factories

    factories.audit_event()
    login_as("admin", language="th")
    page = client.get("/admin/audit").get_data(as_text=True)
    year = dt.date.today().year
    assert str(year + 543) in page
