"""The stored results of *What works*: one row per scope and outcome, replaced by each
computation (``compute.py``) and only read by the page and the impact report."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from outreach.core.db import UTCDateTime, utcnow
from outreach.extensions import db


class WhatWorksResult(db.Model):
    __tablename__ = "what_works_results"
    __table_args__ = (
        sa.UniqueConstraint("scope_key", "outcome", name="uq_what_works_results_scope"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "portfolio", "country:MY" or "peers:MY:port" (the sites of one kind in one country)
    scope_key: Mapped[str] = mapped_column(sa.String(60), nullable=False)
    #: the country the sites are in; None for the portfolio (who may see it: the permissions)
    country_code: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    #: the kind of site of a peer group
    site_kind: Mapped[str | None] = mapped_column(sa.String(30))
    #: "sentiment" (the monthly index) or "perception" (the index of a survey round)
    outcome: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    #: "ok", or "thin" when the data is too thin to say anything
    status: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    site_count: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    month_count: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    #: scored feedback items (sentiment) or survey respondents (perception) behind the
    #: outcome: the basis of the disclosure rule
    basis: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=0)
    #: the estimate as ``model.Estimate.to_json``
    result: Mapped[dict] = mapped_column(sa.JSON, nullable=False)
    computed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: how long the computation took, in seconds
    seconds: Mapped[float] = mapped_column(sa.Float, nullable=False, default=0.0)
