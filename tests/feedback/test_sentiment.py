"""The sentiment and perception index on examples worked out by hand (docs/sentiment.md)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from outreach.feedback.indices import item_score, perception_index, sentiment_index
from outreach.feedback.sentiment import (
    perception_of_month,
    perceptions_by_month,
    site_month_sentiment,
)
from tests import factories


def test_item_score_by_hand():
    # 10 answers: 2×1, 2×2, 2×3, 2×4, 2×5 → mean 3 → (3 − 1) × 25 = 50
    assert item_score([2, 2, 2, 2, 2]) == 50
    # 4 answers all "5" → 100; all "1" → 0
    assert item_score([0, 0, 0, 0, 4]) == 100
    assert item_score([4, 0, 0, 0, 0]) == 0
    assert item_score([0, 0, 0, 0, 0]) is None


def test_perception_index_by_hand():
    counts = {
        # mean (1·0 + 2·10 + 3·20 + 4·50 + 5·20)/100 = 3.8 → 70
        "trust": [0, 10, 20, 50, 20],
        # mean 3 → 50
        "benefits": [10, 20, 40, 20, 10],
        # mean 4 → 75
        "fairness": [0, 0, 20, 60, 20],
        # mean 2 → 25
        "communication": [20, 60, 20, 0, 0],
        # mean 5 → 100
        "acceptance": [0, 0, 0, 0, 100],
    }
    # (70 + 50 + 75 + 25 + 100) / 5 = 64
    assert perception_index(counts) == 64.0
    # an unanswered item is left out: (70 + 50) / 2 = 60
    assert (
        perception_index(
            {"trust": counts["trust"], "benefits": counts["benefits"], "fairness": [0, 0, 0, 0, 0]}
        )
        == 60.0
    )


def test_a_saved_round_keeps_its_perception_index(db):
    from outreach.feedback.operations import record_survey_round

    site, admin = factories.site(), factories.user(role="admin")
    counts = {"trust": [0, 10, 20, 50, 20], "benefits": [10, 20, 40, 20, 10]}  # 70 and 50
    survey = record_survey_round(
        site,
        {
            "conducted_on": dt.date(2025, 1, 20),
            "sample_size": 100,
            "method": "paper",
            "counts": counts,
        },
        admin,
    )
    assert float(survey.perception) == 60.0
    # no answer at all: no index
    assert factories.survey_round(site, counts={"trust": [0, 0, 0, 0, 0]}).perception is None


def test_sentiment_index_worked_example_from_the_docs():
    # 10 items, sentiment sum −6 → mean −0.6 → F = (−0.6 + 2) × 25 = 35
    # survey S = 60, w = 10 / (10 + 5) = 2/3 → 2/3 × 35 + 1/3 × 60 = 23.33 + 20 = 43.3
    assert sentiment_index(-6, 10, 60.0) == 43.3


def test_sentiment_index_with_one_source_only():
    # 2 items, sum +4 → mean +2 → (2 + 2) × 25 = 100
    assert sentiment_index(4, 2, None) == 100.0
    assert sentiment_index(0, 0, 64.0) == 64.0
    assert sentiment_index(0, 0, None) is None
    # 5 items all −2 → F = 0; S = 80; w = 5/10 → 40
    assert sentiment_index(-10, 5, 80.0) == 40.0


def test_aggregate_uses_the_same_formula_per_site_and_month(db):
    site = factories.site()
    other = factories.site()
    factories.survey_round(site, conducted_on=dt.date(2025, 1, 20))  # everyone answers 3 → 50
    for sentiment in (2, 1, -1):  # February: sum 2, n 3
        factories.feedback(site, received_on=dt.date(2025, 2, 28), sentiment=sentiment)
    factories.feedback(site, received_on=dt.date(2025, 3, 1), sentiment=-2)  # March: sum −2, n 1
    factories.feedback(site, received_on=dt.date(2025, 3, 2), sentiment=None, reviewed=False)
    factories.feedback(other, received_on=dt.date(2025, 2, 10), sentiment=2)

    rows = site_month_sentiment([site.id], dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    by_month = {(r.year, r.month): r for r in rows}
    assert {r.site_id for r in rows} == {site.id}
    # January: survey only → 50
    assert by_month[(2025, 1)].index == 50.0
    # February: F = (2/3 + 2) × 25 = 66.67, w = 3/8 → 0.375 × 66.67 + 0.625 × 50 = 56.25 → 56.3
    assert by_month[(2025, 2)].feedback_count == 3
    assert by_month[(2025, 2)].index == 56.3
    # March: F = 0, w = 1/6 → 5/6 × 50 = 41.67 → 41.7 (the unreviewed item does not count)
    assert by_month[(2025, 3)].feedback_count == 1
    assert by_month[(2025, 3)].index == 41.7
    assert sentiment_index(2, 3, 50.0) == by_month[(2025, 2)].index


def test_the_worked_example_in_docs_sentiment_md():
    counts = {
        "trust": [0, 10, 20, 50, 20],
        "benefits": [10, 20, 40, 20, 10],
        "fairness": [0, 0, 20, 60, 20],
        "communication": [20, 60, 20, 0, 0],
        "acceptance": [0, 0, 0, 0, 100],
    }
    survey = perception_index(counts)
    assert survey == 64.0
    sentiments = [-2, -2, -1, -1, -1, -1, 0, 0, 1, 1]
    # 2/3 × 35 + 1/3 × 64 = 44.67 → 44.7
    assert sentiment_index(sum(sentiments), len(sentiments), survey) == 44.7


@given(
    st.lists(
        st.tuples(
            st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31)),
            st.one_of(st.none(), st.integers(0, 1000).map(lambda t: t / 10)),
        ),
        max_size=8,
    ),
    st.integers(2023, 2026),
    st.integers(1, 12),
    st.integers(0, 30),
)
def test_perceptions_by_month_are_each_months_perception_in_force(rounds, year, month, span):
    rounds = sorted(rounds, key=lambda r: r[0])
    first = year * 100 + month
    last_year, last_month = divmod(year * 12 + month - 1 + span, 12)
    last = last_year * 100 + last_month + 1
    by_month = perceptions_by_month(rounds, first, last)
    assert len(by_month) == span + 1
    for yyyymm, perception in by_month.items():
        assert perception == perception_of_month(rounds, yyyymm // 100, yyyymm % 100)
