"""The estimator of *What works*: a two-way fixed-effects panel model with distributed lags.

    y[s, t] = a[s] + b[t] + Σ_factor Σ_lag=1..3 β[factor, lag] · x[factor, s, t − lag] + e[s, t]

``y`` is a site's index in a month (sentiment, or the perception index of a survey round held
that month), ``a`` the site's own level (site fixed effects), ``b`` what moved every site that
month (month fixed effects), ``x`` what the site did: the number of approved activities of each
kind, and the investment per B4SI cause in thousands of the reporting currency. The figure shown
for a factor is the sum of its three lags (the association over the following three months);
each lag is kept as well. Standard errors are clustered by site (linearmodels ``PanelOLS``,
small-sample corrected), intervals use Student's t with (sites − 1) degrees of freedom.

Pure: a pandas frame in, a plain ``Estimate`` out; nothing here reads the database.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

#: activity counts per kind (columns of the activity rollups)
KIND_FACTORS = ["events", "donations", "consultations", "trainings"]
#: investment per cause: thousands of the reporting currency in the month
CAUSE_FACTORS = [
    "cause_education",
    "cause_health",
    "cause_disaster_relief",
    "cause_culture",
    "cause_infrastructure",
    "cause_livelihoods",
    "cause_environment",
    "cause_other",
]
FACTORS = KIND_FACTORS + CAUSE_FACTORS
LAGS = (1, 2, 3)
#: the interval's coverage
LEVEL = 0.90
#: a factor is estimated only when this many sites did it at least once in the data
MIN_FACTOR_SITES = 5


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """The interval lies wholly on one side of zero."""
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class Effect:
    factor: str
    #: the sum of the three lags
    total: Interval
    #: {lag in months: interval}
    lags: dict[int, Interval]
    #: sites that did it at least once, site-months with it
    sites: int
    site_months: int


@dataclass
class Estimate:
    """What the model says, or why it says nothing (``status`` "thin")."""

    status: str  # "ok" | "thin"
    outcome: str
    sites: int
    months: int
    observations: int
    first_month: int | None = None  # yyyymm of the first month with an outcome used
    last_month: int | None = None
    effects: list[Effect] = field(default_factory=list)
    #: factors left out because too few sites did them
    too_rare: list[str] = field(default_factory=list)
    #: why nothing is estimated ("sites", "months"), with the minimums asked for
    reason: str | None = None
    min_sites: int = 0
    min_months: int = 0
    level: float = LEVEL

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Estimate:
        data = dict(data)
        effects = []
        for e in data.pop("effects", []):
            effects.append(
                Effect(
                    factor=e["factor"],
                    total=Interval(**e["total"]),
                    lags={int(k): Interval(**v) for k, v in e["lags"].items()},
                    sites=e["sites"],
                    site_months=e["site_months"],
                )
            )
        return cls(effects=effects, **data)


def _ordinal(month: int) -> int:
    return (month // 100) * 12 + month % 100 - 1


def _yyyymm(ordinal: int) -> int:
    return (ordinal // 12) * 100 + ordinal % 12 + 1


def complete_grid(frame: pd.DataFrame) -> pd.DataFrame:
    """Every site × every month from the first to the last (yyyymm ``month``); a month without
    a row did nothing (factors 0) and has no outcome (NaN)."""
    frame = frame.copy()
    frame["t"] = frame["month"].map(_ordinal)
    sites = np.sort(frame["site"].unique())
    ts = np.arange(frame["t"].min(), frame["t"].max() + 1)
    index = pd.MultiIndex.from_product([sites, ts], names=["site", "t"])
    grid = frame.set_index(["site", "t"]).drop(columns="month").reindex(index)
    for name in FACTORS:
        grid[name] = grid[name].fillna(0.0) if name in grid else 0.0
    return grid


def estimate(
    frame: pd.DataFrame,
    outcome: str = "sentiment",
    min_sites: int = 30,
    min_months: int = 12,
) -> Estimate:
    """Fit the model to ``frame`` (columns ``site``, ``month`` yyyymm, ``y`` and the factors;
    rows may be missing) or refuse when fewer than ``min_sites`` sites or ``min_months`` months
    have an outcome after three months of history."""
    from linearmodels.panel import PanelOLS
    from scipy import stats
    from threadpoolctl import threadpool_limits

    if not frame["y"].notna().any():
        return Estimate(
            "thin", outcome, 0, 0, 0, reason="sites", min_sites=min_sites, min_months=min_months
        )
    grid = complete_grid(frame)
    n_all_sites = grid.index.levels[0].size
    n_all_t = grid.index.levels[1].size
    # the grid is every site × every month in order: a lag is a shift along the month axis
    values = grid[FACTORS].to_numpy().reshape(n_all_sites, n_all_t, len(FACTORS))
    lagged = np.full((n_all_sites, n_all_t, len(FACTORS), len(LAGS)), np.nan)
    for j, lag in enumerate(LAGS):
        lagged[:, lag:, :, j] = values[:, :-lag, :]
    columns_all = [f"{name}_l{lag}" for name in FACTORS for lag in LAGS]
    data = pd.DataFrame(
        lagged.reshape(n_all_sites * n_all_t, len(columns_all)),
        index=grid.index,
        columns=columns_all,
    )
    data.insert(0, "y", grid["y"].to_numpy())
    data = data[data.notna().all(axis=1)]
    sites = data.index.get_level_values("site")
    months = data.index.get_level_values("t")
    n_sites, n_months = sites.nunique(), months.nunique()
    result = Estimate(
        status="thin",
        outcome=outcome,
        sites=int(n_sites),
        months=int(n_months),
        observations=len(data),
        min_sites=min_sites,
        min_months=min_months,
    )
    if len(data):
        result.first_month = _yyyymm(int(months.min()))
        result.last_month = _yyyymm(int(months.max()))
    if n_sites < min_sites:
        result.reason = "sites"
        return result
    if n_months < min_months:
        result.reason = "months"
        return result

    used, counts = [], {}
    for name in FACTORS:
        done = grid[name] > 0
        site_count = int(done.groupby(level="site").any().sum())
        counts[name] = (site_count, int(done.sum()))
        (used if site_count >= MIN_FACTOR_SITES else result.too_rare).append(name)
    if not used:
        result.reason = "factors"
        return result
    columns = [f"{name}_l{lag}" for name in used for lag in LAGS]
    if len(data) <= len(columns) + n_sites + n_months:
        result.reason = "observations"
        return result

    with warnings.catch_warnings(), threadpool_limits(1):
        warnings.simplefilter("ignore")
        fitted = PanelOLS(
            data["y"], data[columns], entity_effects=True, time_effects=True, drop_absorbed=True
        ).fit(cov_type="clustered", cluster_entity=True, debiased=True)
    names = list(fitted.params.index)
    params, cov = fitted.params.to_numpy(), fitted.cov.to_numpy()
    critical = float(stats.t.ppf(0.5 + LEVEL / 2, n_sites - 1))

    def interval(columns: list[str]) -> Interval:
        weights = np.isin(names, columns).astype(float)
        value = float(weights @ params)
        se = float(np.sqrt(weights @ cov @ weights))
        return Interval(value, value - critical * se, value + critical * se)

    for name in used:
        own = [f"{name}_l{lag}" for lag in LAGS]
        if any(column not in names for column in own):  # absorbed: no variation of its own
            result.too_rare.append(name)
            continue
        lags = {lag: interval([column]) for lag, column in zip(LAGS, own, strict=True)}
        total = interval(own)
        result.effects.append(Effect(name, total, lags, *counts[name]))
    result.status = "ok"
    return result
