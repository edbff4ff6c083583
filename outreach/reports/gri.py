"""GRI 413 as the standard words it.

413-1 is a figure: the percentage of operations (here: the scope's sites) with (i) social and
(ii) environmental impact assessments, (iii) public disclosure of their results, (iv) local
community development programmes, (v) stakeholder engagement plans, (vi) local community
consultation committees, (vii) works councils and similar bodies, and (viii) formal community
grievance processes. (iv) and (viii) come from what Outreach records; the others from the
site's own fields, which an admin keeps (``outreach.sites.models.Site``).

413-2 lists the operations with significant actual or potential negative impacts on local
communities. Outreach derives it from the period's grievances: a site is listed when at least
``IMPACT_GRIEVANCES`` grievances about an impact on the community (noise, dust, traffic, land,
compensation, safety, environment) were received there, or when more grievances are overdue
there than the dashboard's risk threshold allows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from outreach.activities import counting
from outreach.activities.kinds import ActivityKind, Motivation
from outreach.activities.models import Activity
from outreach.core.i18n import N_
from outreach.core.periods import Period
from outreach.extensions import db
from outreach.feedback.models import Feedback, FeedbackCategory, feedback_category_links

#: feedback categories that name an impact of the works on the community
IMPACT_CATEGORIES = ("noise", "dust", "traffic", "land", "compensation", "safety", "environment")
#: grievances about impacts at one site in the period that make the impact significant
IMPACT_GRIEVANCES = 3

#: the eight parts of 413-1, in the standard's order: key → label (msgid)
PARTS = {
    "social_assessment": N_("Social impact assessments, including gender impact assessments"),
    "environmental_assessment": N_("Environmental impact assessments and ongoing monitoring"),
    "disclosure": N_("Public disclosure of the results of impact assessments"),
    "development_programme": N_("Local community development programmes based on needs"),
    "engagement_plan": N_("Stakeholder engagement plans based on stakeholder mapping"),
    "consultation_committee": N_("Local community consultation committees and processes"),
    "works_council": N_("Works councils, health and safety committees and worker bodies"),
    "grievance_process": N_("Formal local community grievance processes"),
}


@dataclass
class Gri4131Site:
    """One site's answers to the eight parts of 413-1."""

    code: str
    name: str
    social_assessment_on: dt.date | None
    environmental_assessment_on: dt.date | None
    parts: dict[str, bool]


@dataclass
class Gri4132Site:
    """A site with significant actual or potential negative impacts, and why."""

    code: str
    name: str
    #: impact category msgid → grievances received in the period
    impact_grievances: dict[str, int] = field(default_factory=dict)
    overdue_grievances: int = 0


@dataclass
class Gri413:
    sites: list[Gri4131Site] = field(default_factory=list)
    negative_impacts: list[Gri4132Site] = field(default_factory=list)

    def share(self, part: str) -> Decimal | None:
        """The percentage of the scope's sites with this part (None without sites)."""
        if not self.sites:
            return None
        having = sum(1 for s in self.sites if s.parts[part])
        return (Decimal(having) * 100 / len(self.sites)).quantize(Decimal("0.1"))

    @property
    def shares(self) -> list[tuple[str, str, Decimal | None]]:
        """(key, label msgid, percentage) of the eight parts, in the standard's order."""
        return [(key, label, self.share(key)) for key, label in PARTS.items()]


def _development_sites(site_ids, period: Period) -> set[int]:
    """Sites with an approved donation or training given as community investment."""
    return set(
        db.session.scalars(
            sa.select(Activity.site_id)
            .distinct()
            .where(
                counting.counted(),
                Activity.site_id.in_(site_ids),
                Activity.activity_date.between(period.start, period.end),
                Activity.kind.in_([ActivityKind.DONATION, ActivityKind.TRAINING]),
                Activity.motivation == Motivation.COMMUNITY_INVESTMENT,
            )
        )
    )


def _impact_grievances(site_ids, period: Period) -> dict[int, dict[str, int]]:
    """Grievances received in the period about an impact, by site and category name."""
    links = feedback_category_links.c
    rows = db.session.execute(
        sa.select(Feedback.site_id, FeedbackCategory.name, sa.func.count())
        .join(feedback_category_links, links.feedback_id == Feedback.id)
        .join(FeedbackCategory, FeedbackCategory.id == links.category_id)
        .where(
            Feedback.is_deleted.is_(False),
            Feedback.is_grievance.is_(True),
            Feedback.site_id.in_(site_ids),
            Feedback.received_on.between(period.start, period.end),
            FeedbackCategory.key.in_(IMPACT_CATEGORIES),
        )
        .group_by(Feedback.site_id, FeedbackCategory.name)
        .order_by(Feedback.site_id, sa.func.count().desc(), FeedbackCategory.name)
    ).all()
    result: dict[int, dict[str, int]] = {}
    for site_id, name, n in rows:
        result.setdefault(site_id, {})[name] = int(n)
    return result


def gri_413(sites, period: Period, overdue: dict[int, int], overdue_limit: int) -> Gri413:
    """413-1 and 413-2 for the scope's ``sites`` (Site rows) over ``period``; ``overdue`` is the
    dashboard's overdue grievances by site id, ``overdue_limit`` its risk threshold."""
    ids = [s.id for s in sites]
    developing = _development_sites(ids, period)
    impacts = _impact_grievances(ids, period)
    result = Gri413()
    for site in sites:
        social, environmental = site.social_assessment_on, site.environmental_assessment_on
        parts = {
            "social_assessment": social is not None and social <= period.end,
            "environmental_assessment": environmental is not None and environmental <= period.end,
            "disclosure": bool(site.assessment_disclosure_url),
            "development_programme": site.id in developing,
            "engagement_plan": site.engagement_plan,
            "consultation_committee": site.consultation_committee,
            "works_council": site.works_council,
            # every site in Outreach takes grievances through its public page and staff
            # entry, with target times; an archived site takes no new entries
            "grievance_process": not site.archived,
        }
        result.sites.append(Gri4131Site(site.code, site.name, social, environmental, parts))
        by_category = impacts.get(site.id, {})
        late = overdue.get(site.id, 0)
        if sum(by_category.values()) >= IMPACT_GRIEVANCES or late > overdue_limit:
            result.negative_impacts.append(Gri4132Site(site.code, site.name, by_category, late))
    return result
