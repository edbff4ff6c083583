"""The estimator recovers what the bench generator planted, says nothing where nothing was
planted beyond the expected false-positive rate, and refuses on too little data. The panels
are built in memory by the same generator code the bench writes to a database."""

from __future__ import annotations

import pytest

from bench import planted
from outreach.whatworks.model import FACTORS, estimate

SEEDS = range(50)
#: small panels keep the suite fast; each seed is one portfolio
SITES, MONTHS = 30, 18


def _effects(seed: int, effects=None) -> dict:
    frame = planted.panel(seed, SITES, MONTHS, effects=effects)
    result = estimate(frame, min_sites=30, min_months=12)
    assert result.status == "ok"
    return {e.factor: e for e in result.effects}


def test_the_planted_effect_is_covered_and_the_absent_one_is_not_found():
    """A donation adds +3 points one month later; consultations do nothing. Nominal coverage
    is 90 %; at least 80 % of 50 portfolios must cover the truth."""
    donations = consultations = donations_lag1 = 0
    for seed in SEEDS:
        effects = _effects(seed)
        total, lag1 = effects["donations"].total, effects["donations"].lags[1]
        donations += total.low <= 3.0 <= total.high
        donations_lag1 += lag1.low <= 3.0 <= lag1.high
        consultation = effects["consultations"].total
        consultations += consultation.low <= 0.0 <= consultation.high
    assert donations >= 0.8 * len(SEEDS)
    assert donations_lag1 >= 0.8 * len(SEEDS)
    assert consultations >= 0.8 * len(SEEDS)


def test_a_planted_effect_is_recovered_whatever_the_factor_and_lag():
    """Investment in education, two months later: −2 points per 1,000 invested."""
    hits = 0
    for seed in range(20):
        e = _effects(seed, {"cause_education": {2: -2.0}})["cause_education"]
        hits += e.lags[2].low <= -2.0 <= e.lags[2].high and e.total.high < 0
    assert hits >= 16


def test_data_without_any_effect_shows_nothing_beyond_the_false_positive_rate():
    """With nothing planted, a 90 % interval excludes zero for about one factor in ten."""
    clear = total = 0
    for seed in range(20):
        effects = _effects(seed, {})
        clear += sum(e.total.clear for e in effects.values())
        total += len(effects)
    assert total == 20 * len(FACTORS)
    assert clear / total <= 0.15


@pytest.mark.parametrize(
    ("sites", "months", "reason"),
    [(10, 30, "sites"), (40, 8, "months")],
)
def test_too_little_data_refuses_to_estimate(sites, months, reason):
    frame = planted.panel(1, sites, months)
    result = estimate(frame, min_sites=30, min_months=12)
    assert result.status == "thin"
    assert result.reason == reason
    assert result.effects == []
    # three months of history go to the lags: 8 months leave 5 with an outcome
    assert (result.sites, result.months) == (sites, max(0, months - 3))


def test_an_activity_nobody_did_is_left_out_rather_than_guessed():
    frame = planted.panel(2, SITES, MONTHS)
    frame["trainings"] = 0.0
    result = estimate(frame, min_sites=30, min_months=12)
    assert "trainings" in result.too_rare
    assert "trainings" not in {e.factor for e in result.effects}
