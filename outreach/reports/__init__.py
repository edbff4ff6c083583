"""Impact reports: figures, rendering, issuing, the archive and verification."""

from outreach.reports import views  # noqa: F401  - registers the routes
from outreach.reports.blueprint import bp

__all__ = ["bp"]
