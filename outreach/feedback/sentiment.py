"""The sentiment index: one definition for every page, dashboard and report (docs/sentiment.md).

Two uses, one formula:

* ``sentiment_index(sentiment_sum, sentiment_count, perception)`` for one site-month from plain
  numbers;
* ``site_month_sentiment(site_ids, start, end)`` for many sites and months from the database,
  returning plain ``SiteMonth`` rows built with that same function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import sqlalchemy as sa

from outreach.extensions import db
from outreach.feedback.models import Feedback, SurveyRound

#: feedback items that weigh as much as one survey round; few comments weigh little
FEEDBACK_WEIGHT_K = 5
#: a survey round speaks for the site during this many days after it was conducted
SURVEY_VALID_DAYS = 365


def _one_decimal(value: Fraction) -> float:
    """Round half up to one decimal, computed exactly (no binary floating-point drift)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _item_fraction(counts: Sequence[int]) -> Fraction | None:
    total = sum(counts)
    if total == 0:
        return None
    weighted = sum(answer * n for answer, n in zip(range(1, 6), counts, strict=True))
    return (Fraction(weighted, total) - 1) * 25


def item_score(counts: Sequence[int]) -> float | None:
    """One five-point item on 0..100: (mean answer − 1) × 25; None without answers."""
    score = _item_fraction(counts)
    return None if score is None else _one_decimal(score)


def perception_index(counts: Mapping[str, Sequence[int]]) -> float | None:
    """The perception index 0..100 of a survey round: the mean of its answered items."""
    scores = [s for s in (_item_fraction(c) for c in counts.values()) if s is not None]
    if not scores:
        return None
    return _one_decimal(sum(scores) / len(scores))


def _feedback_fraction(sentiment_sum: int, sentiment_count: int) -> Fraction | None:
    if sentiment_count == 0:
        return None
    return (Fraction(sentiment_sum, sentiment_count) + 2) * 25


def feedback_score(sentiment_sum: int, sentiment_count: int) -> float | None:
    """Mean staff-judged sentiment (−2..+2) mapped onto 0..100: (mean + 2) × 25."""
    score = _feedback_fraction(sentiment_sum, sentiment_count)
    return None if score is None else _one_decimal(score)


def sentiment_index(
    sentiment_sum: int, sentiment_count: int, perception: float | None
) -> float | None:
    """The sentiment index 0..100 of one site-month.

    F = feedback score of the month's reviewed feedback, S = the perception index of the latest
    survey round still in force, w = n / (n + K) with n feedback items and K = 5:
    index = w·F + (1 − w)·S; F alone without a survey, S alone without feedback, None without
    either. Rounded to one decimal.
    """
    f_score = _feedback_fraction(sentiment_sum, sentiment_count)
    survey = None if perception is None else Fraction(str(perception))
    if f_score is None and survey is None:
        return None
    if survey is None:
        return _one_decimal(f_score)
    if f_score is None:
        return _one_decimal(survey)
    weight = Fraction(sentiment_count, sentiment_count + FEEDBACK_WEIGHT_K)
    return _one_decimal(weight * f_score + (1 - weight) * survey)


@dataclass(frozen=True)
class SiteMonth:
    site_id: int
    year: int
    month: int
    #: reviewed feedback items with a sentiment score
    feedback_count: int
    sentiment_sum: int
    #: perception index of the survey round in force, if any
    perception: float | None
    index: float | None


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return nxt - dt.timedelta(days=1)


def _site_filter(column, site_ids: Iterable[int] | sa.Select | None):
    if site_ids is None:
        return sa.true()
    if isinstance(site_ids, sa.Select):
        return column.in_(site_ids)
    return column.in_(list(site_ids))


def site_month_sentiment(
    site_ids: Iterable[int] | sa.Select | None, start: dt.date, end: dt.date
) -> list[SiteMonth]:
    """The sentiment index of every site and month from ``start`` to ``end`` (inclusive) that
    has reviewed feedback or a survey round in force; ``site_ids`` may be a list, a SELECT of
    ids (e.g. ``permissions.scope_site_ids(user)``) or None for every site."""
    year = sa.extract("year", Feedback.received_on)
    month = sa.extract("month", Feedback.received_on)
    rows = db.session.execute(
        sa.select(
            Feedback.site_id,
            year,
            month,
            sa.func.count(Feedback.sentiment),
            sa.func.coalesce(sa.func.sum(Feedback.sentiment), 0),
        )
        .where(
            _site_filter(Feedback.site_id, site_ids),
            Feedback.received_on.between(start, end),
            Feedback.sentiment.is_not(None),
            Feedback.reviewed.is_(True),
            Feedback.is_deleted.is_(False),
        )
        .group_by(Feedback.site_id, year, month)
    ).all()
    feedback = {(r[0], int(r[1]), int(r[2])): (int(r[3]), int(r[4])) for r in rows}

    rounds: dict[int, list[tuple[dt.date, float | None]]] = {}
    survey_stmt = (
        sa.select(SurveyRound)
        .where(
            _site_filter(SurveyRound.site_id, site_ids),
            SurveyRound.conducted_on <= end,
            SurveyRound.conducted_on > start - dt.timedelta(days=SURVEY_VALID_DAYS + 31),
        )
        .order_by(SurveyRound.site_id, SurveyRound.conducted_on)
    )
    for survey in db.session.scalars(survey_stmt):
        rounds.setdefault(survey.site_id, []).append(
            (survey.conducted_on, perception_index(survey.counts()))
        )

    result = []
    for site_id in sorted({key[0] for key in feedback} | set(rounds)):
        for y, m in _months(start, end):
            count, total = feedback.get((site_id, y, m), (0, 0))
            perception = _perception_in_force(rounds.get(site_id, []), _month_end(y, m))
            index = sentiment_index(total, count, perception)
            if index is not None:
                result.append(SiteMonth(site_id, y, m, count, total, perception, index))
    return result


def _perception_in_force(
    rounds: list[tuple[dt.date, float | None]], month_end: dt.date
) -> float | None:
    """The latest round conducted by the month's end and not older than a year."""
    in_force = None
    for conducted_on, perception in rounds:
        if conducted_on > month_end:
            break
        if (month_end - conducted_on).days <= SURVEY_VALID_DAYS and perception is not None:
            in_force = perception
    return in_force
