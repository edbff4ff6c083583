"""Imports every model so that SQLAlchemy (and Alembic autogenerate) knows the whole schema."""

from outreach.activities.models import (  # noqa: F401
    Activity,
    ActivityAttachment,
    Commitment,
    activity_partners,
)
from outreach.admin.models import OrganisationProfile  # noqa: F401
from outreach.auth.models import (  # noqa: F401
    Role,
    SignInSession,
    User,
    user_countries,
    user_sites,
)
from outreach.core.audit import AuditEvent  # noqa: F401
from outreach.core.money import ExchangeRate  # noqa: F401
from outreach.feedback.models import (  # noqa: F401
    Feedback,
    FeedbackCategory,
    GrievanceEvent,
    SurveyAnswerCounts,
    SurveyRound,
)
from outreach.reports.models import IssuedReport  # noqa: F401
from outreach.sites.models import Country, Site  # noqa: F401
from outreach.stakeholders.models import Stakeholder, stakeholder_sites  # noqa: F401
from outreach.stats.models import ROLLUP_TABLES  # noqa: F401
