"""Community voice: feedback, grievances, perception surveys and the sentiment index."""

from outreach.feedback import grievance_views, public_views, survey_views, views  # noqa: F401  - registers the routes
from outreach.feedback.blueprint import bp, public_bp

__all__ = ["bp", "public_bp"]
