"""The start page everyone lands on after signing in; it gathers what waits on the user from
several features, so it sits above them."""

from outreach.home import views  # noqa: F401  - registers the routes
from outreach.home.blueprint import bp

__all__ = ["bp"]
