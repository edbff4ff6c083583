"""Reference data: the ASEAN member states, Timor-Leste and China."""

from __future__ import annotations

import sqlalchemy as sa

from outreach.extensions import db
from outreach.sites.models import Country

#: (ISO code, English name, currency, languages with the main one first)
COUNTRIES = [
    ("BN", "Brunei Darussalam", "BND", "ms,en,zh"),
    ("KH", "Cambodia", "KHR", "km,en"),
    ("ID", "Indonesia", "IDR", "id,en"),
    ("LA", "Lao PDR", "LAK", "lo,en"),
    ("MY", "Malaysia", "MYR", "ms,en,zh"),
    ("MM", "Myanmar", "MMK", "my,en"),
    ("PH", "Philippines", "PHP", "fil,en"),
    ("SG", "Singapore", "SGD", "en,zh,ms"),
    ("TH", "Thailand", "THB", "th,en"),
    ("VN", "Viet Nam", "VND", "vi,en"),
    ("TL", "Timor-Leste", "USD", "pt,en"),
    ("CN", "China", "CNY", "zh,en"),
]


def ensure_countries() -> int:
    """Add the reference countries that are missing; returns how many were added."""
    existing = set(db.session.scalars(sa.select(Country.code)))
    added = 0
    for code, name, currency, languages in COUNTRIES:
        if code not in existing:
            db.session.add(Country(code=code, name=name, currency=currency, languages=languages))
            added += 1
    db.session.flush()
    return added
