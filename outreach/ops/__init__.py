"""Operations: the health check for load balancers and monitors, and database backups."""

from outreach.ops import views  # noqa: F401  - registers the routes
from outreach.ops.blueprint import bp

__all__ = ["bp"]
