"""What each audience may see of a figure: the one disclosure rule of the dashboards, the
sentiment and survey pages, the impact report (PDF and workbook) and the API.

Staff see every figure. Partners and the public see aggregates only, and no figure from which a
few people's feedback, answers or grievance could be read back. With ``MIN_FEEDBACK_ITEMS``
(configuration, 5 by default) as N, they do not see:

* a sentiment figure (sentiment index, mean sentiment) built from fewer than N scored feedback
  items;
* a perception-survey share or score of a question answered by fewer than N respondents;
* a grievance performance figure built from fewer than N grievances: the share acknowledged on
  time (grievances received), the median and 90th-percentile days to resolve (grievances
  resolved), the satisfaction at closure (grievances closed);
* the grievances of a category with fewer than N of them (a rare complaint at a small site
  points at the one who made it);
* a What works estimate whose outcome rests on fewer than N scored feedback items or survey
  respondents.

Counts stay: feedback and grievances received, resolved, open and overdue, respondents. A figure
says what it is built from (its *basis*, the number of items, answers or grievances); the
callers pass that number and show "—" where ``shown`` returns None.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from flask import current_app

from outreach.core.permissions import can

T = TypeVar("T")


class Audience(StrEnum):
    """Who is shown the figures: staff (all roles but partner), partners, the public."""

    STAFF = "staff"
    PARTNER = "partner"
    PUBLIC = "public"


def audience_of(user) -> Audience:
    """The audience a signed-in user (or an anonymous visitor) belongs to."""
    if not getattr(user, "is_authenticated", False):
        return Audience.PUBLIC
    return Audience.STAFF if can(user, "figures.small_counts") else Audience.PARTNER


def min_items() -> int:
    """N: the fewest feedback items, answers or grievances a figure shown outside is built from."""
    return int(current_app.config["MIN_FEEDBACK_ITEMS"])


def withholds(audience: Audience, basis: int | None) -> bool:
    """Whether ``audience`` may not see a figure built from ``basis`` items (None: a figure not
    built from people's feedback, answers or grievances, shown to everyone)."""
    return audience is not Audience.STAFF and basis is not None and basis < min_items()


def shown(value: T, basis: int | None, audience: Audience) -> T | None:
    """The figure as ``audience`` sees it: None where it is withheld."""
    return None if withholds(audience, basis) else value
