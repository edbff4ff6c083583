"""A portfolio with known effects planted in it, to prove the *What works* estimator.

    panel(seed, sites=60, months=24, effects=PLANTED) -> pandas frame (in memory)
    write(panel_frame, ...) -> the same site-months as approved activities and scored feedback

Each site has its own level of sentiment and its own pace of activity, and the two go together
(busy sites are liked more or less to begin with: what site fixed effects must remove); every
month moves all sites a little (month fixed effects); activities of each kind come as Poisson
counts, each with a random B4SI cause and an amount. Then each planted effect adds its points to
the index ``lag`` months after each activity: by default a donation adds +3 points one month
later and nothing else does anything (consultations included).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

KINDS = {"events": "festival", "donations": "donation", "consultations": "consultation"}
KINDS["trainings"] = "training"
CAUSES = [
    "education",
    "health",
    "disaster_relief",
    "culture",
    "infrastructure",
    "livelihoods",
    "environment",
    "other",
]
#: {factor: {lag in months: index points per activity (or per 1,000 invested)}}
PLANTED = {"donations": {1: 3.0}}
NOISE = 4.0
#: scored feedback items per site-month when written to a database
FEEDBACK_PER_MONTH = 20


def _months(start: int, n: int) -> list[int]:
    out, y, m = [], divmod(start, 100)[0], start % 100
    for _ in range(n):
        out.append(y * 100 + m)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def panel(
    seed: int,
    sites: int = 60,
    months: int = 24,
    effects: dict[str, dict[int, float]] | None = None,
    start: int = 202101,
    with_activities: bool = False,
):
    """Site-months (``site``, ``month``, ``y`` and every factor of the estimator); with
    ``with_activities`` also the activities behind them: (site, month, kind, cause, USD)."""
    effects = PLANTED if effects is None else effects
    rng = np.random.default_rng(seed)
    month_list = _months(start, months)
    pace = rng.uniform(0.2, 1.6, size=(sites, len(KINDS)))
    level = 50 + rng.normal(0, 6, sites) + 5 * (pace[:, 1] - 0.9)
    shocks = rng.normal(0, 3, len(month_list))
    season = 1 + 0.5 * np.sin(np.arange(len(month_list)) * 2 * np.pi / 12)
    counts = rng.poisson(pace[:, None, :] * season[None, :, None])  # site × month × kind
    factors = {name: counts[:, :, i].astype(float) for i, name in enumerate(KINDS)}
    activities = []
    for cause in CAUSES:
        factors[f"cause_{cause}"] = np.zeros((sites, len(month_list)))
    for s in range(sites):
        for t, month in enumerate(month_list):
            for k, kind in enumerate(KINDS.values()):
                for _ in range(counts[s, t, k]):
                    cause = CAUSES[rng.integers(len(CAUSES))]
                    usd = float(
                        rng.uniform(100, 3000) if kind == "donation" else rng.uniform(50, 600)
                    )
                    factors[f"cause_{cause}"][s, t] += usd / 1000
                    if with_activities:
                        activities.append((s, month, kind, cause, round(usd, 2)))
    y = level[:, None] + shocks[None, :] + rng.normal(0, NOISE, (sites, len(month_list)))
    for name, by_lag in effects.items():
        for lag, points in by_lag.items():
            y[:, lag:] += points * factors[name][:, : len(month_list) - lag]
    y = np.clip(y, 2, 98)
    frame = pd.DataFrame(
        {
            "site": np.repeat(np.arange(sites), len(month_list)),
            "month": np.tile(month_list, sites),
            "y": y.ravel(),
            **{name: values.ravel() for name, values in factors.items()},
        }
    )
    return (frame, activities) if with_activities else frame


def feedback_scores(index: float, n: int = FEEDBACK_PER_MONTH) -> list[int]:
    """``n`` scores (−2..+2) whose feedback score (Σs / n + 2) × 25 is nearest to ``index``."""
    total = max(-2 * n, min(2 * n, round((index / 25 - 2) * n)))
    base, extra = divmod(total + 2 * n, n)  # scores shifted to 0..4
    return [min(4, base + (i < extra)) - 2 for i in range(n)]


def write(conn, frame: pd.DataFrame, activities, site_ids: list[int], author_id: int, currency_of):
    """Insert the panel's activities (approved, in each site's currency at ``currency_of``:
    {site_id: (currency, units per USD)}) and scored feedback into the database of ``conn``;
    the caller rebuilds the rollups."""
    import sqlalchemy as sa

    from outreach.activities.models import Activity
    from outreach.feedback.models import Feedback

    rows = []
    for s, month, kind, cause, usd in activities:
        site_id = site_ids[s]
        currency, per_usd = currency_of[site_id]
        day = dt.date(month // 100, month % 100, 10)
        amount = round(usd * per_usd, 2)
        rows.append(
            {
                "site_id": site_id,
                "kind": kind,
                "activity_date": day,
                "state": "approved",
                "title": f"Planted {kind}",
                "currency": currency,
                "cost_amount": amount,
                "cause": cause,
                "motivation": "community_investment",
                "author_id": author_id,
                "version": 1,
            }
        )
    if rows:
        conn.execute(sa.insert(Activity.__table__), rows)
    feedback = []
    for site, month, y in frame[["site", "month", "y"]].itertuples(index=False):
        day = dt.date(int(month) // 100, int(month) % 100, 15)
        for i, score in enumerate(feedback_scores(float(y))):
            feedback.append(
                {
                    "site_id": site_ids[int(site)],
                    "received_on": day,
                    "channel": "meeting",
                    "language": "en",
                    "text": "Planted feedback",
                    "sentiment": score,
                    "reviewed": True,
                    "tracking_code": f"P{int(site):04d}{int(month)}{i:03d}",
                    "version": 1,
                }
            )
    if feedback:
        conn.execute(sa.insert(Feedback.__table__), feedback)
