"""Clearly fictional, realistic demo data: sites in six countries, stakeholders, accounts.

Every feature adds its part in its own module here and is called from ``load_demo``.
"""

from __future__ import annotations

from outreach.demo.activities import load_activities
from outreach.demo.base import DEMO_ACCOUNTS, DEMO_AUTHENTICATOR_KEYS, load_base
from outreach.demo.feedback import load_feedback
from outreach.demo.rates import load_rates
from outreach.stats import rollups

__all__ = ["DEMO_ACCOUNTS", "DEMO_AUTHENTICATOR_KEYS", "load_demo"]


def load_demo() -> None:
    """Load every part of the demo data into an empty database (the caller commits)."""
    sites = load_base()
    load_activities()
    load_rates()
    load_feedback(sites)
    load_staff_rates()
    load_gri_facts()
    rollups.rebuild()


#: value of one hour of staff time in each demo country's currency
STAFF_HOUR_RATES = {
    "MY": "45.00",
    "ID": "150000.00",
    "TH": "350.00",
    "VN": "250000.00",
    "KH": "40000.00",
    "LA": "120000.00",
    "PH": "600.00",
    "MM": "20000.00",
}


def load_staff_rates() -> None:
    from decimal import Decimal

    from outreach.extensions import db
    from outreach.sites.models import Country

    for code, rate in STAFF_HOUR_RATES.items():
        country = db.session.get(Country, code)
        if country is not None:
            country.staff_hour_rate = Decimal(rate)
    db.session.flush()


def load_gri_facts() -> None:
    """What GRI 413-1 asks of each demo site: most sites assessed, some with their results
    public, an engagement plan, a committee or a works council (invented, varied by site)."""
    import datetime as dt

    import sqlalchemy as sa

    from outreach.extensions import db
    from outreach.sites.models import Site

    sites = db.session.scalars(sa.select(Site).order_by(Site.code)).all()
    for n, site in enumerate(sites):
        if n % 4 != 3:
            site.social_assessment_on = dt.date(2023, 3 + n % 9, 1)
            site.environmental_assessment_on = dt.date(2023, 2 + n % 9, 1)
        if n % 3 == 0:
            site.assessment_disclosure_url = f"https://example.org/esia/{site.code.lower()}"
        site.engagement_plan = n % 2 == 0
        site.consultation_committee = n % 3 != 2
        site.works_council = n % 5 != 4
    db.session.flush()
