"""Clearly fictional, realistic demo data: sites in six countries, stakeholders, accounts.

Every feature adds its part in its own module here and is called from ``load_demo``.
"""

from __future__ import annotations

from outreach.demo.activities import load_activities
from outreach.demo.base import DEMO_ACCOUNTS, load_base
from outreach.demo.feedback import load_feedback
from outreach.demo.rates import load_rates

__all__ = ["DEMO_ACCOUNTS", "load_demo"]


def load_demo() -> None:
    """Load every part of the demo data into an empty database (the caller commits)."""
    sites = load_base()
    load_activities()
    load_rates()
    load_feedback(sites)
