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

#: each reference country's main time zone and, where it is not Saturday and Sunday, its
#: weekend (Brunei rests on Friday and Sunday); the migration sets the same values
TIME_ZONES = {
    "BN": "Asia/Brunei",
    "KH": "Asia/Phnom_Penh",
    "ID": "Asia/Jakarta",
    "LA": "Asia/Vientiane",
    "MY": "Asia/Kuala_Lumpur",
    "MM": "Asia/Yangon",
    "PH": "Asia/Manila",
    "SG": "Asia/Singapore",
    "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh",
    "TL": "Asia/Dili",
    "CN": "Asia/Shanghai",
}
WEEKENDS = {"BN": "4,6"}


def ensure_countries() -> int:
    """Add the reference countries that are missing; returns how many were added."""
    existing = set(db.session.scalars(sa.select(Country.code)))
    added = 0
    for code, name, currency, languages in COUNTRIES:
        if code not in existing:
            db.session.add(
                Country(
                    code=code,
                    name=name,
                    currency=currency,
                    languages=languages,
                    time_zone=TIME_ZONES[code],
                    weekend_days=WEEKENDS.get(code, "5,6"),
                )
            )
            added += 1
    db.session.flush()
    return added
