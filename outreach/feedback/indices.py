"""The sentiment and perception indices as pure functions over counts: one definition for every
page, dashboard and report (docs/sentiment.md). ``sentiment.py`` reads the counts from the
database and applies these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from functools import lru_cache

#: feedback items that weigh as much as one survey round; few comments weigh little
FEEDBACK_WEIGHT_K = 5
#: a survey round speaks for the site during this many days after it was conducted
SURVEY_VALID_DAYS = 365


def _tenths(numerator: int, denominator: int) -> float:
    """numerator / denominator (denominator > 0) rounded half up (away from zero) to one
    decimal, in exact integer arithmetic: no binary floating-point drift."""
    tenths = (20 * abs(numerator) + denominator) // (2 * denominator)
    return tenths / 10 if numerator >= 0 else -(tenths / 10)


def _one_decimal(value: Fraction) -> float:
    """Round half up to one decimal, computed exactly (no binary floating-point drift)."""
    return _tenths(value.numerator, value.denominator)


@lru_cache(maxsize=4096)
def _exact(perception: float) -> Fraction:
    """A perception index as the decimal it was rounded to (57.3 → 573/10)."""
    return Fraction(str(perception))


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
    return _perception_index(tuple(sorted((k, tuple(v)) for k, v in counts.items())))


@lru_cache(maxsize=65536)
def _perception_index(counts: tuple[tuple[str, tuple[int, ...]], ...]) -> float | None:
    """``perception_index`` of hashable counts, remembered: rounds are read on every page."""
    counts = dict(counts)
    scores = [s for s in (_item_fraction(c) for c in counts.values()) if s is not None]
    if not scores:
        return None
    return _one_decimal(sum(scores) / len(scores))


def sentiment_index(
    sentiment_sum: int, sentiment_count: int, perception: float | None
) -> float | None:
    """The sentiment index 0..100 of one site-month.

    F = feedback score of the month's reviewed feedback, S = the perception index of the latest
    survey round still in force, w = n / (n + K) with n feedback items and K = 5:
    index = w·F + (1 − w)·S; F alone without a survey, S alone without feedback, None without
    either. Rounded to one decimal.
    """
    # w·F + (1 − w)·S with F = 25(Σs + 2n)/n, w = n/(n + K) and S = a/b is
    # (25(Σs + 2n)·b + K·a) / ((n + K)·b): whole numbers only, rounded once.
    n, k = sentiment_count, FEEDBACK_WEIGHT_K
    if perception is None:
        return None if n == 0 else _tenths(25 * (sentiment_sum + 2 * n), n)
    survey = _exact(perception)
    a, b = survey.numerator, survey.denominator
    if n == 0:
        return _tenths(a, b)
    return _tenths(25 * (sentiment_sum + 2 * n) * b + k * a, (n + k) * b)


def group_sentiment_index(parts: Iterable[tuple[int, int, float | None]]) -> float | None:
    """The sentiment index of several sites (a country, a portfolio) in one month.

    ``parts`` holds (Σs, n, perception in force) of each site: the feedback is pooled and S is
    the mean perception index of the sites with a round in force; then ``sentiment_index``."""
    total = count = surveyed = tenths = 0
    rest = Fraction(0)  # perceptions that are not whole tenths (none in practice)
    for sentiment_sum, sentiment_count, perception in parts:
        total += sentiment_sum
        count += sentiment_count
        if perception is not None:
            exact = _exact(perception)
            surveyed += 1
            if 10 % exact.denominator == 0:
                tenths += exact.numerator * (10 // exact.denominator)
            else:
                rest += exact
    survey = None
    if surveyed:
        mean = (Fraction(tenths, 10) + rest) / surveyed
        survey = _tenths(mean.numerator, mean.denominator)
    return sentiment_index(total, count, survey)
