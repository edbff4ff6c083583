import datetime as dt

import pytest

from outreach.core.periods import (
    PeriodError,
    add_months,
    last_twelve_months,
    month_end,
    month_of,
    month_start,
    months_from,
    months_later,
    parse_period_text,
)


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


# Month arithmetic ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "last_day"),
    [
        (202601, dt.date(2026, 1, 31)),
        (202602, dt.date(2026, 2, 28)),
        (202402, dt.date(2024, 2, 29)),  # leap year
        (210002, dt.date(2100, 2, 28)),  # a century is no leap year…
        (200002, dt.date(2000, 2, 29)),  # … unless divisible by 400
        (202604, dt.date(2026, 4, 30)),
        (202612, dt.date(2026, 12, 31)),
    ],
)
def test_a_month_ends_on_its_real_last_day(month, last_day):
    assert (month_start(month), month_end(month)) == (last_day.replace(day=1), last_day)
    assert month_of(last_day) == month


def test_adding_months_crosses_year_boundaries():
    assert add_months(202611, 3) == 202702
    assert add_months(202601, -1) == 202512
    assert add_months(202601, -13) == 202412
    assert months_from(202511, 202602) == [202511, 202512, 202601, 202602]
    assert months_from(202602, 202601) == []


@pytest.mark.parametrize(
    ("day", "n", "later"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28)),
        (dt.date(2026, 3, 30), 12, dt.date(2027, 3, 30)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
    ],
)
def test_months_later_keeps_the_day_or_takes_the_months_last(day, n, later):
    assert months_later(day, n) == later


@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 1, 1), dt.date(2026, 2, 28), dt.date(2028, 2, 29), dt.date(2026, 12, 31)],
)
def test_the_last_twelve_months_are_exactly_twelve(today):
    period = last_twelve_months(today)
    assert len(period.months) == 12 and period.months[-1] == month_of(today)
    assert period.end == month_end(month_of(today))
    assert period.start == month_start(add_months(month_of(today), -11))


def test_a_quarter_is_named_and_a_range_of_three_other_months_is_not():
    assert parse_period_text("2026-Q4").quarter == 4
    assert parse_period_text("2026-04..2026-06").kind == "quarter"
    assert parse_period_text("2026-02..2026-04").quarter is None
