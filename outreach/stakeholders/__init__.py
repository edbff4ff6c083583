"""The stakeholder register."""

from outreach.stakeholders import views  # noqa: F401  - registers the routes
from outreach.stakeholders.blueprint import bp

__all__ = ["bp"]
