"""Countries and sites."""

from outreach.sites import views  # noqa: F401  - registers the routes
from outreach.sites.blueprint import bp

__all__ = ["bp"]
