"""Activities (festivals, donations, consultations, trainings), their files, the review
workflow and commitments."""

from outreach.activities import attachment_views, commitment_views, views  # noqa: F401  - registers the routes
from outreach.activities.blueprint import bp

__all__ = ["bp"]
