"""Dashboards: where community relations stand, from maintained monthly rollups."""

from outreach.dashboards import views  # noqa: F401  - registers the routes
from outreach.dashboards.blueprint import bp

__all__ = ["bp"]
