"""Every kind of record an import can bring in, by the name used on the command line and in
the pages."""

from __future__ import annotations

from outreach.imports import activity_rows, admin_rows, register_rows
from outreach.imports.kinds import RowKind

KINDS: dict[str, RowKind] = {
    kind.name: kind
    for kind in (
        admin_rows.SITES,
        register_rows.STAKEHOLDERS,
        activity_rows.ACTIVITIES,
        register_rows.COMMITMENTS,
        register_rows.FEEDBACK,
        admin_rows.RATES,
    )
}

#: the names a kind is also known by on the command line
ALIASES = {
    "sites": "site",
    "stakeholders": "stakeholder",
    "activities": "activity",
    "commitments": "commitment",
    "grievances": "feedback",
    "grievance": "feedback",
    "rates": "rate",
    "exchange-rates": "rate",
    "exchange_rates": "rate",
}


def get_kind(name: str) -> RowKind | None:
    name = (name or "").strip().lower()
    return KINDS.get(ALIASES.get(name, name))
