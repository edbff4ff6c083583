"""The sentiment index read from the database: ``site_month_sentiment(site_ids, start, end)``
for many sites and months, returning plain ``SiteMonth`` rows built with the one formula in
``indices.py`` (docs/sentiment.md), and the survey rounds in force month by month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from outreach.core.periods import month_end, month_of, months_from
from outreach.extensions import db
from outreach.feedback.indices import SURVEY_VALID_DAYS, sentiment_index
from outreach.feedback.models import Feedback, SurveyRound


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


def _site_filter(column, site_ids: Iterable[int] | sa.Select | None):
    if site_ids is None:
        return sa.true()
    if isinstance(site_ids, sa.Select):
        return column.in_(site_ids)
    return column.in_(list(site_ids))


def raw_feedback_counts(
    site_ids: Iterable[int] | sa.Select | None, start: dt.date, end: dt.date
) -> dict[tuple[int, int, int], tuple[int, int]]:
    """{(site_id, year, month): (scored items n, their sentiment sum Σs)} from raw feedback."""
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
    return {(r[0], int(r[1]), int(r[2])): (int(r[3]), int(r[4])) for r in rows}


def site_month_sentiment(
    site_ids: Iterable[int] | sa.Select | None,
    start: dt.date,
    end: dt.date,
    feedback_counts: Mapping[tuple[int, int, int], tuple[int, int]] | None = None,
) -> list[SiteMonth]:
    """The sentiment index of every site and month from ``start`` to ``end`` (inclusive) that
    has reviewed feedback or a survey round in force; ``site_ids`` may be a list, a SELECT of
    ids (e.g. ``permissions.scope_site_ids(user)``) or None for every site.

    ``feedback_counts`` ({(site, year, month): (n, Σs)}) may come from the dashboards' monthly
    rollups, which hold exactly what ``raw_feedback_counts`` would compute; without it the raw
    feedback is read."""
    if feedback_counts is None:
        feedback_counts = raw_feedback_counts(site_ids, start, end)
    feedback = {key: value for key, value in feedback_counts.items() if value[0]}

    rounds = rounds_in_force(site_ids, start, end)
    result = []
    for site_id in sorted({key[0] for key in feedback} | set(rounds)):
        for month in months_from(month_of(start), month_of(end)):
            y, m = divmod(month, 100)
            count, total = feedback.get((site_id, y, m), (0, 0))
            perception = _perception_in_force(rounds.get(site_id, []), month_end(month))
            index = sentiment_index(total, count, perception)
            if index is not None:
                result.append(SiteMonth(site_id, y, m, count, total, perception, index))
    return result


def rounds_in_force(
    site_ids: Iterable[int] | sa.Select | None, start: dt.date, end: dt.date
) -> dict[int, list[tuple[dt.date, float | None]]]:
    """{site_id: [(conducted_on, perception index)]} of the rounds that may be in force."""
    r = SurveyRound.__table__.c
    rows = db.session.execute(
        sa.select(r.site_id, r.conducted_on, r.perception)
        .where(
            _site_filter(r.site_id, site_ids),
            r.conducted_on <= end,
            r.conducted_on > start - dt.timedelta(days=SURVEY_VALID_DAYS + 31),
            r.perception.is_not(None),
        )
        .order_by(r.site_id, r.conducted_on, r.id)
    )
    rounds: dict[int, list[tuple[dt.date, float | None]]] = {}
    for site_id, conducted_on, perception in rows:
        rounds.setdefault(site_id, []).append((conducted_on, float(perception)))
    return rounds


def perception_of_month(
    rounds: list[tuple[dt.date, float | None]], year: int, month: int
) -> float | None:
    """The perception index in force at a month's end, from ``rounds_in_force`` of one site."""
    return _perception_in_force(rounds, month_end(year * 100 + month))


def perceptions_by_month(
    rounds: list[tuple[dt.date, float | None]], first: int, last: int
) -> dict[int, float | None]:
    """``perception_of_month`` of every month from ``first`` to ``last`` (yyyymm), in one pass
    over a site's rounds (oldest first): the latest round with an index conducted by the
    month's end, if it is not older than a year."""
    result: dict[int, float | None] = {}
    i, latest = 0, None
    for month in months_from(first, last):
        last_day = month_end(month)
        while i < len(rounds) and rounds[i][0] <= last_day:
            if rounds[i][1] is not None:
                latest = rounds[i]
            i += 1
        in_force = latest is not None and (last_day - latest[0]).days <= SURVEY_VALID_DAYS
        result[month] = latest[1] if in_force else None
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
