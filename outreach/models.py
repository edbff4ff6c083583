"""Imports every model so that SQLAlchemy (and Alembic autogenerate) knows the whole schema."""

from outreach.activities.models import (  # noqa: F401
    Activity,
    ActivityAttachment,
    Commitment,
    activity_partners,
)
from outreach.admin.models import OrganisationProfile  # noqa: F401
from outreach.auth.models import (  # noqa: F401
    AccountLink,
    Role,
    SignInSession,
    User,
    user_countries,
    user_sites,
)
from outreach.auth.tokens import AccessToken  # noqa: F401
from outreach.core.audit import AuditEvent  # noqa: F401
from outreach.core.idempotency import IdempotencyKey  # noqa: F401
from outreach.core.money import ExchangeRate  # noqa: F401
from outreach.feedback.models import (  # noqa: F401
    Feedback,
    FeedbackCategory,
    GrievanceEvent,
    SurveyAnswerCounts,
    SurveyRound,
)
from outreach.imports.models import ImportKey, ImportMapping, ImportRun  # noqa: F401
from outreach.jobs.models import Job  # noqa: F401
from outreach.mail.models import SentMail  # noqa: F401
from outreach.notify.models import Notification, NotificationSettings  # noqa: F401
from outreach.reports.models import IssuedReport  # noqa: F401
from outreach.sites.models import Country, CountryHoliday, Site  # noqa: F401
from outreach.stakeholders.models import Stakeholder, stakeholder_sites  # noqa: F401
from outreach.stats.models import ROLLUP_TABLES  # noqa: F401
from outreach.webhooks.models import WebhookDelivery, WebhookEndpoint  # noqa: F401
from outreach.whatworks.models import WhatWorksResult  # noqa: F401
