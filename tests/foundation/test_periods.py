import datetime as dt

import pytest

from outreach.core.periods import PeriodError, parse_period_text


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026-Q3"),
        ("2026-q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2026-Q1"),
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026"),
        ("2026-01..2026-06", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2026-01..2026-06"),
        ("2028-02..2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29), "2028-02..2028-02"),
        ("2025-11..2026-02", dt.date(2025, 11, 1), dt.date(2026, 2, 28), "2025-11..2026-02"),
        # ranges that are a quarter or a year get the canonical name, so versions match
        ("2026-04..2026-06", dt.date(2026, 4, 1), dt.date(2026, 6, 30), "2026-Q2"),
        ("2026-01..2026-12", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026"),
        ("2026-03", dt.date(2026, 3, 1), dt.date(2026, 3, 31), "2026-03"),
    ],
)
def test_periods_are_parsed(text, start, end, label):
    period = parse_period_text(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "not a period"),
        ("Q3 2026", "not a period"),
        ("2026-Q5", "not a period"),
        ("2026-13..2027-01", "months run from 01 to 12"),
        ("2026-06..2026-01", "before the first"),
        ("1899", "between"),
        ("2026-01-01..2026-03-31", "not a period"),
    ],
)
def test_bad_periods_say_what_is_wrong(text, says):
    with pytest.raises(PeriodError, match=says):
        parse_period_text(text)


def test_previous_period_has_the_same_length():
    assert parse_period_text("2026-Q1").previous().label == "2025-Q4"
    assert parse_period_text("2026").previous().label == "2025"
    assert parse_period_text("2026-02..2026-04").previous().label == "2025-11..2026-01"


def test_labels_read_back_as_the_same_period():
    for text in ("2026-Q3", "2026", "2026-03", "2025-11..2026-02", "2028-02..2028-02"):
        period = parse_period_text(text)
        assert parse_period_text(period.label) == period
        assert parse_period_text(period.previous().label).months == period.previous().months
