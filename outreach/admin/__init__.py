"""Administration: user accounts, exchange rates and the audit log."""

from outreach.admin import rate_views, views  # noqa: F401  - registers the routes
from outreach.admin.blueprint import bp

__all__ = ["bp"]
